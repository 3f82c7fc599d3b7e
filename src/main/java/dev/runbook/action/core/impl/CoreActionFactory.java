package dev.runbook.action.core.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFactory;
import dev.runbook.action.ActionSpec;

/** Builds the core actions named by {@link dev.runbook.action.core.CoreSpecs}. */
public final class CoreActionFactory implements ActionFactory {
    @Override
    public Action create(ActionSpec spec) {
        return switch (spec.name()) {
            case "http.check" -> new HttpCheckAction(spec);
            case "shell" -> new ShellAction(spec);
            case "manual" -> new ManualAction(spec);
            case "wait" -> new WaitAction(spec);
            case "assert" -> new AssertAction(spec);
            case "message" -> new MessageAction(spec);
            default -> throw new IllegalArgumentException("not a core action: " + spec.name());
        };
    }
}
