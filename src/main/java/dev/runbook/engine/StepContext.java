package dev.runbook.engine;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Cancellation;
import dev.runbook.action.Operation;
import dev.runbook.action.Operator;
import dev.runbook.journal.RunEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The {@link ActionContext} of one call of plan/execute/undo. */
final class StepContext implements ActionContext {
    private final String runId;
    private final String stepId;
    private final Duration timeout;
    private final Instant deadline;
    private final boolean dryRun;
    private final CancellationToken token;
    private final Consumer<String> progress;
    private final EngineOptions options;
    private final Operator operator;
    private final Consumer<RunEvent> events;

    StepContext(String runId, String stepId, Duration timeout, boolean dryRun, CancellationToken token,
                Consumer<String> progress, EngineOptions options, Operator operator) {
        this(runId, stepId, timeout, dryRun, token, progress, options, operator, e -> { });
    }

    /** @param events where the step's journaled events go (its processes) */
    StepContext(String runId, String stepId, Duration timeout, boolean dryRun, CancellationToken token,
                Consumer<String> progress, EngineOptions options, Operator operator, Consumer<RunEvent> events) {
        this.events = events;
        this.runId = runId;
        this.stepId = stepId;
        this.timeout = timeout;
        this.deadline = options.clock().now().plus(timeout);
        this.dryRun = dryRun;
        this.token = token;
        this.progress = progress;
        this.options = options;
        this.operator = operator;
    }

    CancellationToken token() {
        return token;
    }

    @Override
    public String runId() {
        return runId;
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
        return dryRun;
    }

    @Override
    public Cancellation cancellation() {
        return token;
    }

    @Override
    public void progress(String message) {
        progress.accept(message);
    }

    @Override
    public void processStarted(long pid, String command) {
        String started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Object::toString).orElse(null);
        events.accept(new RunEvent.StepProcess(stepId, pid, started, options.redactor().redact(command)));
    }

    @Override
    public void operationAccepted(Operation op) {
        events.accept(new RunEvent.StepAccepted(stepId, op.kind(), op.id(), options.redactor().redact(op.description())));
    }

    @Override
    public Optional<String> setting(String key) {
        return Optional.ofNullable(options.settings().get(key));
    }

    @Override
    public Map<String, String> environment() {
        return options.environment();
    }

    @Override
    public Path workDir() {
        return options.workDir();
    }

    @Override
    public Operator operator() {
        return operator;
    }

    @Override
    public void sleep(Duration d) throws ActionException {
        Duration left = Duration.between(options.clock().now(), deadline);
        boolean pastDeadline = d.compareTo(left) > 0;
        try {
            options.clock().sleep(pastDeadline ? left : d, token);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("interrupted while waiting");
        }
        if (token.isCancelled()) {
            throw token.reason() == CancellationToken.Reason.TIMEOUT
                    ? ActionException.timeout("timed out after " + dev.runbook.model.Durations.format(timeout))
                    : ActionException.cancelled("cancelled");
        }
        if (pastDeadline) throw ActionException.timeout("timed out after " + dev.runbook.model.Durations.format(timeout));
    }

    @Override
    public String redact(String text) {
        return options.redactor().redact(text);
    }

    @Override
    public String cut(String text, int max) {
        return options.redactor().cut(text, max);
    }
}
