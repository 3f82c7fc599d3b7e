package dev.runbook.action.aws.sdk;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.Map;

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

    @Override
    public final Operation.State check(ActionContext ctx, Operation op) throws ActionException {
        return check(new AwsCall(ctx, Args.of(opArgs(op)), clients), op);
    }

    @Override
    public final Result attach(ActionContext ctx, Operation op) throws ActionException {
        return attach(new AwsCall(ctx, Args.of(opArgs(op)), clients), op);
    }

    /** The arguments the check of an accepted operation needs, from its id (the call has no step arguments then). */
    Map<String, Object> opArgs(Operation op) {
        return Map.of();
    }

    /** Where an operation this action started stands; only actions that report accepted operations override it. */
    Operation.State check(AwsCall c, Operation op) throws ActionException {
        return Operation.State.unknown("check " + op.id() + " with the AWS console or CLI");
    }

    /** Waits for an operation this action started; only actions that report accepted operations override it. */
    Result attach(AwsCall c, Operation op) throws ActionException {
        throw ActionException.permanent(spec.name() + " cannot wait for an operation it started earlier");
    }

    /**
     * Runs {@code waiting} (polls after the provider accepted {@code op}); if runbook stops waiting (cancel, timeout)
     * the operation goes on in AWS, so the failure says so and the step stays in doubt.
     */
    static <T> T awaitAccepted(Operation op, Waiting<T> waiting) throws ActionException {
        try {
            return waiting.run();
        } catch (ActionException e) {
            if (e.kind() == ActionException.Kind.CANCELLED || e.kind() == ActionException.Kind.TIMEOUT) throw ActionException.unfinished(op, e);
            throw e;
        }
    }

    @FunctionalInterface
    interface Waiting<T> {
        T run() throws ActionException;
    }

    /** Read-only. Read actions have nothing to predict: a dry run performs them for real. */
    Plan plan(AwsCall c) throws ActionException {
        return Plan.of(spec.description());
    }

    abstract Result execute(AwsCall c) throws ActionException;
}
