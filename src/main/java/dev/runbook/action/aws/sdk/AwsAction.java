package dev.runbook.action.aws.sdk;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;

/** Base of every aws.* action: builds the per-invocation {@link AwsCall}. Read actions plan nothing. */
abstract class AwsAction implements Action {
    private final ActionSpec spec;
    private final AwsClients clients;

    AwsAction(ActionSpec spec, AwsClients clients) {
        this.spec = spec;
        this.clients = clients;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public final Plan plan(ActionContext ctx, Args args) throws ActionException {
        return plan(new AwsCall(ctx, args, clients));
    }

    @Override
    public final Result execute(ActionContext ctx, Args args) throws ActionException {
        return execute(new AwsCall(ctx, args, clients));
    }

    /** Read-only. Read actions have nothing to predict: a dry run performs them for real. */
    Plan plan(AwsCall c) throws ActionException {
        return Plan.of(spec.description());
    }

    abstract Result execute(AwsCall c) throws ActionException;
}
