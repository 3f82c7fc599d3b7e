package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import dev.runbook.engine.ApprovalRule.Clearance;
import dev.runbook.engine.gate.InDoubtChoice;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.UndoStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.Phase;
import dev.runbook.model.Retry;
import dev.runbook.model.Step;
import dev.runbook.model.UndoStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollback as a saga in the journal (docs/execution.md, "Rollback"): {@code rollback.start} lists the undos, each
 * undo is journaled when it starts and when it ends, then the {@code rollback:} phase runs its steps, and
 * {@code rollback.end} closes it. A crash anywhere in between is resumable: {@link #resume} skips every undo
 * that ended, asks about one that started but never ended, and goes on. An interrupted rollback is left open
 * (resumable), never reported as failed. Only an undo that really failed makes the rollback fail.
 */
final class RollbackSaga {
    /** The undo of a manual step is done by a person: the action shows it, only a confirmation makes it done. */
    private static final String MANUAL = "manual";

    private final RunContext run;
    private final ApprovalRule approvals;
    private final ActionInvoker invoker;
    private final RetryLoop retries;
    private final Scheduler scheduler;
    private final InDoubt inDoubt;

    private record Undone(UndoStatus status, String target, String error) {}

    RollbackSaga(RunContext run, ApprovalRule approvals, ActionInvoker invoker, RetryLoop retries, Scheduler scheduler, InDoubt inDoubt) {
        this.run = run;
        this.approvals = approvals;
        this.invoker = invoker;
        this.retries = retries;
        this.scheduler = scheduler;
        this.inDoubt = inDoubt;
    }

    RunEnding start(String reason) {
        run.control.freshForRollback();
        List<String> ids = run.ledger.undoOrder();
        run.emit(new RunEvent.RollbackStarted(run.redact(reason), ids));
        return proceed(reason, ids, new LinkedHashMap<>());
    }

    /** Continues the journal's unfinished rollback: ended undos stay ended, in-doubt ones are decided first. */
    RunEnding resume(RunHistory.Rollback r) {
        run.control.freshForRollback();
        Map<String, Undone> earlier = new LinkedHashMap<>();
        r.ended().forEach((id, st) -> earlier.put(id, new Undone(st, id, st == UndoStatus.FAILED ? "failed before the resume" : null)));
        for (String id : r.undo()) {
            if (!r.undoInDoubt().contains(id) || earlier.containsKey(id)) continue;
            Step s = run.rb.step(id).orElse(null);
            if (s == null) continue;
            InDoubt.Decision d = inDoubt.decide(s, "undo of " + s.displayTitle(), run.effects.undo(s), "the undo of step '" + id + "'");
            if (d.ending().isPresent()) return d.ending().get();
            if (d.choice() == InDoubtChoice.DONE) {
                run.emit(new RunEvent.UndoFinished(id, UndoStatus.UNDONE, 0, "marked done by the operator on resume"));
                earlier.put(id, new Undone(UndoStatus.UNDONE, id, null));
            }
        }
        List<String> remaining = new ArrayList<>();
        for (String id : r.undo()) if (!earlier.containsKey(id)) remaining.add(id);
        run.emit(new RunEvent.RollbackStarted(r.reason(), remaining));
        return proceed(r.reason() == null ? "rollback" : r.reason(), r.undo(), earlier);
    }

    private RunEnding proceed(String reason, List<String> ids, Map<String, Undone> results) {
        for (String id : ids) {
            if (results.containsKey(id)) continue;
            if (run.control.cancelled()) return interrupted(reason);
            results.put(id, undo(run.rb.step(id).orElseThrow()));
        }
        if (run.control.cancelled()) return interrupted(reason);
        StepEnding d = scheduler.runPhase(Phase.ROLLBACK);
        if (d == StepEnding.INTERRUPT) return interrupted(reason);
        List<String> leftChanged = new ArrayList<>();
        List<String> unconfirmed = new ArrayList<>();
        results.forEach((id, u) -> {
            if (u.status() == UndoStatus.FAILED) leftChanged.add(id + (u.target().equals(id) ? "" : " (" + u.target() + ")")
                    + (u.error() == null ? "" : ": " + u.error()));
            if (u.status() == UndoStatus.UNCONFIRMED) unconfirmed.add(id);
        });
        boolean phaseFailed = d != StepEnding.CONTINUE || run.ledger.anyFailed(run.order.steps(Phase.ROLLBACK));
        boolean ok = leftChanged.isEmpty() && !phaseFailed;
        run.emit(new RunEvent.RollbackFinished(ok));
        if (ok) {
            return new RunEnding(RunOutcome.ROLLED_BACK, "rolled back after: " + reason + (unconfirmed.isEmpty() ? ""
                    : "\nshown to the operator but not confirmed: " + String.join(", ", unconfirmed)
                    + " (check that these manual undos were done)"));
        }
        StringBuilder sb = new StringBuilder("ROLLBACK FAILED (after: ").append(reason).append(")");
        if (!leftChanged.isEmpty()) sb.append("\nleft changed:");
        for (String l : leftChanged) sb.append("\n  ").append(l);
        if (phaseFailed) sb.append("\nthe rollback phase did not complete: ").append(run.lastFailure == null ? "a step failed" : run.lastFailure);
        sb.append("\nread the journal: runbook runs show ").append(run.req.runId());
        return new RunEnding(RunOutcome.ROLLBACK_FAILED, sb.toString());
    }

    private RunEnding interrupted(String reason) {
        return new RunEnding(RunOutcome.INTERRUPTED, "rollback interrupted (after: " + reason + "); nothing more was undone."
                + " Continue the rollback with: runbook resume " + run.req.runId());
    }

    private Undone undo(Step s) {
        Instant t0 = run.o.clock().now();
        StepState st = run.ledger.get(s.id());
        String uses;
        Map<String, Object> with;
        String target = s.id();
        try {
            if (s.undo() != null) {
                uses = s.undo().uses();
                with = run.scope.undoArgs(s.undo());
            } else {
                ActionSpec spec = run.effects.spec(s);
                Args args = st.args() != null ? st.args() : Args.of(run.scope.args(s, spec));
                Plan plan = st.plan() != null ? st.plan() : new Plan(null, st.before(), null, null, null, null);
                Result result = st.result() != null ? st.result() : Result.of(st.outputs());
                target = StepRunner.target(s, spec, st.plan(), args.asMap());
                Optional<UndoHint> hint = run.o.actions().action(s.uses()).undo(args, plan, result);
                if (hint.isEmpty()) return finish(s, UndoStatus.NOTHING, target, t0, null);
                uses = hint.get().uses();
                with = Plain.normalizeMap(hint.get().with());
            }
        } catch (Evaluator.Failure | RuntimeException e) {
            return finish(s, UndoStatus.FAILED, target, t0, "cannot prepare the undo: " + e.getMessage());
        }
        Optional<ActionSpec> spec = run.o.actions().spec(uses);
        if (spec.isEmpty()) return finish(s, UndoStatus.FAILED, target, t0, "undo uses unknown action '" + uses + "'");
        UndoStep declared = s.undo();
        if (declared != null) {
            Plain.exactStrings(spec.get(), declared.with(), with);
            Optional<String> skip;
            try {
                skip = skipped(declared);
            } catch (Evaluator.Failure e) {
                return finish(s, UndoStatus.FAILED, target, t0, "cannot decide the undo's if: " + e.getMessage());
            }
            if (skip.isPresent()) return finish(s, UndoStatus.NOTHING, target, t0, skip.get());
        }
        RunScope.withDefaults(with, spec.get());
        Args args = Args.of(with);
        // the undo's own timeout, retry and effect when it declares them (a shell undo that writes)
        Duration timeout = declared != null && declared.timeout() != null ? declared.timeout() : spec.get().defaultTimeout();
        Retry retry = declared != null && declared.retry() != null ? declared.retry() : s.retryOrNone();
        Effect effect = declared != null ? run.effects.undo(s) : spec.get().effect();
        Action action = run.o.actions().action(uses);
        try {
            if (run.dry()) {
                run.emit(new RunEvent.UndoStarted(s.id(), uses, with));
                if (run.req.mode() == Mode.DRY_RUN && effect.mutates()) {
                    Plan p = invoker.plan(s, action, args, timeout);
                    run.emit(new RunEvent.StepPlanned(s.id(), "undo: " + p.summary(), p.before(), p.after(), p.target(), p.details()));
                }
                return finish(s, UndoStatus.PLANNED, target, t0, null);
            }
            Optional<Clearance> c = approvals.forUndo(s, effect, uses, target, with);
            if (c.isEmpty()) return finish(s, UndoStatus.FAILED, target, t0, "not approved: the undo would " + effect.id());
            run.emit(new RunEvent.UndoStarted(s.id(), uses, with));
            retries.run(retry, retry.attempts(), (i, of, delay, last) -> { },
                    i -> invoker.executeUndo(c.get(), s, action, effect, args, timeout));
            if (!MANUAL.equals(spec.get().name())) return finish(s, UndoStatus.UNDONE, target, t0, null);
            return confirmManual(s, args, target, t0);
        } catch (ActionException e) {
            // a manual undo that was shown but whose checklist nobody confirmed was not done, but did not fail either
            boolean shown = MANUAL.equals(spec.get().name()) && e.kind() == ActionException.Kind.PERMANENT;
            return finish(s, shown ? UndoStatus.UNCONFIRMED : UndoStatus.FAILED, target, t0, e.getMessage());
        }
    }

    /** Why the undo is not needed ({@code if:} is false), or empty when it runs. */
    private Optional<String> skipped(UndoStep u) throws Evaluator.Failure {
        if (u.ifExpr() == null) return Optional.empty();
        Object v = run.scope.eval().expression(u.ifExpr(), run.scope.scope(), "undo.if:");
        if (!(v instanceof Boolean b)) throw new Evaluator.Failure("must be true or false, got " + v, "compare values, e.g. steps.app.outputs.state == 'Running'");
        return b ? Optional.empty() : Optional.of("not needed: the undo's condition is false: " + u.ifExpr());
    }

    /** A manual undo with a checklist was confirmed item by item; without one, the operator is asked once. */
    private Undone confirmManual(Step s, Args args, String target, Instant t0) {
        if (hasChecklist(args)) return finish(s, UndoStatus.UNDONE, target, t0, null);
        StepOperator op = new StepOperator(s.id(), run.o.gates().answers(), run.o.gates().interaction(), run.promptLock, run::emit);
        try {
            boolean done = op.confirm(s.id(), "the undo of " + s.id() + " is done");
            return finish(s, done ? UndoStatus.UNDONE : UndoStatus.UNCONFIRMED, target, t0, done ? null : "the operator did not confirm it");
        } catch (ActionException e) {
            return finish(s, UndoStatus.UNCONFIRMED, target, t0, "shown, but nobody could confirm it (no terminal)");
        }
    }

    private static boolean hasChecklist(Args args) {
        try {
            return !args.strings("checklist").isEmpty();
        } catch (ActionException | RuntimeException e) {
            return false;
        }
    }

    private Undone finish(Step s, UndoStatus status, String target, Instant t0, String error) {
        run.emit(new RunEvent.UndoFinished(s.id(), status, run.ms(t0), error == null ? null : run.redact(error)));
        return new Undone(status, target, error);
    }
}
