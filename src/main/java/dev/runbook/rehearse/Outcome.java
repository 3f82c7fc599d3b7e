package dev.runbook.rehearse;

import java.util.Optional;

/** How a rehearsal is expected to end, in the scenario's words. */
public enum Outcome {
    RESOLVED("resolved"), ROLLED_BACK("rolled-back"), FAILED("failed"), ABORTED("aborted");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Outcome> parse(String s) {
        for (Outcome o : values()) {
            if (o.id.equals(s)) return Optional.of(o);
        }
        return Optional.empty();
    }
}
