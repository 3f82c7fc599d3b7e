package dev.runbook.engine;

import dev.runbook.engine.gate.InDoubtChoice;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Phase;
import dev.runbook.model.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resume's first act: the journal's account of the run becomes the ledger again. Steps that ended for good keep
 * their outputs (and are not run again), gate approvals are restored (so a rollback's undos run under them), and
 * each step in doubt is decided. While a rollback is open, only its own steps are considered: the forward phases
 * are over.
 */
final class RunRestore {
    private final RunContext run;
    private final ApprovalRule approvals;
    private final InDoubt inDoubt;
    private final AcceptedWork accepted;

    RunRestore(RunContext run, ApprovalRule approvals, InDoubt inDoubt, AcceptedWork accepted) {
        this.run = run;
        this.approvals = approvals;
        this.inDoubt = inDoubt;
        this.accepted = accepted;
    }

    /** Whether resume keeps a step that ended this way (outputs restored, not run again); otherwise it runs again. */
    static boolean kept(StepStatus status, Step step) {
        return switch (status) {
            case SUCCEEDED, SKIPPED -> true;
            case FAILED -> step.onFailureOrDefault() == OnFailure.CONTINUE;
            case PLANNED, CANCELLED -> false;
        };
    }

    /** @return how the run ends instead of going on (an in-doubt step aborted or undecided), or empty */
    Optional<RunEnding> restore(RunHistory h) {
        Map<String, Effect> approved = new LinkedHashMap<>();
        h.approved().forEach((step, effect) -> Effect.parse(effect).ifPresent(e -> approved.put(step, e)));
        approvals.restore(approved);
        boolean inRollback = h.rollbackUnfinished();
        for (RunHistory.StepRecord r : h.steps().values()) {
            Optional<Step> step = run.rb.step(r.step());
            if (step.isEmpty() || !kept(r.status(), step.get())) continue;
            run.ledger.end(r.step(), StepState.restored(r.status(), r.outputs(), r.before()));
            run.ledger.unreached(r.step(), r.status() == StepStatus.FAILED && r.reach() != null);
            if (r.status() == StepStatus.SUCCEEDED) changed(step.get());
        }
        for (String id : h.inDoubt()) {
            Optional<Step> step = run.rb.step(id);
            if (step.isEmpty()) continue;
            Step s = step.get();
            if (inRollback && s.phase() != Phase.ROLLBACK) continue;
            RunEvent.StepAccepted op = h.accepted().get(id);
            if (op != null) {
                // the provider may still be carrying it out: check on it, wait for it, never start a second one blindly
                AcceptedWork.Decision a = accepted.decide(s, op);
                if (a.ending().isPresent()) return a.ending();
                if (a.done().isPresent()) {
                    run.ledger.end(id, StepState.restored(StepStatus.SUCCEEDED, a.done().get(), Map.of()));
                    changed(s);
                }
                continue;
            }
            InDoubt.Decision d = inDoubt.decide(s, s.displayTitle(), run.effects.own(s), "step '" + id + "'");
            if (d.ending().isPresent()) return d.ending();
            if (d.choice() == InDoubtChoice.DONE) {
                run.ledger.end(id, StepState.restored(StepStatus.SUCCEEDED, Map.of(), Map.of()));
                changed(s);
                run.emit(new RunEvent.StepFinished(id, s.phase().id(), StepStatus.SUCCEEDED, Map.of(), Map.of(), 0,
                        "marked done by the operator on resume (outputs unknown)", null, null, null));
            }
        }
        return Optional.empty();
    }

    private void changed(Step s) {
        if (s.phase() == Phase.RESOLVE && (run.effects.own(s).mutates() || s.undo() != null)) run.ledger.changed(s.id());
    }
}
