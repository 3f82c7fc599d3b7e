package dev.runbook.action.azure.sdk;

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
import java.util.concurrent.CopyOnWriteArrayList;

/** An ActionContext for wire tests: settings, a deadline, real (short) sleeps, recorded progress and cancellation. */
final class FakeContext implements ActionContext {
    /** Operations the action reported as accepted by Azure. */
    final java.util.List<dev.runbook.action.Operation> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void operationAccepted(dev.runbook.action.Operation operation) {
        accepted.add(operation);
    }

    final Map<String, String> settings = new HashMap<>();
    final Map<String, String> env = new HashMap<>();
    final List<String> progress = new CopyOnWriteArrayList<>();
    final List<Runnable> hooks = new ArrayList<>();
    volatile boolean cancelled;
    Duration timeout = Duration.ofSeconds(20);
    Instant deadline = Instant.now().plus(timeout);
    boolean dryRun;

    FakeContext(String endpoint) {
        settings.put("azure.endpoint", endpoint);
        settings.put("azure.logs-endpoint", endpoint);
        settings.put("azure.subscription", WireTestBase.SUB);
    }

    FakeContext timeout(Duration d) {
        timeout = d;
        deadline = Instant.now().plus(d);
        return this;
    }

    void cancel() {
        cancelled = true;
        List<Runnable> copy;
        synchronized (hooks) {
            copy = List.copyOf(hooks);
        }
        copy.forEach(Runnable::run);
    }

    @Override public String runId() { return "run-1"; }
    @Override public String stepId() { return "step"; }
    @Override public Duration timeout() { return timeout; }
    @Override public Instant deadline() { return deadline; }
    @Override public boolean dryRun() { return dryRun; }

    @Override
    public Cancellation cancellation() {
        return new Cancellation() {
            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public AutoCloseable onCancel(Runnable hook) {
                synchronized (hooks) {
                    hooks.add(hook);
                }
                if (cancelled) hook.run();
                return () -> {
                    synchronized (hooks) {
                        hooks.remove(hook);
                    }
                };
            }
        };
    }

    @Override public void progress(String message) { progress.add(message); }
    @Override public Optional<String> setting(String key) { return Optional.ofNullable(settings.get(key)); }
    @Override public Map<String, String> environment() { return env; }
    @Override public Path workDir() { return Path.of("."); }
    @Override public Operator operator() { throw new UnsupportedOperationException(); }

    @Override
    public void sleep(Duration d) throws ActionException {
        if (cancelled) throw ActionException.cancelled("cancelled");
        if (Instant.now().plus(d).isAfter(deadline)) throw ActionException.timeout("step timed out");
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("interrupted");
        }
    }

    @Override public String redact(String text) { return text; }
}
