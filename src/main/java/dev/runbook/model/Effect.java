package dev.runbook.model;

import java.util.Locale;
import java.util.Optional;

/** What a step does to the world. Ordered: a later constant is more dangerous. */
public enum Effect {
    READ, WRITE, DESTRUCTIVE;

    public boolean mutates() {
        return this != READ;
    }

    public boolean atLeast(Effect other) {
        return compareTo(other) >= 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Effect> parse(String s) {
        for (Effect e : values()) {
            if (e.id().equals(s)) return Optional.of(e);
        }
        return Optional.empty();
    }
}
