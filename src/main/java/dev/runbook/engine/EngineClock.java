package dev.runbook.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as the engine sees it. Rehearsals pass a clock that compresses waits (--speed): {@link #sleep}
 * and {@link #real} shrink durations, {@link #now} runs fast, and retries, polls and timeouts follow.
 */
public interface EngineClock {
    Instant now();

    /** The wall-clock time that a run-time duration takes (identity for the system clock). */
    default Duration real(Duration d) {
        return d;
    }

    /** Waits for {@code d} (run time) or until {@code token} is cancelled, whichever comes first. */
    default void sleep(Duration d, CancellationToken token) throws InterruptedException {
        token.await(real(d));
    }

    EngineClock SYSTEM = Instant::now;
}
