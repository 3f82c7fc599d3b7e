package dev.runbook.rehearse;

import dev.runbook.action.sim.SimClock;
import dev.runbook.engine.CancellationToken;
import dev.runbook.engine.EngineClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The engine's clock in a rehearsal: simulated time that waits compress by {@code --speed}. The engine
 * also uses {@link #real} to bound how long it waits for an action call; that bound keeps a floor of
 * real time (up to {@link #MIN_CALL_WAIT}) so a fast rehearsal never times out a step for want of CPU,
 * and a trainee still has time to answer a manual step's prompt.
 */
public final class SimEngineClock implements EngineClock {
    static final Duration MIN_CALL_WAIT = Duration.ofSeconds(30);

    private final SimClock clock;

    public SimEngineClock(SimClock clock) {
        this.clock = clock;
    }

    public SimClock simClock() {
        return clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Duration real(Duration d) {
        Duration floor = d.compareTo(MIN_CALL_WAIT) < 0 ? d : MIN_CALL_WAIT;
        Duration scaled = clock.real(d);
        return scaled.compareTo(floor) > 0 ? scaled : floor;
    }

    @Override
    public void sleep(Duration d, CancellationToken token) throws InterruptedException {
        clock.sleep(d, token::await);
    }
}
