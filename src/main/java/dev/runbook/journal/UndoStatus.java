package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * How one undo ended. Only UNDONE (the action reported success) and NOTHING (there was nothing to revert) mean
 * the change is gone; UNCONFIRMED is a manual undo whose instructions were shown but nobody confirmed doing them;
 * FAILED leaves the change in place; PLANNED is a dry run's. The JSON ids are those journals have always used.
 */
public enum UndoStatus {
    @JsonProperty("undone") UNDONE,
    @JsonProperty("none") NOTHING,
    @JsonProperty("unconfirmed") UNCONFIRMED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("planned") PLANNED;

    public String id() {
        return this == NOTHING ? "none" : name().toLowerCase(Locale.ROOT);
    }

    /** Whether the step's change is known to be reverted (or was never there). */
    public boolean reverted() {
        return this == UNDONE || this == NOTHING;
    }
}
