package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a step ended. PLANNED: a dry run recorded the plan (or predicted outputs) instead of running it. */
public enum StepStatus {
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("skipped") SKIPPED,
    @JsonProperty("planned") PLANNED,
    @JsonProperty("cancelled") CANCELLED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
