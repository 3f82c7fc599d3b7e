package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.engine.ApprovalRule.Clearance;
import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.Phase;
import dev.runbook.model.Retry;
import dev.runbook.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One step from start to end: its condition, its arguments, the plan and gate of a step that changes something,
 * the action under the retry loop, and what the run does after it ({@link StepEnding}). A dry run plans
 * mutating steps (and steps that read predictions) instead of running them.
 */
final class StepRunner {
    private final RunContext run;
    private final ApprovalRule approvals;
    private final ActionInvoker invoker;
    private final RetryLoop retries;
    private final FailurePolicy failures;

    private sealed interface Outcome permits Ended, Failed {}

    private record Ended(StepEnding ending) implements Outcome {}

    private record Failed(StepFailure failure) implements Outcome {}

    StepRunner(RunContext run, ApprovalRule approvals, ActionInvoker invoker, RetryLoop retries) {
        this.run = run;
        this.approvals = approvals;
        this.invoker = invoker;
        this.retries = retries;
        this.failures = new FailurePolicy(run);
    }

    StepEnding run(Step s) {
        Instant t0 = run.o.clock().now();
        while (true) {
            Outcome a;
            try {
                a = attempt(s, t0);
            } catch (Evaluator.Failure f) {
                a = new Failed(new StepFailure(f.getMessage(), f.hint(), ActionException.Kind.PERMANENT, false));
            } catch (ActionException e) {
                a = new Failed(StepFailure.of(e, run.control.interrupted()));
            }
            if (a instanceof Ended e) return e.ending();
            StepFailure f = dryRunNote(s, ((Failed) a).failure());
            String msg = run.redact("step '" + s.id() + "' failed: " + f.message());
            // cancelled, not failed: resume must run it again even when its onFailure is continue
            boolean cancelled = f.cancelled() || run.control.interrupted();
            if (!cancelled && keepsPlanning(s)) return failedRead(s, f, t0);
            end(s, cancelled ? StepStatus.CANCELLED : StepStatus.FAILED, f.outputs(), Map.of(), t0, null, f, null, null, null);
            if (cancelled) {
                run.stoppedBy(s.id(), msg);
                return StepEnding.INTERRUPT;
            }
            FailurePolicy.Choice c = failures.after(s, f);
            // a tolerated failure (continue, skip, retry) must not become the reason a run stopped
            if (c.ending() != StepEnding.CONTINUE) run.stoppedBy(s.id(), msg);
            if (!c.retry()) return c.ending();
            t0 = run.o.clock().now();
        }
    }

    /**
     * A dry run does not stop at a read that failed (before any change: diagnose and resolve): the read is shown
     * failed, its outputs are unknown until run, and planning goes on, so the plan the dry run exists to show is shown.
     * Never in a real run, where the step's onFailure decides as always; a read that may fail ({@code onFailure:
     * continue}) is not one that would stop the run, and goes on as it does in a real run.
     */
    private boolean keepsPlanning(Step s) {
        return run.req.mode() == Mode.DRY_RUN && (s.phase() == Phase.DIAGNOSE || s.phase() == Phase.RESOLVE)
                && !run.effects.own(s).mutates() && s.onFailureOrDefault() != dev.runbook.model.OnFailure.CONTINUE;
    }

    private StepEnding failedRead(Step s, StepFailure f, Instant t0) {
        run.ledger.failedRead(new RunLedger.FailedRead(s.id(), s.id(), s.onFailureOrDefault().id(), f.reach() != null, run.redact(f.message())));
        Map<String, Object> outs = new java.util.LinkedHashMap<>(RunScope.unknown(s, run.effects.spec(s)));
        outs.putAll(f.outputs());
        StepFailure shown = f.withMessage(f.message(), "dry run: planning goes on; what uses its outputs is planned with values"
                + " unknown until run" + (f.hint() != null ? "; " + f.hint() : ""));
        // the stand-ins are for the expressions that follow; the journal and the screen get only what was observed
        end(s, StepStatus.FAILED, outs, f.outputs(), Map.of(), t0, null, shown, null, null, null);
        return StepEnding.CONTINUE;
    }

