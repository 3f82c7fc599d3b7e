package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Operation;
import dev.runbook.action.Result;
import dev.runbook.engine.gate.InDoubtChoice;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunEvent.ApprovalRequired.Approval;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.runbook.journal.Via;

/**
 * On resume, a step in doubt because its provider had accepted an operation (an LRO, a restore, a rotation) that may
 * still be going on: it was neither finished nor cancelled, whatever runbook did meanwhile. The action checks where
 * the operation stands (read-only), the journal records it, and then — from {@code --answers inDoubt:} or the
 * operator — runbook waits for it ({@code attach}), counts it done, or stops. It is run again only when the provider
 * says it ended without making the change (or, at a terminal, when nobody can tell and the operator says so): a
 * second restore or rotation is never started blindly.
 */
final class AcceptedWork {
    private final RunContext run;
    private final ActionInvoker invoker;

    AcceptedWork(RunContext run, ActionInvoker invoker) {
        this.run = run;
        this.invoker = invoker;
    }

    /** What became of the step: its outputs when it is now done, or how the run ends instead; neither: run it again. */
    record Decision(Optional<Map<String, Object>> done, Optional<RunEnding> ending) {}

    Decision decide(Step s, RunEvent.StepAccepted accepted) {
        String id = s.id();
        Operation op = new Operation(accepted.kind(), accepted.id(), accepted.description());
        Action action = run.o.actions().action(s.uses());
        ActionSpec spec = action.spec();
        Duration timeout = s.timeout() != null ? s.timeout() : spec.defaultTimeout();
        Operation.State state;
        try {
            state = invoker.checkOperation(s, action, op, timeout);
        } catch (ActionException e) {
            state = Operation.State.unknown("looking it up failed: " + e.getMessage());
        }
        String where = "the " + op.description() + " (" + op.kind() + " " + op.id() + "): " + state.status().name().toLowerCase(java.util.Locale.ROOT)
                + (state.detail() == null || state.detail().isBlank() ? "" : ", " + state.detail());
        run.emit(new RunEvent.OperatorText(id, "accepted operation", "the provider had accepted " + where));
        Effect effect = run.effects.own(s);
        boolean interactive = run.o.gates().interaction().interactive();
        Optional<InDoubtChoice> scripted = run.o.gates().answers().inDoubt(id);
        InDoubtChoice c;
        Via via;
        if (scripted.isPresent()) {
            c = scripted.get();
            via = Via.ANSWERS;
        } else if (interactive) {
            boolean rerunSafe = state.status() == Operation.Status.FAILED || state.status() == Operation.Status.UNKNOWN;
            synchronized (run.promptLock) {
                c = run.o.gates().interaction().inDoubt(id, s.displayTitle(), effect, where, rerunSafe);
            }
            via = Via.TERMINAL;
        } else {
            run.emit(new RunEvent.InDoubtDecision(id, "undecided", Via.NON_INTERACTIVE, run.o.user()));
            return ending(RunOutcome.APPROVAL_REQUIRED, "step '" + id + "' is in doubt: its provider had accepted " + where
                    + ". Decide in a terminal, or with --answers FILE containing 'inDoubt: { " + id + ": attach }' (wait for it),"
                    + " done, or abort", List.of(new Approval(id, effect.id(), s.phase().id(), "--answers inDoubt: " + id + ": attach|done|abort")));
        }
        if (c == InDoubtChoice.RERUN && state.status() != Operation.Status.FAILED && via != Via.TERMINAL) {
            run.emit(new RunEvent.InDoubtDecision(id, "refused: rerun", via, run.o.user()));
            return ending(RunOutcome.FAILED, "not running step '" + id + "' again: its provider had accepted " + where
                    + "; a second one could run beside it. Answer attach (wait for it) or done, or run it again once it has failed", List.of());
        }
        run.emit(new RunEvent.InDoubtDecision(id, c.id(), via, run.o.user()));
        return switch (c) {
            case ABORT -> ending(RunOutcome.ABORTED, "aborted: step '" + id + "' is in doubt (" + where + ")", List.of());
            case DONE -> done(s, Map.of(), "marked done by the operator on resume (outputs unknown)");
            case RERUN -> new Decision(Optional.empty(), Optional.empty());
            case ATTACH -> attach(s, action, op, timeout);
        };
    }

    private Decision attach(Step s, Action action, Operation op, Duration timeout) {
        try {
            Result r = invoker.attach(s, action, op, timeout);
            return done(s, Plain.normalizeMap(r.outputs()), "waited for the " + op.description() + " on resume: " + r.summary());
        } catch (ActionException e) {
            run.emit(new RunEvent.StepFinished(s.id(), s.phase().id(), StepStatus.FAILED, Map.of(), Map.of(), 0, null,
                    run.o.redactor().redact(e.getMessage()), StepFailure.errorKind(e.kind()), e.hint()));
            return ending(RunOutcome.FAILED, "step '" + s.id() + "': waiting for the " + op.description() + " failed: " + e.getMessage(), List.of());
        }
    }

    private Decision done(Step s, Map<String, Object> outputs, String reason) {
        run.emit(new RunEvent.StepFinished(s.id(), s.phase().id(), StepStatus.SUCCEEDED, outputs, Map.of(), 0, reason, null, null, null));
        return new Decision(Optional.of(outputs), Optional.empty());
    }

    private static Decision ending(RunOutcome outcome, String message, List<Approval> refused) {
        return new Decision(Optional.empty(), Optional.of(new RunEnding(outcome, message, refused)));
    }
}
