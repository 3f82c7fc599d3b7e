package dev.runbook.model;

import java.time.Duration;
import java.util.Optional;

/** Incident severity with its response target (from the seed runbooks). */
public enum Severity {
    P0("critical", Duration.ofMinutes(15)),
    P1("high", Duration.ofHours(1)),
    P2("medium", Duration.ofHours(4)),
    P3("low", Duration.ofHours(24));

    private final String label;
    private final Duration responseTarget;

    Severity(String label, Duration responseTarget) {
        this.label = label;
        this.responseTarget = responseTarget;
    }

    public String label() {
        return label;
    }

    public Duration responseTarget() {
        return responseTarget;
    }

    public static Optional<Severity> parse(String s) {
        for (Severity v : values()) {
            if (v.name().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
