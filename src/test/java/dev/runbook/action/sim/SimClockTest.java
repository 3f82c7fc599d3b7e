package dev.runbook.action.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SimClockTest {
    private final InstantSource frozen = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void sequential_sleeps_add_up_without_real_waiting() throws Exception {
        SimClock clock = new SimClock(frozen, Double.POSITIVE_INFINITY);
        long started = System.nanoTime();
        clock.sleep(Duration.ofMinutes(5));
        clock.sleep(Duration.ofSeconds(30));
        assertThat(Duration.between(frozen.instant(), clock.instant())).isEqualTo(Duration.ofSeconds(330));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void parallel_sleeps_overlap_instead_of_adding_up() throws Exception {
        SimClock clock = new SimClock(InstantSource.system(), 200);
        Instant start = clock.instant();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> sleepWith(together, clock, Duration.ofSeconds(60)));
            Future<?> b = pool.submit(() -> sleepWith(together, clock, Duration.ofSeconds(60)));
            a.get();
            b.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(90));
    }

    @Test
    void finite_speed_compresses_real_waiting() throws Exception {
        SimClock clock = new SimClock(InstantSource.system(), 1000);
        Instant before = clock.instant();
        long started = System.nanoTime();
        clock.sleep(Duration.ofSeconds(20));
        Duration real = Duration.ofNanos(System.nanoTime() - started);
        assertThat(real).isGreaterThanOrEqualTo(Duration.ofMillis(20)).isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void rejects_speed_below_one() {
        assertThatThrownBy(() -> new SimClock(frozen, 0.5)).hasMessageContaining("at least 1");
    }

    private static Void sleepWith(CyclicBarrier together, SimClock clock, Duration d) throws Exception {
        together.await();
        clock.sleep(d);
        return null;
    }
}
