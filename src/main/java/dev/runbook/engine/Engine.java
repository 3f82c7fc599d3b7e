package dev.runbook.engine;

import dev.runbook.engine.gate.GateKeeper;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunEvent.ApprovalRequired.Approval;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Durations;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one runbook: its lifecycle (start or resume, preflight, the phases in order, the ending) over named
 * collaborators: {@link Scheduler} (which step when), {@link StepRunner} (one step), {@link ApprovalRule} and
 * {@link ActionInvoker} (nothing changes unapproved), {@link RollbackSaga}, {@link RunRestore} (resume),
 * {@link RunLedger}, {@link RunScope} and {@link EventSink} (every event journaled, fsynced where it precedes a
 * change, before what it announces). It prints nothing: listeners render the events. One Engine performs one run;
 * {@link #interrupt()} may be called from another thread (Ctrl-C).
 */
public final class Engine {
    private final EngineOptions o;
    private final RunControl control = new RunControl();
    private volatile EventSink sink;

    public Engine(EngineOptions options) {
        this.o = options;
    }

    /** First Ctrl-C: stop scheduling, cancel running steps (their hooks kill the work), journal it. */
    public void interrupt() {
        if (!control.markInterrupted()) return;
        EventSink s = sink;
        if (s != null) s.emit(new RunEvent.Interrupted("interrupted by the operator (Ctrl-C)"));
        control.cancel(CancellationToken.Reason.INTERRUPT);
    }

    /**
     * As Ctrl-C, for another reason (SIGTERM, SIGHUP). {@code askOperator} false: nobody is there to ask (a closed
     * terminal, a service manager stopping runbook), so rollback happens only when {@code --answers} says so.
     */
    public void interrupt(String reason, boolean askOperator) {
        if (!control.markInterrupted(reason, askOperator)) return;
        EventSink s = sink;
        if (s != null) s.emit(new RunEvent.Interrupted(reason));
        control.cancel(CancellationToken.Reason.INTERRUPT);
    }

    /**
     * Second Ctrl-C, just before the process halts: kills the running steps' work (process trees, HTTP exchanges)
     * at once so nothing outlives the run, and journals nothing (the last event may be cut short; readers drop it).
     */
    public void stopWork() {
        EventSink s = sink;
        if (s != null) s.stop();
        control.token().cancelAndWait(CancellationToken.Reason.INTERRUPT, Duration.ofSeconds(2));
    }

    /**
     * Journals and shows that an escalation threshold passed (the caller keeps the response clock). Nothing once
     * the run has ended: the journal is closed then.
     */
    public void escalate(RunEvent.Escalated e) {
        EventSink s = sink;
        if (s == null || ended) return;
        try {
            s.emit(e);
        } catch (JournalException ex) {
            // the run ended (or was stopped) meanwhile: nothing more is recorded
            return;
        }
        EscalationNotices n = notices;
        if (n != null) n.escalated(e);
    }

    /**
     * On resume: threshold {@code e} was journaled before, with no {@code escalation.notify} after it, so it was not
     * posted: post it now (when its entry has a {@code notify:}).
     */
    public void escalatedBefore(RunEvent.Escalated e) {
        EscalationNotices n = notices;
        if (n != null && !ended) n.escalated(e);
    }

    /** On resume: the post of threshold {@code after} began and has no result: recorded as unknown, not posted again. */
    public void escalationInDoubt(String after, String to, String format) {
        EscalationNotices n = notices;
        if (n != null && !ended) n.inDoubt(after, to, format);
    }

    private volatile boolean ended;
    private volatile EscalationNotices notices;
    /** How long the end of a run waits for an escalation post under way: notify.webhook's timeout and a margin. */
    static final Duration NOTICE_WAIT = Duration.ofSeconds(35);

    /** Whether resume keeps a step that ended this way (outputs restored, not run again); otherwise it runs again. */
    public static boolean keptOnResume(StepStatus status, Step step) {
        return RunRestore.kept(status, step);
    }

    public RunResult run(RunRequest req, Journal journal) {
        Runbook rb = req.runbook();
        StepOrder order;
        try {
            order = o.order().apply(rb);
        } catch (IllegalArgumentException e) {
            return new RunResult(req.runId(), RunOutcome.FAILED, e.getMessage(), Map.of(), List.of(), Map.of());
        }
        Set<String> secretNames = new LinkedHashSet<>();
        for (Parameter p : rb.parameters().values()) {
            if (p.secret()) {
                secretNames.add(p.name());
                Object v = req.params().get(p.name());
                if (v != null) o.redactor().add(String.valueOf(v));
            }
        }
        Set<String> tainted = ConcurrentHashMap.newKeySet();
        RunLedger ledger = new RunLedger(rb);
        RunScope scope = new RunScope(req, ledger, o.environment(), new Evaluator(secretNames, tainted, o.redactor()), tainted);
        this.sink = new EventSink(journal, o.listeners(), req.runId());
        RunContext run = new RunContext(o, req, order, sink, ledger, scope, control);
        Instant start = o.clock().now();
        ApprovalRule approvals = new ApprovalRule(run);
        RunEnding ending = null;
        try (ActionInvoker invoker = new ActionInvoker(run, approvals); EscalationNotices posts = new EscalationNotices(run, invoker)) {
            notices = posts;
            RunEnding e = execute(run, approvals, invoker, secretNames);
            ending = e;
            // journaled whatever happened: a dry run without a gate still records where it would have acted
            run.identity();
            // a page under way is let finish, so its result is journaled before the end (its own timeout bounds it)
            posts.drain(NOTICE_WAIT);
            long ms = Duration.between(start, o.clock().now()).toMillis();
            String message = o.redactor().redact(e.message());
            ended = true;
            run.emit(new RunEvent.RunFinished(e.outcome(), ms, message, e.outcome() == RunOutcome.SUCCEEDED ? List.of() : run.causes()));
            return new RunResult(req.runId(), e.outcome(), message, ledger.statuses(), e.refused(), ledger.outputs());
        } catch (JournalException e) {
            // this machine's journal failed: nothing more ran; the command line says so (exit 10), with how the run had ended
            if (e.local()) throw ending == null ? e : e.unrecorded(ending.outcome().id() + ": " + o.redactor().redact(ending.message()));
            return new RunResult(req.runId(), RunOutcome.FAILED, o.redactor().redact(e.getMessage()), ledger.statuses(), List.of(),
                    ledger.outputs());
        }
    }

    private RunEnding execute(RunContext run, ApprovalRule approvals, ActionInvoker invoker, Set<String> secretNames) {
        RunRequest req = run.req;
        Runbook rb = run.rb;
        if (req.resume() == null) {
            Map<String, Object> shownParams = new LinkedHashMap<>();
            req.params().forEach((k, v) -> shownParams.put(k, secretNames.contains(k) ? "***" : v));
            run.emit(new RunEvent.RunStarted(req.runId(), rb.id(), rb.title(), rb.severity() == null ? null : rb.severity().name(),
                    rb.severity() == null ? null : Durations.format(rb.severity().responseTarget()), req.runbookPath(),
                    req.runbookSha256(), shownParams, List.copyOf(secretNames), o.user(), o.host(), req.mode().id(), o.parallel(),
                    req.incident(), req.scenario()));
        } else {
            run.emit(new RunEvent.RunResumed(req.runId(), o.user(), o.host(), req.runbookSha256(), req.forced()));
        }
        Optional<RunEnding> unknown = unknownActions(rb);
        if (unknown.isPresent()) return unknown.get();
        // asked in the background while the first steps run; any gate, the non-interactive preflight and the end wait for it
        run.identityLookup = TargetIdentity.start(run, invoker);
        RetryLoop retries = new RetryLoop(control, o.clock());
        StepRunner steps = new StepRunner(run, approvals, invoker, retries);
        Scheduler scheduler = new Scheduler(run, steps::run);
        InDoubt inDoubt = new InDoubt(run);
        RollbackSaga saga = new RollbackSaga(run, approvals, invoker, retries, scheduler, inDoubt);
        RunHistory resumed = req.resume();
        if (resumed != null) {
            Optional<RunEnding> stop = new RunRestore(run, approvals, inDoubt, new AcceptedWork(run, invoker)).restore(resumed);
            if (stop.isPresent()) return stop.get();
        }
        if (!req.mode().dry()) {
            Optional<RunEnding> refused = preflight(run, approvals, resumed != null && resumed.rollbackUnfinished());
            if (refused.isPresent()) return refused.get();
        }
        if (resumed != null && resumed.rollbackUnfinished()) return saga.resume(resumed.rollback());
        StepEnding d = StepEnding.CONTINUE;
        for (Phase phase : List.of(Phase.DIAGNOSE, Phase.RESOLVE, Phase.VERIFY)) {
            d = scheduler.runPhase(phase);
            if (d != StepEnding.CONTINUE) break;
        }
        String last = run.lastFailure;
        RunEnding ending = switch (d) {
            case CONTINUE -> new RunEnding(RunOutcome.SUCCEEDED, run.ledger.summary(req.mode().dry()));
            case FAIL -> new RunEnding(RunOutcome.FAILED, last != null ? last : "a step failed");
            case ABORT -> new RunEnding(RunOutcome.ABORTED, "aborted by the operator" + (last != null ? " after: " + last : ""));
            case ROLLBACK -> saga.start(last != null ? last : "rollback requested");
            case INTERRUPT -> afterInterrupt(run, saga);
        };
        return failedReads(run, ending);
    }

    /**
     * A dry run that went on planning after reads failed says so at its end, and is not a success: how many reads
     * failed, where a real run would have stopped, and, when a read could not reach its provider (sign-in or
     * connection), that {@code --offline} shows the plan without reaching any provider.
     */
    private static RunEnding failedReads(RunContext run, RunEnding ending) {
        List<RunLedger.FailedRead> failed = run.ledger.failedReads();
        if (failed.isEmpty()) return ending;
        StringBuilder sb = new StringBuilder();
        sb.append(failed.size()).append(failed.size() == 1 ? " read" : " reads").append(" failed (")
                .append(String.join(", ", failed.stream().map(RunLedger.FailedRead::what).toList()))
                .append("): the dry run went on planning, with what depends on them shown as unknown until run.");
        RunLedger.FailedRead first = failed.get(0);
        sb.append(" A real run would stop at '").append(first.step()).append("' (onFailure: ").append(first.onFailure()).append("): ")
                .append(dev.runbook.text.Display.headline(first.error())).append(dev.runbook.text.Display.headline(first.error()).endsWith(".") ? "" : ".");
        List<String> unreachable = failed.stream().filter(RunLedger.FailedRead::reach).map(RunLedger.FailedRead::what).toList();
        if (!unreachable.isEmpty()) {
            sb.append("\n").append(String.join(", ", unreachable)).append(unreachable.size() == 1 ? " could not reach its provider"
                    : " could not reach their providers").append(" (sign-in or connection): fix that and run again, or add --offline"
                    + " to see the plan without reaching any provider.");
        }
        if (ending.outcome() == RunOutcome.SUCCEEDED) return new RunEnding(RunOutcome.FAILED, sb.toString());
        return new RunEnding(ending.outcome(), ending.message() + "\n" + sb, ending.refused());
    }

    private Optional<RunEnding> unknownActions(Runbook rb) {
        for (Step s : rb.allSteps()) {
            String uses = o.actions().spec(s.uses()).isEmpty() ? s.uses()
                    : s.undo() != null && o.actions().spec(s.undo().uses()).isEmpty() ? s.undo().uses() : null;
            if (uses != null) {
                return Optional.of(new RunEnding(RunOutcome.FAILED, "step '" + s.id() + "' (" + s.pos() + ") uses unknown action '" + uses
                        + "'; run 'runbook validate' to see every problem"));
            }
        }
        return Optional.empty();
    }

    /** A run without a terminal stops before anything changes unless every change it may make is approved. */
    private Optional<RunEnding> preflight(RunContext run, ApprovalRule approvals, boolean rollbackOnly) {
        List<GateKeeper.Candidate> candidates = approvals.candidates(rollbackOnly);
        List<Approval> refused = o.gates().preflight(candidates);
        // a rehearsal keeps running into an unanswered step: scenarios rehearse exactly that failure
        List<String> operator = o.gates().interaction().interactive() || run.req.mode() != Mode.EXECUTE ? List.of()
                : OperatorPreflight.unanswered(run.rb, o.gates().answers(), run.ledger::ended, rollbackOnly);
        if (refused.isEmpty() && operator.isEmpty()) return Optional.empty();
        if (!refused.isEmpty()) run.emit(new RunEvent.ApprovalRequired(refused));
        StringBuilder sb = new StringBuilder(refused.isEmpty()
                ? "an operator is needed and there is no terminal; no step has run."
                : "approval required before anything changes; no step has run. Steps that need approval:");
        for (Approval a : refused) {
            Step s = run.rb.step(a.step()).orElseThrow();
            sb.append("\n  ").append(a.step()).append(" (").append(a.effect());
            if (a.undo() != null) sb.append("; the step ").append(run.effects.own(s).id()).append("s, its undo would: ").append(a.undo());
            sb.append(")");
            if (s.phase() == Phase.ROLLBACK) sb.append(", runs only on rollback");
            sb.append(": ").append(a.how());
        }
        if (!operator.isEmpty()) sb.append("\nManual steps that ask the operator (run in a terminal, or script the answers):");
        for (String m : operator) sb.append("\n  ").append(m);
        if (!refused.isEmpty() && !run.identity().targets().isEmpty()) {
            sb.append("\nIt would act as:");
            for (String l : run.identity().lines()) sb.append("\n  ").append(l);
        }
        return Optional.of(new RunEnding(RunOutcome.APPROVAL_REQUIRED, sb.toString(), refused));
    }

    private RunEnding afterInterrupt(RunContext run, RollbackSaga saga) {
        List<String> undoable = run.ledger.undoOrder();
        boolean roll = false;
        if (!undoable.isEmpty() || !run.order.steps(Phase.ROLLBACK).isEmpty()) {
            String scripted = o.gates().answers().interrupt();
            if (scripted != null) {
                roll = scripted.equals("rollback");
            } else if (o.gates().interaction().interactive() && !control.noOperator()) {
                synchronized (run.promptLock) {
                    roll = o.gates().interaction().offerRollback("interrupted", undoable);
                }
            }
        }
        if (roll) return saga.start("interrupted by the operator");
        return new RunEnding(RunOutcome.INTERRUPTED, "interrupted; the journal is complete. Continue with: runbook resume " + run.req.runId());
    }
}
