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

    /**
     * Read-only: where an operation this action started (and reported as accepted) stands now. Called on resume
     * for a step that is in doubt because of it.
     */
    default Operation.State check(ActionContext ctx, Operation operation) throws ActionException {
        return Operation.State.unknown("this action cannot look it up; check " + operation.id() + " with the provider");
    }

    /**
     * Waits for an operation this action started to finish, as {@link #execute} would have, and returns the step's
     * outputs. Starts nothing new. Called on resume when the operator chooses to wait for it.
     */
    default Result attach(ActionContext ctx, Operation operation) throws ActionException {
        throw ActionException.permanent(spec().name() + " cannot wait for an operation it started earlier",
                "check " + operation.id() + " with the provider, then mark the step done or run it again");
    }

    /** The action's own inverse, used when the step has no {@code undo:} of its own. */
    default Optional<UndoHint> undo(Args args, Plan plan, Result result) {
        return Optional.empty();
    }
}
