package dev.runbook.engine;

import dev.runbook.model.Phase;
import dev.runbook.model.Step;
import java.util.List;
import java.util.Set;

/** The engine's view of the step graph: the steps of each phase and what each one waits for. */
public interface StepOrder {
    /** The phase's steps in document order. */
    List<Step> steps(Phase phase);

    /** Ids of steps in the same phase that must end before {@code step} starts. */
    Set<String> waitsFor(Step step);
}
