package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where an operator decision came from (a gate's answer, an in-doubt step's decision, the choice after a failure):
 * journaled as {@code via} by the ids journals have always used. A journal holding any other id is reported as a line
 * that is not a known event (see {@link EventCodec#event}), never guessed at.
 */
public enum Via {
    /** Asked at the terminal and answered there. */
    @JsonProperty("terminal") TERMINAL("terminal"),
    /** {@code --yes}: approves writes, never a destructive step. */
    @JsonProperty("--yes") YES("--yes"),
    /** {@code --approve STEP}. */
    @JsonProperty("--approve") APPROVE("--approve"),
    /** {@code --answers FILE} (or a rehearsal's scenario answers). */
    @JsonProperty("--answers") ANSWERS("--answers"),
    /** Nobody could be asked: no terminal and no scripted answer. */
    @JsonProperty("non-interactive") NON_INTERACTIVE("non-interactive"),
    /** Decided without asking: an in-doubt read step is simply run again. */
    @JsonProperty("automatic (read step)") AUTOMATIC("automatic (read step)"),
    /** The step's own {@code onFailure:}. */
    @JsonProperty("onFailure") ON_FAILURE("onFailure");

    private final String id;

    Via(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The id: so a string joined with a via reads as the journal does. */
    @Override
    public String toString() {
        return id;
    }
}
