package dev.runbook.action.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The rehearsal's clock: real time plus the waiting that {@code --speed} skipped. A sleep of
 * {@code d} takes {@code d / speed} of real time (none at infinite speed) and then moves the clock
 * so that {@code d} has passed. Parallel sleeps overlap as they would for real: two steps waiting
 * 30 s side by side advance the clock by 30 s, not 60 s. Time spent at gates passes at real speed.
 * At infinite speed nothing really overlaps, so waits of parallel steps may add up: the debrief's
 * time then errs on the long side.
 */
public final class SimClock implements InstantSource {
    private final InstantSource real;
    private final double speed;
    private Duration skipped = Duration.ZERO;

    /** @param speed how many times faster than real time waits pass; {@link Double#POSITIVE_INFINITY} for no waiting */
    public SimClock(InstantSource real, double speed) {
        if (!(speed >= 1)) throw new IllegalArgumentException("speed must be at least 1, got " + speed);
        this.real = real;
        this.speed = speed;
    }

    public static SimClock noWaiting() {
        return new SimClock(InstantSource.system(), Double.POSITIVE_INFINITY);
    }

    public double speed() {
        return speed;
    }

    @Override
    public synchronized Instant instant() {
        return real.instant().plus(skipped);
    }

    /**
     * Sets the simulated time to {@code t} (forwards or back): a resumed rehearsal goes on in the simulated time where
     * it stopped, and its replay passes each recorded event at the simulated time it happened.
     */
    public synchronized void jumpTo(Instant t) {
        skipped = Duration.between(real.instant(), t);
    }

    /** Waits in real time; returns true when the wait was cut short (cancelled). */
    @FunctionalInterface
    public interface Waiter {
        boolean await(Duration real) throws InterruptedException;
    }

    /** The real time a simulated duration takes at this speed. */
    public Duration real(Duration d) {
        return Double.isInfinite(speed) ? Duration.ZERO : Duration.ofNanos((long) (d.toNanos() / speed));
    }

    /** Waits {@code d} of simulated time. */
    public void sleep(Duration d) throws InterruptedException {
        sleep(d, real -> {
            long nanos = real.toNanos();
            if (nanos > 0) Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return false;
        });
    }

    /**
     * Waits {@code d} of simulated time with {@code waiter} doing the real waiting (e.g. a cancellation
     * token's await). A cut-short wait moves the clock only by the real time that passed.
     */
    public void sleep(Duration d, Waiter waiter) throws InterruptedException {
        if (d.isNegative() || d.isZero()) return;
        Instant target = instant().plus(d);
        boolean cut = waiter.await(real(d));
        if (Thread.interrupted()) throw new InterruptedException();
        if (cut) return;
        synchronized (this) {
            Duration behind = Duration.between(real.instant().plus(skipped), target);
            if (behind.isNegative() || behind.isZero()) return;
            skipped = skipped.plus(behind);
        }
    }
}
