package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.util.Optional;

/** How one action reads and changes the simulated world. Implementations keep no state of their own. */
public interface SimBehaviour {
    /** Read-only, like {@link dev.runbook.action.Action#plan}: never changes the world. */
    Plan plan(SimCall call) throws ActionException;

    /** Applies the action's effect to the world and returns its outputs. */
    Result execute(SimCall call) throws ActionException;

    default Optional<UndoHint> undo(ActionSpec spec, Args args, Plan plan, Result result) {
        return Optional.empty();
    }
}
