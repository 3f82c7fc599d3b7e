package dev.runbook.engine;

import dev.runbook.engine.gate.InDoubtChoice;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunEvent.ApprovalRequired.Approval;
import dev.runbook.journal.RunOutcome;
import dev.runbook.model.Effect;
import dev.runbook.model.Step;
import java.util.List;
import java.util.Optional;
import dev.runbook.journal.Via;

/**
 * On resume, what to do about work that started but never ended (a step, or a step's undo): it may or may not
 * have changed something. A read is simply run again; otherwise {@code --answers inDoubt:}, else the operator,
 * decides (rerun, done or abort), and without either the run stops before anything runs. Journaled.
 */
final class InDoubt {
    /** The choice, or how the run ends instead (aborted, or no one to ask). */
    record Decision(InDoubtChoice choice, Optional<RunEnding> ending) {}

    private final RunContext run;

    InDoubt(RunContext run) {
        this.run = run;
    }

    /** @param what "step 'x'" or "the undo of step 'x'", for messages */
    Decision decide(Step s, String title, Effect effect, String what) {
        String id = s.id();
        InDoubtChoice c;
        Via via;
        if (!effect.mutates()) {
            c = InDoubtChoice.RERUN;
            via = Via.AUTOMATIC;
        } else if (run.o.gates().answers().inDoubt(id).isPresent()) {
            c = run.o.gates().answers().inDoubt(id).get();
            via = Via.ANSWERS;
        } else if (run.o.gates().interaction().interactive()) {
            synchronized (run.promptLock) {
                c = run.o.gates().interaction().inDoubt(id, title, effect);
            }
            via = Via.TERMINAL;
        } else {
            run.emit(new RunEvent.InDoubtDecision(id, "undecided", Via.NON_INTERACTIVE, run.o.user()));
            return new Decision(null, Optional.of(new RunEnding(RunOutcome.APPROVAL_REQUIRED, what + " (" + effect.id()
                    + ") started but never finished, so it may or may not have changed something. Decide in a terminal,"
                    + " or with --answers FILE containing 'inDoubt: { " + id + ": rerun }' (or done, or abort)",
                    List.of(new Approval(id, effect.id(), s.phase().id(), "--answers inDoubt: " + id + ": rerun|done|abort")))));
        }
        if (c == InDoubtChoice.ATTACH) {
            // nothing was accepted by a provider for this one (the journal has no step.accepted): nothing to wait for
            run.emit(new RunEvent.InDoubtDecision(id, "refused: attach", via, run.o.user()));
            return new Decision(null, Optional.of(new RunEnding(RunOutcome.FAILED, what + " has no accepted operation to wait for;"
                    + " answer rerun, done or abort")));
        }
        run.emit(new RunEvent.InDoubtDecision(id, c.id(), via, run.o.user()));
        if (c == InDoubtChoice.ABORT) {
            return new Decision(c, Optional.of(new RunEnding(RunOutcome.ABORTED, "aborted: " + what + " is in doubt")));
        }
        return new Decision(c, Optional.empty());
    }
}
