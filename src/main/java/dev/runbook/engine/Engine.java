package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.OutputSpec;
import dev.runbook.action.ParamSpec;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import dev.runbook.engine.gate.FailureChoice;
import dev.runbook.engine.gate.FailureRequest;
import dev.runbook.engine.gate.GateAnswer;
import dev.runbook.engine.gate.GateKeeper;
import dev.runbook.engine.gate.GateRequest;
import dev.runbook.engine.gate.InDoubtChoice;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunEvent.ApprovalRequired.Approval;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Durations;
import dev.runbook.model.Effect;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Retry;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one runbook: phases in order, steps in parallel as their needs allow, every mutating step through its
 * gate, retries, timeouts that cancel the work, failure handling, rollback, and every event journaled (and
 * fsynced) before the action it announces. It prints nothing: listeners render the events.
 * One Engine performs one run; {@link #interrupt()} may be called from another thread (Ctrl-C).
 */
public final class Engine {
    private final EngineOptions o;
    private final Object promptLock = new Object();
    /** Per step, the time spent at its gate so far: taken off the step's elapsed time. */
    private final Map<String, Duration> gateWait = new ConcurrentHashMap<>();
    private final Object emitLock = new Object();
    private final ExecutorService actionThreads = Executors.newCachedThreadPool(daemon("runbook-action"));
    private final Map<String, StepState> ended = new ConcurrentHashMap<>();
    private final List<String> succeededResolve = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> tainted = ConcurrentHashMap.newKeySet();
    private final Set<String> scriptedRetryUsed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    private volatile CancellationToken token = new CancellationToken();
    private volatile boolean interrupted;
    private volatile boolean stopped;
    private RunRequest req;
    private Journal journal;
    private Runbook rb;
    private Set<String> stepIds = Set.of();
    private StepOrder order;
    private Evaluator eval;
    private volatile String lastFailure;

    private enum Directive { CONTINUE, RETRY, FAIL, ABORT, ROLLBACK, INTERRUPT }

    /** How a step ended, with what later steps and undo need. */
    private record StepState(StepStatus status, Map<String, Object> outputs, Map<String, Object> before,
                             Args args, Plan plan, Result result) {}

    public Engine(EngineOptions options) {
        this.o = options;
    }

    /** First Ctrl-C: stop scheduling, cancel running steps (their hooks kill the work), journal it. */
    public void interrupt() {
        if (interrupted) return;
        interrupted = true;
        if (journal != null) emit(new RunEvent.Interrupted("interrupted by the operator (Ctrl-C)"));
        token.cancel(CancellationToken.Reason.INTERRUPT);
    }

    /**
     * Second Ctrl-C, just before the process halts: kills the running steps' work (process trees, HTTP exchanges)
     * at once so nothing outlives the run, and journals nothing (the last event may be cut short; readers drop it).
     */
    public void stopWork() {
        stopped = true;
        token.cancelAndWait(CancellationToken.Reason.INTERRUPT, Duration.ofSeconds(2));
    }

    public RunResult run(RunRequest request, Journal journal) {
        this.req = request;
        this.journal = journal;
        this.rb = request.runbook();
        this.stepIds = stepIdsOf(rb);
        try {
            this.order = o.order().apply(rb);
        } catch (IllegalArgumentException e) {
            return new RunResult(req.runId(), RunOutcome.FAILED, e.getMessage(), Map.of(), List.of(), Map.of());
        }
        Set<String> secretNames = new LinkedHashSet<>();
        for (Parameter p : rb.parameters().values()) {
            if (p.secret()) {
                secretNames.add(p.name());
                Object v = request.params().get(p.name());
                if (v != null) o.redactor().add(String.valueOf(v));
            }
        }
        this.eval = new Evaluator(secretNames, tainted, o.redactor());
        Instant start = o.clock().now();
        try {
            return finish(start, execute(secretNames));
        } catch (JournalException e) {
            return new RunResult(req.runId(), RunOutcome.FAILED, o.redactor().redact(e.getMessage()), statuses(), List.of(), outputs());
        } finally {
            actionThreads.shutdownNow();
        }
    }

    private record Ending(RunOutcome outcome, String message, List<Approval> refused) {
        Ending(RunOutcome outcome, String message) {
            this(outcome, message, List.of());
        }
    }

    private RunResult finish(Instant start, Ending e) {
        long ms = Duration.between(start, o.clock().now()).toMillis();
        String message = o.redactor().redact(e.message());
        emit(new RunEvent.RunFinished(e.outcome(), ms, message));
        return new RunResult(req.runId(), e.outcome(), message, statuses(), e.refused(), outputs());
    }

    private Ending execute(Set<String> secretNames) {
        if (req.resume() == null) {
            Map<String, Object> shownParams = new LinkedHashMap<>();
            req.params().forEach((k, v) -> shownParams.put(k, secretNames.contains(k) ? "***" : v));
            emit(new RunEvent.RunStarted(req.runId(), rb.id(), rb.title(), rb.severity() == null ? null : rb.severity().name(),
                    rb.severity() == null ? null : Durations.format(rb.severity().responseTarget()), req.runbookPath(),
                    req.runbookSha256(), shownParams, List.copyOf(secretNames), o.user(), o.host(), req.mode().id(), o.parallel(),
                    req.incident(), req.scenario()));
        } else {
            emit(new RunEvent.RunResumed(req.runId(), o.user(), o.host(), req.runbookSha256(), req.forced()));
        }
        for (Step s : rb.allSteps()) {
            if (o.actions().spec(s.uses()).isEmpty()) {
                return new Ending(RunOutcome.FAILED, "step '" + s.id() + "' (" + s.pos() + ") uses unknown action '" + s.uses()
                        + "'; run 'runbook validate' to see every problem");
            }
        }
        if (req.resume() != null) {
            Optional<Ending> stop = restore(req.resume());
            if (stop.isPresent()) return stop.get();
        }
        if (!req.mode().dry()) {
            List<Approval> refused = o.gates().preflight(candidates());
            if (!refused.isEmpty()) {
                emit(new RunEvent.ApprovalRequired(refused));
                StringBuilder sb = new StringBuilder("approval required before anything changes; no step has run. Steps that need approval:");
                for (Approval a : refused) sb.append("\n  ").append(a.step()).append(" (").append(a.effect()).append("): ").append(a.how());
                return new Ending(RunOutcome.APPROVAL_REQUIRED, sb.toString(), refused);
            }
        }
        Directive d = Directive.CONTINUE;
        for (Phase phase : List.of(Phase.DIAGNOSE, Phase.RESOLVE, Phase.VERIFY)) {
            d = runPhase(phase);
            if (d != Directive.CONTINUE) break;
        }
        return switch (d) {
            case CONTINUE, RETRY -> new Ending(RunOutcome.SUCCEEDED, summary());
            case FAIL -> new Ending(RunOutcome.FAILED, lastFailure != null ? lastFailure : "a step failed");
            case ABORT -> new Ending(RunOutcome.ABORTED, "aborted by the operator" + (lastFailure != null ? " after: " + lastFailure : ""));
            case ROLLBACK -> rollback(lastFailure != null ? lastFailure : "rollback requested");
            case INTERRUPT -> afterInterrupt();
        };
    }

    private Ending afterInterrupt() {
        List<String> undoable = undoOrder();
        boolean roll = false;
        if (!undoable.isEmpty() || !order.steps(Phase.ROLLBACK).isEmpty()) {
            String scripted = o.gates().answers().interrupt();
            if (scripted != null) {
                roll = scripted.equals("rollback");
            } else if (o.gates().interaction().interactive()) {
                synchronized (promptLock) {
                    roll = o.gates().interaction().offerRollback("interrupted", undoable);
                }
            }
        }
        if (roll) return rollback("interrupted by the operator");
        return new Ending(RunOutcome.INTERRUPTED, "interrupted; the journal is complete. Continue with: runbook resume " + req.runId());
    }

    /** Whether resume keeps a step that ended this way (outputs restored, not run again); otherwise it runs again. */
    public static boolean keptOnResume(StepStatus status, Step step) {
        return switch (status) {
            case SUCCEEDED, SKIPPED -> true;
            case FAILED -> step.onFailureOrDefault() == OnFailure.CONTINUE;
            case PLANNED, CANCELLED -> false;
        };
    }

    private Optional<Ending> restore(RunHistory h) {
        for (RunHistory.StepRecord r : h.steps().values()) {
            Optional<Step> step = rb.step(r.step());
            if (step.isEmpty()) continue;
            if (!keptOnResume(r.status(), step.get())) continue;
            ended.put(r.step(), new StepState(r.status(), r.outputs(), r.before(), null, null, null));
            if (r.status() == StepStatus.SUCCEEDED && step.get().phase() == Phase.RESOLVE) succeededResolve.add(r.step());
        }
        for (String id : h.inDoubt()) {
            Optional<Step> step = rb.step(id);
            if (step.isEmpty()) continue;
            Effect effect = effectOf(step.get());
            InDoubtChoice c;
            String via;
            if (!effect.mutates()) {
                c = InDoubtChoice.RERUN;
                via = "automatic (read step)";
            } else if (o.gates().answers().inDoubt(id).isPresent()) {
                c = o.gates().answers().inDoubt(id).get();
                via = "--answers";
            } else if (o.gates().interaction().interactive()) {
                synchronized (promptLock) {
                    c = o.gates().interaction().inDoubt(id, step.get().displayTitle(), effect);
                }
                via = "terminal";
            } else {
                emit(new RunEvent.InDoubtDecision(id, "undecided", "non-interactive", o.user()));
                return Optional.of(new Ending(RunOutcome.APPROVAL_REQUIRED, "step '" + id + "' (" + effect.id()
                        + ") started but never finished, so it may or may not have changed something. Decide in a terminal,"
                        + " or with --answers FILE containing 'inDoubt: { " + id + ": rerun }' (or done, or abort)",
                        List.of(new Approval(id, effect.id(), step.get().phase().id(), "--answers inDoubt: " + id + ": rerun|done|abort"))));
            }
            emit(new RunEvent.InDoubtDecision(id, c.id(), via, o.user()));
            switch (c) {
                case ABORT -> {
                    return Optional.of(new Ending(RunOutcome.ABORTED, "aborted: step '" + id + "' is in doubt"));
                }
                case DONE -> {
                    ended.put(id, new StepState(StepStatus.SUCCEEDED, Map.of(), Map.of(), null, null, null));
                    if (step.get().phase() == Phase.RESOLVE) succeededResolve.add(id);
                    emit(new RunEvent.StepFinished(id, step.get().phase().id(), StepStatus.SUCCEEDED, Map.of(), Map.of(), 0,
                            "marked done by the operator on resume (outputs unknown)", null, null, null));
                }
                case RERUN -> { }
            }
        }
        return Optional.empty();
    }

    private List<GateKeeper.Candidate> candidates() {
        List<GateKeeper.Candidate> out = new ArrayList<>();
        for (Step s : rb.allSteps()) {
            if (ended.containsKey(s.id())) continue;
            Effect e = effectOf(s);
            if (e.mutates()) out.add(new GateKeeper.Candidate(s.id(), s.phase(), e));
        }
        return out;
    }

    // ---- scheduling

    private Directive runPhase(Phase phase) {
        List<Step> steps = order.steps(phase);
        Map<String, Step> pending = new LinkedHashMap<>();
        Set<String> done = new HashSet<>();
        for (Step s : steps) {
            if (ended.containsKey(s.id())) done.add(s.id());
            else pending.put(s.id(), s);
        }
        if (pending.isEmpty()) return Directive.CONTINUE;
        // Each pending step counts the steps it still waits for, and a step that ends counts down its dependents: a
        // scan of every pending step after each end made a chain of n steps cost n^2/2 set checks.
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) index.putIfAbsent(steps.get(i).id(), i);
        int[] waiting = new int[steps.size()];
        Map<String, List<Integer>> dependents = new HashMap<>();
        TreeSet<Integer> ready = new TreeSet<>(); // document order, as the scan had it
        for (Step s : pending.values()) {
            int i = index.get(s.id());
            for (String w : order.waitsFor(s)) {
                if (done.contains(w)) continue;
                waiting[i]++;
                dependents.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
            }
            if (waiting[i] == 0) ready.add(i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(o.parallel(), daemon("runbook-step"));
        ExecutorCompletionService<Map.Entry<String, Directive>> ecs = new ExecutorCompletionService<>(pool);
        CancellationToken phaseToken = token;
        int running = 0;
        Directive stop = null;
        try {
            while (true) {
                if (stop == null && !phaseToken.isCancelled()) {
                    while (running < o.parallel() && !ready.isEmpty()) {
                        Step s = steps.get(ready.pollFirst());
                        pending.remove(s.id());
                        running++;
                        ecs.submit(() -> Map.entry(s.id(), runStep(s)));
                    }
                }
                if (running == 0) break;
                Map.Entry<String, Directive> r;
                try {
                    r = ecs.take().get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof JournalException je) throw je;
                    throw new IllegalStateException("step failed unexpectedly", c);
                }
                running--;
                if (done.add(r.getKey())) {
                    for (int i : dependents.getOrDefault(r.getKey(), List.of())) {
                        if (--waiting[i] == 0) ready.add(i);
                    }
                }
                if (r.getValue() != Directive.CONTINUE && stop == null) stop = r.getValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Directive.INTERRUPT;
        } finally {
            pool.shutdownNow();
        }
        if (stop != null) return stop;
        if (phaseToken.isCancelled()) return Directive.INTERRUPT;
        if (!pending.isEmpty()) {
            throw new IllegalStateException("steps " + pending.keySet() + " in " + phase.id() + " never became ready (a needs cycle?)");
        }
        return Directive.CONTINUE;
    }

    // ---- one step

    private sealed interface Attempt permits Done, Failed, Stop {}

    private record Done(Directive directive) implements Attempt {}

    /** @param outputs what the action observed before failing (a failing http.check's status and body), kept as the step's outputs */
    private record Failed(String message, String hint, String kind, boolean cancelled, Map<String, Object> outputs) implements Attempt {
        Failed(String message, String hint, String kind, boolean cancelled) {
            this(message, hint, kind, cancelled, Map.of());
        }
    }

    private record Stop(Directive directive) implements Attempt {}

    private Directive runStep(Step s) {
        Instant t0 = o.clock().now();
        while (true) {
            Attempt a;
            try {
                a = tryStep(s, t0);
            } catch (Evaluator.Failure f) {
                a = new Failed(f.getMessage(), f.hint(), "PERMANENT", false);
            } catch (ActionException e) {
                a = failed(e);
            }
            if (a instanceof Done d) return d.directive();
            if (a instanceof Stop st) return st.directive();
            Failed f = (Failed) a;
            String msg = o.redactor().redact("step '" + s.id() + "' failed: " + f.message());
            // cancelled, not failed: resume must run it again even when its onFailure is continue
            boolean cancelled = f.cancelled() || interrupted;
            end(s, cancelled ? StepStatus.CANCELLED : StepStatus.FAILED, f.outputs(), Map.of(), t0, null, f, null, null, null);
            if (cancelled) {
                lastFailure = msg;
                return Directive.INTERRUPT;
            }
            Directive d = onFailure(s, f);
            // a tolerated failure (continue, skip, retry) must not become the reason a run stopped
            if (d != Directive.CONTINUE && d != Directive.RETRY) lastFailure = msg;
            if (d != Directive.RETRY) return d;
            t0 = o.clock().now();
        }
    }

    private Failed failed(ActionException e) {
        String m = e.getMessage() == null ? e.kind().name().toLowerCase(java.util.Locale.ROOT) : e.getMessage();
        return new Failed(m, e.hint(), e.kind().name(), e.kind() == ActionException.Kind.CANCELLED || interrupted,
                e.outputs().isEmpty() ? Map.of() : Plain.normalizeMap(e.outputs()));
    }

    private Attempt tryStep(Step s, Instant t0) throws Evaluator.Failure, ActionException {
        ActionSpec spec = o.actions().spec(s.uses()).orElseThrow();
        Effect effect = effectOf(s);
        boolean dry = req.mode().dry();
        Set<String> planned = plannedSteps();
        boolean unknownCondition = false;
        if (s.ifExpr() != null) {
            if (dry && intersects(eval.stepsRead(s.ifExpr(), "if:"), planned)) {
                unknownCondition = true;
            } else {
                Object v = eval.expression(s.ifExpr(), scope(), "if:");
                if (!(v instanceof Boolean b)) {
                    throw new Evaluator.Failure("if: must be true or false, got " + describe(v), "compare values, e.g. steps.app.outputs.state == 'Running'");
                }
                if (!b) {
                    end(s, StepStatus.SKIPPED, Map.of(), Map.of(), t0, "condition is false: " + s.ifExpr(), null, null, null, null);
                    return new Done(Directive.CONTINUE);
                }
            }
        }
        Map<String, Object> argMap = args(s, spec);
        Args args = Args.of(argMap);
        Duration timeout = s.timeout() != null ? s.timeout() : spec.defaultTimeout();
        boolean readsPredictions = dry && s.with() != null && intersects(eval.stepsRead(s.with(), "with"), planned);

        if (dry && (effect.mutates() || req.mode() == Mode.OFFLINE || readsPredictions)) {
            Plan plan = null;
            if (effect.mutates() && req.mode() == Mode.DRY_RUN && !readsPredictions) {
                Action action = o.actions().action(s.uses());
                plan = call(s, ctx -> action.plan(ctx, args), timeout);
            }
            String why = effect.mutates() ? "dry run: " + effect.id() + " step not executed"
                    : req.mode() == Mode.OFFLINE ? "offline: read step not run" : "dry run: read step not run";
            if (readsPredictions) {
                why += "; its arguments use predicted outputs of " + String.join(", ", intersection(eval.stepsRead(s.with(), "with"), planned));
            }
            if (unknownCondition) why += "; if: depends on predicted outputs, shown as if true";
            Map<String, Object> predicted = predicted(s, spec, plan);
            emit(new RunEvent.StepPlanned(s.id(), plan != null ? plan.summary() : why, plan != null ? plan.before() : Map.of(),
                    plan != null ? plan.after() : Map.of(), plan != null ? target(s, spec, plan, argMap) : null,
                    plan != null ? plan.details() : List.of()));
            end(s, StepStatus.PLANNED, predicted, plan != null ? plan.before() : Map.of(), t0, why, null, args, plan, null);
            if (effect.mutates() && s.phase() == Phase.RESOLVE) succeededResolve.add(s.id());
            return new Done(Directive.CONTINUE);
        }

        Action action = o.actions().action(s.uses());
        Plan plan = null;
        if (effect.mutates()) {
            plan = call(s, ctx -> action.plan(ctx, args), timeout);
            String target = target(s, spec, plan, argMap);
            emit(new RunEvent.StepPlanned(s.id(), plan.summary(), plan.before(), plan.after(), target, plan.details()));
            if (token.isCancelled()) return new Failed("cancelled before the gate", null, "CANCELLED", true);
            GateRequest gr = new GateRequest(s.id(), s.displayTitle(), s.phase(), effect, s.uses(), confirmText(s),
                    plan, target, argMap, outputs());
            GateKeeper.Decision d;
            Instant asked = o.clock().now();
            synchronized (promptLock) {
                d = o.gates().decide(gr);
            }
            // the operator's time at the gate (and waiting for another step's gate) is not the step's time
            gateWait.merge(s.id(), Duration.between(asked, o.clock().now()), Duration::plus);
            emit(new RunEvent.GateAnswered(s.id(), effect.id(), d.answer().id(), d.via(), o.user(), gr.shown()));
            if (d.answer() == GateAnswer.SKIP) {
                end(s, StepStatus.SKIPPED, Map.of(), plan.before(), t0, "skipped at the gate", null, null, null, null);
                return new Done(Directive.CONTINUE);
            }
            if (d.answer() == GateAnswer.ABORT) {
                String why = d.note() != null ? d.note() : "aborted at the gate";
                lastFailure = "step '" + s.id() + "': " + why;
                end(s, StepStatus.CANCELLED, Map.of(), plan.before(), t0, why, null, null, null, null);
                return new Stop(Directive.ABORT);
            }
        }
        return executeWithRetries(s, spec, action, args, plan, effect, timeout, t0);
    }

    private Attempt executeWithRetries(Step s, ActionSpec spec, Action action, Args args, Plan plan, Effect effect,
                                       Duration timeout, Instant t0) throws Evaluator.Failure {
        Retry retry = s.retryOrNone();
        int max = Math.max(1, retry.attempts());
        // Retries wait for a change to take effect; in a dry run the change was only planned, so one look is enough.
        List<String> unmade = req.mode().dry() && s.phase() == Phase.VERIFY ? plannedChanges() : List.of();
        if (!unmade.isEmpty()) max = 1;
        ActionException last = null;
        for (int i = 1; i <= max; i++) {
            if (i == 1) {
                int n = attempts.computeIfAbsent(s.id(), k -> new AtomicInteger()).incrementAndGet();
                emit(new RunEvent.StepStarted(s.id(), s.phase().id(), s.displayTitle(), s.uses(), effect.id(), n, args.asMap()));
            } else {
                Duration delay = retry.delayBefore(i);
                emit(new RunEvent.StepRetrying(s.id(), i, max, delay.toMillis(), last.getMessage()));
                try {
                    o.clock().sleep(delay, token);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Failed("interrupted while waiting to retry", null, "CANCELLED", true);
                }
                if (token.isCancelled()) return new Failed("interrupted while waiting to retry", null, "CANCELLED", true);
            }
            try {
                Result result = call(s, ctx -> action.execute(ctx, args), timeout);
                Map<String, Object> outs = Plain.normalizeMap(result.outputs());
                outs.putAll(computedOutputs(s, outs, plan));
                Map<String, Object> before = plan == null ? Map.of() : plan.before();
                end(s, StepStatus.SUCCEEDED, outs, before, t0, result.summary(), null, args, plan, result);
                if (s.phase() == Phase.RESOLVE) succeededResolve.add(s.id());
                return new Done(Directive.CONTINUE);
            } catch (ActionException e) {
                last = e;
                boolean retryable = e.isTransient() || e.kind() == ActionException.Kind.TIMEOUT;
                if (!retryable || interrupted || e.kind() == ActionException.Kind.CANCELLED) return failed(e);
            }
        }
        Failed f = failed(last);
        if (!unmade.isEmpty()) {
            return new Failed(f.message(), "dry run: " + String.join(", ", unmade) + " only planned, so verify saw the unchanged state"
                    + " (once, without its retries)" + (f.hint() != null ? "; " + f.hint() : ""), f.kind(), f.cancelled(), f.outputs());
        }
        return max > 1 ? new Failed(f.message() + " (after " + max + " attempts)", f.hint(), f.kind(), f.cancelled(), f.outputs()) : f;
    }

    /** Mutating resolve steps that a dry run planned instead of executing, in run order. */
    private List<String> plannedChanges() {
        List<String> out = new ArrayList<>();
        for (Step r : order.steps(Phase.RESOLVE)) {
            StepState st = ended.get(r.id());
            if (st != null && st.status() == StepStatus.PLANNED && effectOf(r).mutates()) out.add(r.id());
        }
        return out;
    }

    private Map<String, Object> computedOutputs(Step s, Map<String, Object> actionOutputs, Plan plan) throws Evaluator.Failure {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.outputs().isEmpty()) return out;
        Map<String, Object> scope = scope();
        @SuppressWarnings("unchecked")
        Map<String, Object> steps = new LinkedHashMap<>((Map<String, Object>) scope.get("steps"));
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("status", "succeeded");
        self.put("outputs", actionOutputs);
        self.put("before", plan == null ? Map.of() : plan.before());
        self.put("failed", false);
        self.put("skipped", false);
        steps.put(s.id(), self);
        scope.put("steps", steps);
        for (var e : s.outputs().entrySet()) {
            if (eval.readsSecret(e.getValue(), "outputs." + e.getKey())) tainted.add(s.id() + "." + e.getKey());
            out.put(e.getKey(), eval.expression(e.getValue(), scope, "outputs." + e.getKey()));
        }
        return out;
    }

    private Directive onFailure(Step s, Failed f) {
        OnFailure of = s.onFailureOrDefault();
        if (of == OnFailure.CONTINUE) return Directive.CONTINUE;
        FailureChoice dflt = of == OnFailure.ROLLBACK ? FailureChoice.ROLLBACK : FailureChoice.ABORT;
        FailureChoice choice;
        String via;
        Optional<FailureChoice> scripted = o.gates().answers().failure(s.id());
        if (scripted.isPresent() && !(scripted.get() == FailureChoice.RETRY && !scriptedRetryUsed.add(s.id()))) {
            choice = scripted.get();
            via = "--answers";
        } else if (o.gates().interaction().interactive() && !req.mode().dry()) {
            synchronized (promptLock) {
                choice = o.gates().interaction().failure(new FailureRequest(s.id(), s.displayTitle(), s.phase(),
                        o.redactor().redact(f.message()), f.hint(), of, dflt));
            }
            via = "terminal";
        } else {
            choice = dflt;
            via = "onFailure";
        }
        emit(new RunEvent.FailureChoice(s.id(), choice.id(), via, o.user()));
        return switch (choice) {
            case RETRY -> Directive.RETRY;
            case SKIP -> Directive.CONTINUE;
            case ABORT -> via.equals("onFailure") ? Directive.FAIL : Directive.ABORT;
            case ROLLBACK -> Directive.ROLLBACK;
        };
    }

    // ---- rollback

    private List<String> undoOrder() {
        List<String> ids;
        synchronized (succeededResolve) {
            ids = new ArrayList<>(succeededResolve);
        }
        Collections.reverse(ids);
        return ids;
    }

    private Ending rollback(String reason) {
        token = new CancellationToken();
        interrupted = false;
        List<String> ids = undoOrder();
        emit(new RunEvent.RollbackStarted(o.redactor().redact(reason), ids));
        boolean ok = true;
        for (String id : ids) {
            if (token.isCancelled()) {
                ok = false;
                break;
            }
            ok &= undo(rb.step(id).orElseThrow());
        }
        Directive d = token.isCancelled() ? Directive.INTERRUPT : runPhase(Phase.ROLLBACK);
        for (Step s : order.steps(Phase.ROLLBACK)) {
            StepState st = ended.get(s.id());
            if (st != null && st.status() == StepStatus.FAILED) ok = false;
        }
        ok &= d == Directive.CONTINUE;
        emit(new RunEvent.RollbackFinished(ok));
        if (ok) return new Ending(RunOutcome.ROLLED_BACK, "rolled back after: " + reason);
        return new Ending(RunOutcome.ROLLBACK_FAILED, "rollback did not complete (after: " + reason
                + "); the system may be half-changed: read the journal of run " + req.runId());
    }

    private boolean undo(Step s) {
        Instant t0 = o.clock().now();
        StepState st = ended.get(s.id());
        String uses;
        Map<String, Object> with;
        try {
            if (s.undo() != null) {
                uses = s.undo().uses();
                with = s.undo().with() == null ? new LinkedHashMap<>()
                        : Plain.normalizeMap(asMap(eval.renderNode(s.undo().with(), scope(), "undo.with")));
            } else {
                Args args = st.args() != null ? st.args() : Args.of(args(s, o.actions().spec(s.uses()).orElseThrow()));
                Plan plan = st.plan() != null ? st.plan() : new Plan(null, st.before(), null, null, null, null);
                Result result = st.result() != null ? st.result() : Result.of(st.outputs());
                Optional<UndoHint> hint = o.actions().action(s.uses()).undo(args, plan, result);
                if (hint.isEmpty()) {
                    emit(new RunEvent.UndoFinished(s.id(), "none", 0, null));
                    return true;
                }
                uses = hint.get().uses();
                with = Plain.normalizeMap(hint.get().with());
            }
        } catch (Evaluator.Failure | RuntimeException e) {
            emit(new RunEvent.UndoFinished(s.id(), "failed", 0, "cannot prepare the undo: " + e.getMessage()));
            return false;
        }
        Optional<ActionSpec> spec = o.actions().spec(uses);
        if (spec.isEmpty()) {
            emit(new RunEvent.UndoFinished(s.id(), "failed", 0, "undo uses unknown action '" + uses + "'"));
            return false;
        }
        for (ParamSpec p : spec.get().parameters()) {
            if (!with.containsKey(p.name()) && p.defaultValue() != null) with.put(p.name(), Plain.normalize(p.defaultValue()));
        }
        Args args = Args.of(with);
        emit(new RunEvent.UndoStarted(s.id(), uses, with));
        Duration timeout = spec.get().defaultTimeout();
        try {
            Action action = o.actions().action(uses);
            if (req.mode().dry()) {
                if (req.mode() == Mode.DRY_RUN && spec.get().effect().mutates()) {
                    Plan p = call(s, ctx -> action.plan(ctx, args), timeout);
                    emit(new RunEvent.StepPlanned(s.id(), "undo: " + p.summary(), p.before(), p.after(), p.target(), p.details()));
                }
                emit(new RunEvent.UndoFinished(s.id(), "planned", ms(t0), null));
                return true;
            }
            Retry retry = s.retryOrNone();
            int max = Math.max(1, retry.attempts());
            for (int i = 1; ; i++) {
                try {
                    call(s, ctx -> action.execute(ctx, args), timeout);
                    emit(new RunEvent.UndoFinished(s.id(), "undone", ms(t0), null));
                    return true;
                } catch (ActionException e) {
                    if (!e.isTransient() || i >= max || token.isCancelled()) throw e;
                    o.clock().sleep(retry.delayBefore(i + 1), token);
                }
            }
        } catch (ActionException e) {
            emit(new RunEvent.UndoFinished(s.id(), "failed", ms(t0), e.getMessage()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emit(new RunEvent.UndoFinished(s.id(), "failed", ms(t0), "interrupted"));
            return false;
        }
    }

    // ---- calling actions

    @FunctionalInterface
    private interface ActionCall<T> {
        T apply(StepContext ctx) throws ActionException;
    }

    /** Calls the action on its own thread; on timeout or Ctrl-C cancels it (hooks + interrupt) and stops waiting. */
    private <T> T call(Step s, ActionCall<T> fn, Duration timeout) throws ActionException {
        CancellationToken callToken = token.child();
        StepOperator operator = new StepOperator(s.id(), o.gates().answers(), o.gates().interaction(), promptLock, this::emit);
        StepContext ctx = new StepContext(req.runId(), s.id(), timeout, req.mode().dry(), callToken,
                m -> emit(new RunEvent.StepProgress(s.id(), m)), o, operator);
        CountDownLatch finished = new CountDownLatch(1);
        Callable<T> task = () -> {
            try {
                return fn.apply(ctx);
            } finally {
                finished.countDown();
            }
        };
        Future<T> f = actionThreads.submit(task);
        AutoCloseable unhook = callToken.onCancel(() -> f.cancel(true));
        try {
            return f.get(Math.max(1, o.clock().real(timeout).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            callToken.cancel(CancellationToken.Reason.TIMEOUT);
            awaitQuietly(finished);
            throw ActionException.timeout("timed out after " + Durations.format(timeout) + " (the work was cancelled)");
        } catch (CancellationException e) {
            awaitQuietly(finished);
            if (callToken.reason() == CancellationToken.Reason.TIMEOUT) {
                throw ActionException.timeout("timed out after " + Durations.format(timeout) + " (the work was cancelled)");
            }
            throw ActionException.cancelled("cancelled by the operator (Ctrl-C)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ActionException ae) {
                if (callToken.reason() == CancellationToken.Reason.TIMEOUT && ae.kind() != ActionException.Kind.TIMEOUT) {
                    throw ActionException.timeout("timed out after " + Durations.format(timeout) + " (the work was cancelled)");
                }
                if (callToken.reason() == CancellationToken.Reason.INTERRUPT) throw ActionException.cancelled("cancelled by the operator (Ctrl-C)");
                throw ae;
            }
            if (c instanceof JournalException je) throw je;
            throw new ActionException(ActionException.Kind.PERMANENT, "action " + s.uses() + " failed unexpectedly: " + c,
                    "this is a bug in the action; re-run with --debug and report it", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callToken.cancel(CancellationToken.Reason.INTERRUPT);
            awaitQuietly(finished);
            throw ActionException.cancelled("cancelled");
        } finally {
            try {
                unhook.close();
            } catch (Exception ignored) {
                // deregistering a hook cannot fail in a way that matters here
            }
        }
    }

    private void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(o.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers

    private Effect effectOf(Step s) {
        ActionSpec spec = o.actions().spec(s.uses()).orElseThrow();
        if (s.effect() == null) return spec.effect();
        if (spec.authorDeclaresEffect()) return s.effect();
        return s.effect().atLeast(spec.effect()) ? s.effect() : spec.effect();
    }

    private Map<String, Object> args(Step s, ActionSpec spec) throws Evaluator.Failure {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.with() != null) out.putAll(asMap(eval.renderNode(s.with(), scope(), "with")));
        for (ParamSpec p : spec.parameters()) {
            if (!out.containsKey(p.name()) && p.defaultValue() != null) out.put(p.name(), Plain.normalize(p.defaultValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return new LinkedHashMap<>((Map<String, Object>) o);
    }

    private String target(Step s, ActionSpec spec, Plan plan, Map<String, Object> args) {
        if (plan != null && plan.target() != null && !plan.target().isBlank()) return plan.target();
        if (spec.targetParam() != null && args.get(spec.targetParam()) != null) return String.valueOf(args.get(spec.targetParam()));
        return s.id();
    }

    private String confirmText(Step s) {
        if (s.confirm() == null) return null;
        try {
            Object v = eval.render(s.confirm(), scope(), "confirm:");
            return v == null ? null : String.valueOf(v);
        } catch (Evaluator.Failure f) {
            return s.confirm();
        }
    }

    private Map<String, Object> predicted(Step s, ActionSpec spec, Plan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OutputSpec os : spec.outputs()) {
            Object v = plan != null && plan.predictedOutputs().containsKey(os.name())
                    ? Plain.normalize(plan.predictedOutputs().get(os.name())) : Plain.placeholder(s.id(), os);
            out.put(os.name(), v);
        }
        if (plan != null) plan.predictedOutputs().forEach((k, v) -> out.putIfAbsent(k, Plain.normalize(v)));
        for (String k : s.outputs().keySet()) out.putIfAbsent(k, Plain.placeholder(s.id(), k, dev.runbook.model.ParamType.ANY));
        return out;
    }

    private Set<String> plannedSteps() {
        Set<String> ids = new HashSet<>();
        ended.forEach((k, v) -> {
            if (v.status() == StepStatus.PLANNED) ids.add(k);
        });
        return ids;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) return true;
        }
        return false;
    }

    private static List<String> intersection(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).toList();
    }

    private void end(Step s, StepStatus status, Map<String, Object> outputs, Map<String, Object> before, Instant t0,
                     String reason, Failed f, Args args, Plan plan, Result result) {
        ended.put(s.id(), new StepState(status, outputs, before, args, plan, result));
        Duration waited = gateWait.remove(s.id());
        long ms = Math.max(0, ms(t0) - (waited == null ? 0 : waited.toMillis()));
        emit(new RunEvent.StepFinished(s.id(), s.phase().id(), status, outputs, before, ms, reason,
                f == null ? null : f.message(), f == null ? null : f.kind(), f == null ? null : f.hint()));
    }

    private long ms(Instant t0) {
        return Math.max(0, Duration.between(t0, o.clock().now()).toMillis());
    }

    Map<String, Object> scope() {
        Map<String, Object> steps = new StepsView();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", req.runId());
        run.put("dryRun", req.mode().dry());
        run.put("mode", req.mode().id());
        run.put("incident", req.incident() == null ? "" : req.incident());
        Map<String, Object> env = new LinkedHashMap<>();
        for (String name : rb.env()) {
            String v = o.environment().get(name);
            if (v != null) env.put(name, v);
        }
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("params", Plain.normalizeMap(req.params()));
        scope.put("steps", steps);
        scope.put("run", run);
        scope.put("env", env);
        return scope;
    }

    private static Set<String> stepIdsOf(Runbook r) {
        Set<String> ids = new LinkedHashSet<>();
        for (Step s : r.allSteps()) ids.add(s.id());
        return Collections.unmodifiableSet(ids);
    }

    /** The state of one step as expressions see it ({@code steps.<id>.*}). */
    private Map<String, Object> stepScope(String id) {
        StepState st = ended.get(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", st == null ? "pending" : st.status().id());
        m.put("outputs", st == null ? Map.of() : st.outputs());
        m.put("before", st == null ? Map.of() : st.before());
        m.put("failed", st != null && st.status() == StepStatus.FAILED);
        m.put("skipped", st != null && st.status() == StepStatus.SKIPPED);
        return m;
    }

    /**
     * {@code steps} in the expression scope, built per lookup: an expression reads a handful of steps, and copying
     * every step's state for every evaluation made a run quadratic in its step count.
     */
    private final class StepsView extends java.util.AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            return key instanceof String id && stepIds.contains(id) ? stepScope(id) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String id && stepIds.contains(id);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String id : stepIds) all.put(id, stepScope(id));
            return all.entrySet();
        }
    }

    private Map<String, Map<String, Object>> outputs() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Step s : rb.allSteps()) {
            StepState st = ended.get(s.id());
            if (st != null) out.put(s.id(), st.outputs());
        }
        return out;
    }

    private Map<String, StepStatus> statuses() {
        Map<String, StepStatus> out = new LinkedHashMap<>();
        ended.forEach((k, v) -> out.put(k, v.status()));
        return out;
    }

    private String summary() {
        Map<StepStatus, Integer> counts = new LinkedHashMap<>();
        for (Step s : rb.allSteps()) {
            StepState st = ended.get(s.id());
            if (st != null) counts.merge(st.status(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k.id()));
        String verb = req.mode().dry() ? "dry run finished" : "run succeeded";
        return verb + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    private static String describe(Object v) {
        return v == null ? "null" : v instanceof String str ? "'" + str + "'" : String.valueOf(v);
    }

    private void emit(RunEvent e) {
        synchronized (emitLock) {
            // after a second Ctrl-C nothing more is journaled, so nothing more may start either
            if (stopped) throw new JournalException("the run was stopped by a second Ctrl-C");
            journal.append(e);
            for (RunListener l : o.listeners()) {
                try {
                    l.on(req.runId(), e);
                } catch (RuntimeException ex) {
                    // a broken renderer must not stop the run; the journal has the event
                }
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
