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

    /**
     * The order of {@code runbook} from its step graph {@code graph}, already built (by the checks that ran before the
     * run); for any other runbook the graph is built anew. A graph with problems is refused when the engine asks.
     */
    static java.util.function.Function<dev.runbook.model.Runbook, StepOrder> from(dev.runbook.model.Runbook runbook,
                                                                                 dev.runbook.graph.StepGraph.Build graph) {
        return rb -> rb == runbook ? GraphStepOrder.of(graph) : GraphStepOrder.of(rb);
    }
}
