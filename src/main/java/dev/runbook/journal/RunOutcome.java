package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a run ended; the CLI maps each to a distinct exit code. */
public enum RunOutcome {
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("aborted") ABORTED,
    @JsonProperty("approval-required") APPROVAL_REQUIRED,
    @JsonProperty("rolled-back") ROLLED_BACK,
    @JsonProperty("rollback-failed") ROLLBACK_FAILED,
    @JsonProperty("interrupted") INTERRUPTED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether {@code runbook resume} may continue a run that ended this way. */
    public boolean resumable() {
        return this == FAILED || this == ABORTED || this == APPROVAL_REQUIRED || this == INTERRUPTED;
    }
}
