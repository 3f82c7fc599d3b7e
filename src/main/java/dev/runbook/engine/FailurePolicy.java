package dev.runbook.engine;

import dev.runbook.engine.gate.FailureChoice;
import dev.runbook.engine.gate.FailureRequest;
import dev.runbook.journal.RunEvent;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Step;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.runbook.journal.Via;

/**
 * What happens after a step failed: its {@code onFailure:}, unless {@code --answers} or the operator (asked in a
 * terminal, never in a dry run) chooses retry, skip, abort or rollback. The choice is journaled.
 */
final class FailurePolicy {
    /** The choice, and whether it means "try the step again". */
    record Choice(StepEnding ending, boolean retry) {}

    private final RunContext run;
    private final Set<String> scriptedRetryUsed = ConcurrentHashMap.newKeySet();

    FailurePolicy(RunContext run) {
        this.run = run;
    }

    Choice after(Step s, StepFailure f) {
        OnFailure of = s.onFailureOrDefault();
        if (of == OnFailure.CONTINUE) return new Choice(StepEnding.CONTINUE, false);
        FailureChoice dflt = of == OnFailure.ROLLBACK ? FailureChoice.ROLLBACK : FailureChoice.ABORT;
        FailureChoice choice;
        Via via;
        Optional<FailureChoice> scripted = run.o.gates().answers().failure(s.id());
        // a scripted retry is used once: a second failure falls through to the terminal or the default
        if (scripted.isPresent() && !(scripted.get() == FailureChoice.RETRY && !scriptedRetryUsed.add(s.id()))) {
            choice = scripted.get();
            via = Via.ANSWERS;
        } else if (run.o.gates().interaction().interactive() && !run.dry()) {
            synchronized (run.promptLock) {
                choice = run.o.gates().interaction().failure(new FailureRequest(s.id(), s.displayTitle(), s.phase(),
                        run.redact(f.message()), f.hint(), of, dflt));
            }
            via = Via.TERMINAL;
        } else {
            choice = dflt;
            via = Via.ON_FAILURE;
        }
        run.emit(new RunEvent.FailureChoice(s.id(), choice.id(), via, run.o.user()));
        return switch (choice) {
            case RETRY -> new Choice(StepEnding.CONTINUE, true);
            case SKIP -> new Choice(StepEnding.CONTINUE, false);
            case ABORT -> new Choice(via == Via.ON_FAILURE ? StepEnding.FAIL : StepEnding.ABORT, false);
            case ROLLBACK -> new Choice(StepEnding.ROLLBACK, false);
        };
    }
}
