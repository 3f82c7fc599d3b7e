package dev.runbook.model;

import java.util.Locale;
import java.util.Optional;

public enum OnFailure {
    ABORT, CONTINUE, ROLLBACK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OnFailure> parse(String s) {
        for (OnFailure v : values()) {
            if (v.id().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
