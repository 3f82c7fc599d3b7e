package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * What kind of failure ended a step ({@code step.end}'s {@code errorKind}), by the ids journals have always used: a
 * transient one may pass on a retry, a permanent one will not, a timeout was cancelled when its time ran out, a
 * cancelled step was stopped (an interrupt), and an unfinished one is work the provider accepted that did not end. A
 * journal holding any other id is reported as a line that is not a known event (see {@link EventCodec#event}).
 */
public enum ErrorKind {
    @JsonProperty("TRANSIENT") TRANSIENT,
    @JsonProperty("PERMANENT") PERMANENT,
    @JsonProperty("TIMEOUT") TIMEOUT,
    @JsonProperty("CANCELLED") CANCELLED,
    @JsonProperty("UNFINISHED") UNFINISHED;

    /** The JSON id, as {@code --output json} and the journal carry it. */
    public String id() {
        return name();
    }

    /** How people read it: "transient", "timeout". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