    private Outcome attempt(Step s, Instant t0) throws Evaluator.Failure, ActionException {
        ActionSpec spec = run.effects.spec(s);
        Effect own = run.effects.own(s);
        boolean dry = run.dry();
        Set<String> planned = run.ledger.notKnown();
        Evaluator eval = run.scope.eval();
        boolean unknownCondition = false;
        if (s.ifExpr() != null) {
            if (dry && intersects(eval.stepsRead(s.ifExpr(), "if:"), planned)) {
                unknownCondition = true;
            } else {
                Object v = eval.expression(s.ifExpr(), run.scope.scope(), "if:");
                if (!(v instanceof Boolean b)) {
                    throw new Evaluator.Failure("if: must be true or false, got " + describe(v), "compare values, e.g. steps.app.outputs.state == 'Running'");
                }
                if (!b) {
                    end(s, StepStatus.SKIPPED, Map.of(), Map.of(), t0, "condition is false: " + s.ifExpr(), null, null, null, null);
                    return new Ended(StepEnding.CONTINUE);
                }
            }
        }
        Map<String, Object> argMap = run.scope.args(s, spec);
        Args args = Args.of(argMap);
        Duration timeout = s.timeout() != null ? s.timeout() : spec.defaultTimeout();
        List<String> predictionsRead = dry && s.with() != null ? intersection(eval.stepsRead(s.with(), "with"), planned) : List.of();
        if (dry && (own.mutates() || run.req.mode() == Mode.OFFLINE || !predictionsRead.isEmpty())) {
            return planOnly(s, spec, own, args, argMap, timeout, t0, predictionsRead, unknownCondition);
        }
        Action action = run.o.actions().action(s.uses());
        Plan plan = null;
        Optional<Clearance> free = approvals.ungated(s);
        Clearance clearance;
        if (free.isPresent()) {
            clearance = free.get();
        } else {
            String target = s.id();
            if (own.mutates()) {
                plan = invoker.plan(s, action, args, timeout);
                target = target(s, spec, plan, argMap);
                run.emit(new RunEvent.StepPlanned(s.id(), plan.summary(), plan.before(), plan.after(), target, plan.details(),
                        RunEvent.PlanKind.CHANGE, s.uses(), spec.subjectOf(argMap)));
            }
            if (run.control.cancelled()) return new Failed(new StepFailure("cancelled before the gate", null, ActionException.Kind.CANCELLED, true));
            ApprovalRule.Gate g = approvals.ask(s, plan, target, argMap);
            Map<String, Object> before = plan == null ? Map.of() : plan.before();
            if (g.decision().answer() == GateAnswer.SKIP) {
                end(s, StepStatus.SKIPPED, Map.of(), before, t0, "skipped at the gate", null, null, null, null);
                return new Ended(StepEnding.CONTINUE);
            }
            if (g.decision().answer() == GateAnswer.ABORT) {
                String why = g.decision().note() != null ? g.decision().note() : "aborted at the gate";
                run.stoppedBy(s.id(), "step '" + s.id() + "': " + why);
                end(s, StepStatus.CANCELLED, Map.of(), before, t0, why, null, null, null, null);
                return new Ended(StepEnding.ABORT);
            }
            clearance = g.clearance();
        }
        return execute(s, action, args, plan, own, timeout, t0, clearance);
    }

