package dev.runbook.graph;

import dev.runbook.model.SourcePosition;

/** Something that makes the step graph unusable or surprising; {@code check} turns these into diagnostics. */
public record GraphProblem(Kind kind, String stepId, SourcePosition pos, String message, String hint) {
    public enum Kind {
        /** {@code needs} names no step of the runbook. */
        UNKNOWN_NEED,
        /** {@code needs} form a cycle; the message holds the path. */
        CYCLE,
        /** A step waits for a step of a later phase, which cannot have run yet. */
        NEED_LATER_PHASE,
        /** A step waits (transitively) for a step in a cycle, so it can never start. */
        UNREACHABLE
    }
}
