package dev.runbook.model;

import java.util.Locale;
import java.util.Optional;

/** The phases of a runbook, in the order the YAML names them. */
public enum Phase {
    DIAGNOSE, RESOLVE, VERIFY, ROLLBACK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Phase> parse(String s) {
        for (Phase p : values()) {
            if (p.id().equals(s)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
