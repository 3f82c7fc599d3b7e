package dev.runbook.engine.gate;

/**
 * On resume, for a mutating step that started but never ended: run it again, count it as done, or stop; or, for a
 * step whose provider accepted an operation that may still be going on, wait for that operation (ATTACH).
 */
public enum InDoubtChoice {
    RERUN, DONE, ABORT, ATTACH;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<InDoubtChoice> parse(String s) {
        for (InDoubtChoice c : values()) {
            if (c.id().equalsIgnoreCase(s == null ? "" : s.trim())) return java.util.Optional.of(c);
        }
        return java.util.Optional.empty();
    }
}
