package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The operator's answer at a gate: run it, skip this step, or abort the run. Journaled as {@code gate.answer}'s
 * {@code answer}, by the ids journals have always used; a journal holding any other answer is reported as a line that is
 * not a known event (see {@link EventCodec#event}), never guessed at.
 */
public enum GateAnswer {
    @JsonProperty("approve") APPROVE,
    @JsonProperty("skip") SKIP,
    @JsonProperty("abort") ABORT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The id: so a string joined with an answer reads as the journal does. */
    @Override
    public String toString() {
        return id();
    }
}
