package dev.runbook.action.aws.sdk;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Cancellation;
import dev.runbook.action.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** An ActionContext for wire tests: settings from a map, sleeps recorded instead of slept. */
final class FakeContext implements ActionContext {
    /** Operations the action reported as accepted by AWS. */
    final List<dev.runbook.action.Operation> accepted = new ArrayList<>();

    @Override
    public void operationAccepted(dev.runbook.action.Operation operation) {
        accepted.add(operation);
    }

    final Map<String, String> settings = new HashMap<>();
    final List<String> progress = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    Duration timeout = Duration.ofMinutes(1);
    Instant deadline;
    /** Sleeps after which the fake reports the deadline as passed (simulates a step timeout); -1 never. */
    int timeoutAfterSleeps = -1;
    /** Sleeps after which the fake cancels (simulates Ctrl-C); -1 never. */
    int cancelAfterSleeps = -1;

    FakeContext(String endpoint) {
        settings.put("aws.endpoint", endpoint);
        settings.put("aws.region", "eu-west-1");
        deadline = Instant.now().plus(timeout);
    }

    @Override public String runId() { return "run-1"; }
    @Override public String stepId() { return "step"; }
    @Override public Duration timeout() { return timeout; }
    @Override public Instant deadline() { return deadline; }
    @Override public boolean dryRun() { return false; }

    @Override
    public Cancellation cancellation() {
        return new Cancellation() {
            @Override public boolean isCancelled() { return cancelled.get(); }
            @Override public AutoCloseable onCancel(Runnable hook) { return () -> { }; }
        };
    }

    @Override public void progress(String message) { progress.add(message); }
    @Override public Optional<String> setting(String key) { return Optional.ofNullable(settings.get(key)); }
    @Override public Map<String, String> environment() { return Map.of(); }
    @Override public Path workDir() { return Path.of("."); }
    @Override public Operator operator() { throw new UnsupportedOperationException("no operator in wire tests"); }

    @Override
    public void sleep(Duration d) throws ActionException {
        sleeps.add(d);
        if (cancelAfterSleeps >= 0 && sleeps.size() > cancelAfterSleeps) {
            cancelled.set(true);
            throw ActionException.cancelled("cancelled");
        }
        if (timeoutAfterSleeps >= 0 && sleeps.size() > timeoutAfterSleeps) throw ActionException.timeout("deadline");
    }

    @Override public String redact(String text) { return text; }
}
