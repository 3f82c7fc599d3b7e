package dev.runbook.engine.gate;

/** What to do after a step failed (retries exhausted). */
public enum FailureChoice {
    RETRY, SKIP, ABORT, ROLLBACK;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<FailureChoice> parse(String s) {
        for (FailureChoice c : values()) {
            if (c.id().equalsIgnoreCase(s == null ? "" : s.trim())) return java.util.Optional.of(c);
        }
        return java.util.Optional.empty();
    }
}
