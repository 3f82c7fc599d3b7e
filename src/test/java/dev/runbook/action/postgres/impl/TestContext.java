package dev.runbook.action.postgres.impl;

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

/** A minimal ActionContext for driving actions directly: a real deadline, a real cancellation, a chosen environment. */
final class TestContext implements ActionContext {
    final List<String> progress = new CopyOnWriteArrayList<>();
    final TestCancellation cancellation = new TestCancellation();
    private final Duration timeout;
    private final Instant deadline;
    private final Map<String, String> env;
    private final Path workDir;
    private final List<String> secrets = new ArrayList<>();

    TestContext(Duration timeout, Map<String, String> env, Path workDir) {
        this.timeout = timeout;
        this.deadline = Instant.now().plus(timeout);
        this.env = env;
        this.workDir = workDir;
    }

    static TestContext of(Duration timeout) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return new TestContext(timeout, env, Path.of("").toAbsolutePath());
    }

    static TestContext withEnv(Duration timeout, Map<String, String> env, Path workDir) {
        return new TestContext(timeout, env, workDir);
    }

    TestContext secret(String s) {
        secrets.add(s);
        return this;
    }

    @Override public String runId() { return "test-run"; }
    @Override public String stepId() { return "step"; }
    @Override public Duration timeout() { return timeout; }
    @Override public Instant deadline() { return deadline; }
    @Override public boolean dryRun() { return false; }
    @Override public Cancellation cancellation() { return cancellation; }
    @Override public void progress(String message) { progress.add(message); }
    @Override public Optional<String> setting(String key) { return Optional.empty(); }
    @Override public Map<String, String> environment() { return env; }
    @Override public Path workDir() { return workDir; }
    @Override public Operator operator() { throw new UnsupportedOperationException("postgres actions never ask the operator"); }

    @Override
    public void sleep(Duration d) throws ActionException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("interrupted");
        }
        cancellation.check();
    }

    @Override
    public String redact(String text) {
        String out = text;
        for (String s : secrets) out = out.replace(s, "***");
        return out;
    }

    static final class TestCancellation implements Cancellation {
        private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
        private volatile boolean cancelled;

        void cancel() {
            cancelled = true;
            hooks.forEach(Runnable::run);
        }

        @Override public boolean isCancelled() { return cancelled; }

        @Override
        public AutoCloseable onCancel(Runnable hook) {
            if (cancelled) hook.run();
            hooks.add(hook);
            return () -> hooks.remove(hook);
        }
    }
}
