package dev.runbook.action;

import java.util.Optional;

/**
 * The Action SPI. Implementations must be safe to call concurrently for different steps.
 * {@link #plan} must never change anything: it is what {@code --dry-run} and the gate call.
 */
public interface Action {
    ActionSpec spec();

    /** Read-only: the current state and what would change. Read actions may return {@link Plan#of}. */
    Plan plan(ActionContext ctx, Args args) throws ActionException;

    /** Does the work and returns the outputs named in {@link ActionSpec#outputs()}. */
    Result execute(ActionContext ctx, Args args) throws ActionException;

    /** The action's own inverse, used when the step has no {@code undo:} of its own. */
    default Optional<UndoHint> undo(Args args, Plan plan, Result result) {
        return Optional.empty();
    }
}
