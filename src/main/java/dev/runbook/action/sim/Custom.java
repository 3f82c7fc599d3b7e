package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.util.Optional;

/** A behaviour written as functions, for actions whose effect is more than setting properties. */
final class Custom implements SimBehaviour {
    @FunctionalInterface
    interface PlanFn {
        Plan plan(SimCall call) throws ActionException;
    }

    @FunctionalInterface
    interface ExecFn {
        Result execute(SimCall call) throws ActionException;
    }

    @FunctionalInterface
    interface UndoFn {
        Optional<UndoHint> undo(ActionSpec spec, Args args, Plan plan, Result result);
    }

    private final PlanFn plan;
    private final ExecFn exec;
    private final UndoFn undo;

    Custom(PlanFn plan, ExecFn exec, UndoFn undo) {
        this.plan = plan;
        this.exec = exec;
        this.undo = undo;
    }

    Custom(PlanFn plan, ExecFn exec) {
        this(plan, exec, (s, a, p, r) -> Optional.empty());
    }

    @Override
    public Plan plan(SimCall call) throws ActionException {
        return plan.plan(call);
    }

    @Override
    public Result execute(SimCall call) throws ActionException {
        return exec.execute(call);
    }

    @Override
    public Optional<UndoHint> undo(ActionSpec spec, Args args, Plan p, Result r) {
        return undo.undo(spec, args, p, r);
    }
}
