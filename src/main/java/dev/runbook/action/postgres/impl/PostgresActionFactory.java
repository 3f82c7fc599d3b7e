package dev.runbook.action.postgres.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFactory;
import dev.runbook.action.ActionSpec;

/** Builds the postgres.* actions; loaded only when a runbook runs one of them. */
public final class PostgresActionFactory implements ActionFactory {
    @Override
    public Action create(ActionSpec spec) {
        return switch (spec.name()) {
            case "postgres.query" -> new QueryAction(spec);
            case "postgres.connections" -> new ConnectionsAction(spec);
            case "postgres.blocking" -> new BlockingAction(spec);
            case "postgres.long-running" -> new LongRunningAction(spec);
            case "postgres.cancel" -> new SignalAction(spec, false);
            case "postgres.terminate" -> new SignalAction(spec, true);
            case "postgres.dump" -> new DumpAction(spec);
            case "postgres.whoami" -> new WhoAmIAction(spec);
            default -> throw new IllegalArgumentException("the postgres provider has no action " + spec.name());
        };
    }
}
