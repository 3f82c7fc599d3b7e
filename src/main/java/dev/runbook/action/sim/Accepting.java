package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;

/**
 * A behaviour whose provider accepts the work and then carries it out by itself (a restore, a rotation): the
 * simulated action reports the {@link Operation} as accepted before it waits (the scenario's latency is how long
 * the provider takes), so a Ctrl-C or a timeout during that wait leaves the step in doubt — as the real action does.
 */
final class Accepting implements SimBehaviour {
    private final SimBehaviour inner;
    private final Describe operation;

    /** The operation the provider accepts for a call. */
    @FunctionalInterface
    interface Describe {
        Operation of(SimCall call) throws ActionException;
    }

    private Accepting(SimBehaviour inner, Describe operation) {
        this.inner = inner;
        this.operation = operation;
    }

    static SimBehaviour of(SimBehaviour inner, Describe operation) {
        return new Accepting(inner, operation);
    }

    Operation operation(SimCall call) throws ActionException {
        return operation.of(call);
    }

    @Override
    public Plan plan(SimCall call) throws ActionException {
        return inner.plan(call);
    }

    @Override
    public Result execute(SimCall call) throws ActionException {
        return inner.execute(call);
    }

    @Override
    public java.util.Optional<dev.runbook.action.UndoHint> undo(dev.runbook.action.ActionSpec spec, dev.runbook.action.Args args, Plan plan,
                                                                Result result) {
        return inner.undo(spec, args, plan, result);
    }
}