    private Outcome planOnly(Step s, ActionSpec spec, Effect own, Args args, Map<String, Object> argMap, Duration timeout,
                             Instant t0, List<String> predictionsRead, boolean unknownCondition) throws ActionException {
        Plan plan = null;
        ActionException planFailed = null;
        if (own.mutates() && run.req.mode() == Mode.DRY_RUN && predictionsRead.isEmpty()) {
            try {
                plan = invoker.plan(s, run.o.actions().action(s.uses()), args, timeout);
            } catch (ActionException e) {
                // a plan is a read: when it fails, the change is still shown, with what it would do unknown until run
                if (e.kind() == ActionException.Kind.CANCELLED || run.control.interrupted()) throw e;
                planFailed = e;
                run.ledger.failedRead(new RunLedger.FailedRead(s.id() + "'s plan", s.id(), s.onFailureOrDefault().id(), e.reach().isPresent(),
                        run.redact(String.valueOf(e.getMessage()))));
            }
        }
        String why = own.mutates() ? "dry run: " + own.id() + " step not executed"
                : run.req.mode() == Mode.OFFLINE ? "offline: read step not run" : "dry run: read step not run";
        if (planFailed != null) why += "; its plan could not be read (" + run.redact(String.valueOf(planFailed.getMessage())) + "), so what it"
                + " would change is unknown until run";
        List<String> failed = predictionsRead.stream().filter(run.ledger::failedRead).toList();
        List<String> predicted = predictionsRead.stream().filter(x -> !run.ledger.failedRead(x)).toList();
        if (!predicted.isEmpty()) why += "; its arguments use predicted outputs of " + String.join(", ", predicted);
        if (!failed.isEmpty()) why += "; its arguments use outputs of " + String.join(", ", failed) + ", unknown until run (the read failed)";
        if (unknownCondition) why += "; if: depends on " + (readsFailed(s.ifExpr()) ? "outputs unknown until run" : "predicted outputs")
                + ", shown as if true";
        // what it would be called with, as terraform shows "(known after apply)": the values that wait on a failed read
        List<String> shownArgs = failed.isEmpty() && planFailed == null ? List.of() : arguments(s, argMap);
        Map<String, Object> before = plan != null ? plan.before() : Map.of();
        run.emit(new RunEvent.StepPlanned(s.id(), plan != null ? plan.summary() : why, before,
                plan != null ? plan.after() : Map.of(), plan != null ? target(s, spec, plan, argMap) : null,
                plan != null ? plan.details() : shownArgs, own.mutates() ? RunEvent.PlanKind.CHANGE : RunEvent.PlanKind.NOT_RUN,
                s.uses(), spec.subjectOf(argMap)));
        end(s, StepStatus.PLANNED, planFailed != null ? RunScope.unknown(s, spec) : RunScope.predicted(s, spec, plan), before, t0, why,
                null, args, plan, null);
        if (own.mutates() && s.phase() == Phase.RESOLVE) run.ledger.changed(s.id());
        return new Ended(StepEnding.CONTINUE);
    }

    private Outcome execute(Step s, Action action, Args args, Plan plan, Effect own, Duration timeout, Instant t0,
                            Clearance clearance) throws Evaluator.Failure {
        Retry retry = s.retryOrNone();
        int max = Math.max(1, retry.attempts());
        // Retries wait for a change to take effect; in a dry run the change was only planned, so one look is enough.
        List<String> unmade = run.dry() && s.phase() == Phase.VERIFY
                ? run.ledger.plannedChanges(run.order.steps(Phase.RESOLVE), run.effects) : List.of();
        if (!unmade.isEmpty()) max = 1;
        run.emit(new RunEvent.StepStarted(s.id(), s.phase().id(), s.displayTitle(), s.uses(), own.id(),
                run.ledger.nextAttempt(s.id()), args.asMap(), action.spec().subjectOf(args.asMap())));
        int[] used = {0};
        Result result;
        try {
            result = retries.run(retry, max,
                    (i, of, delay, last) -> run.emit(new RunEvent.StepRetrying(s.id(), i, of, delay.toMillis(), last.getMessage())),
                    i -> {
                        used[0] = i;
                        return invoker.executeStep(clearance, s, action, args, timeout);
                    });
        } catch (ActionException e) {
            StepFailure f = StepFailure.of(e, run.control.interrupted());
            return new Failed(max > 1 && used[0] == max ? f.withMessage(f.message() + " (after " + max + " attempts)", f.hint()) : f);
        }
        Map<String, Object> outs = Plain.normalizeMap(result.outputs());
        run.scope.taint(s, run.effects.spec(s), outs, run.o.redactor());
        outs.putAll(run.scope.computedOutputs(s, outs, plan));
        end(s, StepStatus.SUCCEEDED, outs, plan == null ? Map.of() : plan.before(), t0, result.summary(), null, args, plan, result);
        // what rollback undoes: every resolve step that changed something or declares how to undo itself
        if (s.phase() == Phase.RESOLVE && (own.mutates() || s.undo() != null)) run.ledger.changed(s.id());
        return new Ended(StepEnding.CONTINUE);
    }

