package dev.runbook.model;

import java.time.Duration;

/** {@code retry: { attempts, delay, backoff }}: attempts counts every try including the first. */
public record Retry(int attempts, Duration delay, double backoff, SourcePosition pos) {
    public static final Retry NONE = new Retry(1, Duration.ZERO, 1.0, SourcePosition.UNKNOWN);

    /** Delay before try number {@code attempt} (2 = first retry). */
    public Duration delayBefore(int attempt) {
        if (attempt <= 1) return Duration.ZERO;
        double factor = Math.pow(backoff, attempt - 2);
        return Duration.ofMillis((long) (delay.toMillis() * factor));
    }
}
