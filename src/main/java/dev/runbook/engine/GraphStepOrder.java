package dev.runbook.engine;

import dev.runbook.graph.StepGraph;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link StepOrder} from the foundation's {@link StepGraph}; a graph with problems is refused. */
final class GraphStepOrder implements StepOrder {
    private final StepGraph graph;

    private GraphStepOrder(StepGraph graph) {
        this.graph = graph;
    }

    static StepOrder of(Runbook runbook) {
        return of(StepGraph.build(runbook));
    }

    static StepOrder of(StepGraph.Build b) {
        if (!b.ok()) {
            throw new IllegalArgumentException("the step graph has problems: " + b.problems().stream()
                    .map(p -> p.pos() + ": " + p.message()).collect(Collectors.joining("; ")));
        }
        return new GraphStepOrder(b.graph());
    }

    @Override
    public List<Step> steps(Phase phase) {
        List<Step> s = graph.steps(phase);
        return s == null ? List.of() : s;
    }

    @Override
    public Set<String> waitsFor(Step step) {
        return graph.dependencies(step.id());
    }

}