    /**
     * Every way a verify step of a dry run can fail (its action, an assert, its arguments or outputs) says that the
     * resolve changes were only planned, so it saw the unchanged system.
     */
    private StepFailure dryRunNote(Step s, StepFailure f) {
        if (!run.dry() || s.phase() != Phase.VERIFY || f.cancelled()) return f;
        List<String> unmade = run.ledger.plannedChanges(run.order.steps(Phase.RESOLVE), run.effects);
        if (unmade.isEmpty()) return f;
        return f.withMessage(f.message(), "dry run: " + String.join(", ", unmade) + " only planned, so verify saw"
                + " the unchanged state (once, without its retries)" + (f.hint() != null ? "; " + f.hint() : ""));
    }

    void end(Step s, StepStatus status, Map<String, Object> outputs, Map<String, Object> before, Instant t0, String reason,
             StepFailure f, Args args, Plan plan, Result result) {
        end(s, status, outputs, outputs, before, t0, reason, f, args, plan, result);
    }

    /**
     * @param known    the outputs later steps' expressions see (a failed read's stand-ins in a dry run included)
     * @param observed the outputs journaled and shown: what the action really returned or observed, never a stand-in
     */
    private void end(Step s, StepStatus status, Map<String, Object> known, Map<String, Object> observed, Map<String, Object> before,
                     Instant t0, String reason, StepFailure f, Args args, Plan plan, Result result) {
        run.ledger.end(s.id(), new StepState(status, known, before, args, plan, result));
        run.ledger.unreached(s.id(), status == StepStatus.FAILED && f != null && f.reach() != null);
        long ms = Math.max(0, run.ms(t0) - run.ledger.takeGateWait(s.id()).toMillis());
        run.emit(new RunEvent.StepFinished(s.id(), s.phase().id(), status, observed, before, ms, reason,
                f == null ? null : f.message(), f == null ? null : f.errorKind(), f == null ? null : f.hint(),
                status == StepStatus.FAILED && f != null ? f.journalReach() : null));
    }

    /** "name: value" per argument; one that uses a failed read's outputs is "(unknown until run)". */
    private List<String> arguments(Step s, Map<String, Object> argMap) throws ActionException {
        List<String> out = new java.util.ArrayList<>();
        if (s.with() == null) return out;
        for (var e : s.with().entries().entrySet()) {
            boolean unknown;
            try {
                unknown = run.scope.eval().stepsRead(e.getValue(), "with." + e.getKey()).stream().anyMatch(run.ledger::failedRead);
            } catch (Evaluator.Failure f) {
                unknown = true;
            }
            Object v = argMap.get(e.getKey());
            out.add(e.getKey() + ": " + (unknown ? UNKNOWN : v instanceof String str ? str : String.valueOf(v)));
        }
        return out;
    }

    private boolean readsFailed(String expr) {
        try {
            return expr != null && run.scope.eval().stepsRead(expr, "if:").stream().anyMatch(run.ledger::failedRead);
        } catch (Evaluator.Failure f) {
            return false;
        }
    }

    /** How a value a dry run cannot know (its read failed) is shown. */
    static final String UNKNOWN = "(unknown until run)";

    static String target(Step s, ActionSpec spec, Plan plan, Map<String, Object> args) {
        if (plan != null && plan.target() != null && !plan.target().isBlank()) return plan.target();
        if (spec.targetParam() != null && args.get(spec.targetParam()) != null) return String.valueOf(args.get(spec.targetParam()));
        return s.id();
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        if (b.isEmpty()) return false;
        for (String x : a) {
            if (b.contains(x)) return true;
        }
        return false;
    }

    private static List<String> intersection(Set<String> a, Set<String> b) {
        if (b.isEmpty()) return List.of();
        return a.stream().filter(b::contains).toList();
    }

    private static String describe(Object v) {
        return v == null ? "null" : v instanceof String str ? "'" + str + "'" : String.valueOf(v);
    }
}
