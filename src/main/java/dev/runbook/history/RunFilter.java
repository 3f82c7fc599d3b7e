package dev.runbook.history;

import java.time.Instant;
import java.util.Locale;

/** Which runs {@code runbook runs} lists; null fields match everything. */
public record RunFilter(String runbook, String outcome, Instant since, Instant until, String incident) {
    public static final RunFilter ALL = new RunFilter(null, null, null, null, null);

    /**
     * @throws IllegalArgumentException naming the allowed values when {@code outcome} is not one
     */
    public RunFilter {
        if (outcome != null && !Outcomes.ids().contains(outcome.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown outcome '" + outcome + "'; use one of " + String.join(", ", Outcomes.ids()));
        }
    }

    public boolean matches(RunSummary r) {
        if (runbook != null && !runbook.equals(r.runbook())) return false;
        if (incident != null && (r.incident() == null || !r.incident().equalsIgnoreCase(incident))) return false;
        if (outcome != null && !matchesOutcome(r)) return false;
        if (since != null && (r.started() == null || r.started().isBefore(since))) return false;
        if (until != null && (r.started() == null || !r.started().isBefore(until))) return false;
        return true;
    }

    private boolean matchesOutcome(RunSummary r) {
        String want = outcome.toLowerCase(Locale.ROOT);
        if (want.equals(Outcomes.DAMAGED)) return r.integrity() != Integrity.INTACT;
        return r.status().equals(want);
    }
}
