package dev.runbook.action.sim;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Cancellation;
import dev.runbook.action.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An ActionContext on a SimClock: sleeps advance simulated time only, and run out at the deadline like the engine's. */
final class TestContext implements ActionContext {
    final SimClock clock;
    final String stepId;
    final Duration timeout;
    final Instant deadline;
    final List<String> progress = new ArrayList<>();
    final List<dev.runbook.action.Operation> accepted = new ArrayList<>();

    @Override
    public void operationAccepted(dev.runbook.action.Operation operation) {
        accepted.add(operation);
    }

    TestContext(SimClock clock, String stepId, Duration timeout) {
        this.clock = clock;
        this.stepId = stepId;
        this.timeout = timeout;
        this.deadline = clock.instant().plus(timeout);
    }

    @Override
    public String runId() {
        return "test-run";
    }

    @Override
    public String stepId() {
        return stepId;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public boolean dryRun() {
        return false;
    }

    @Override
    public Cancellation cancellation() {
        return new Cancellation() {
            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public AutoCloseable onCancel(Runnable hook) {
                return () -> {};
            }
        };
    }

    @Override
    public void progress(String message) {
        progress.add(message);
    }

    @Override
    public Optional<String> setting(String key) {
        return Optional.empty();
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public Path workDir() {
        return Path.of(".");
    }

    @Override
    public Operator operator() {
        throw new UnsupportedOperationException("no operator in these tests");
    }

    @Override
    public void sleep(Duration d) throws ActionException {
        Duration left = Duration.between(clock.instant(), deadline);
        try {
            if (d.compareTo(left) >= 0) {
                clock.sleep(left);
                throw ActionException.timeout("step timed out after " + timeout);
            }
            clock.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("interrupted");
        }
    }

    @Override
    public String redact(String text) {
        return text;
    }
}
