package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.graph.StepGraph;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import org.junit.jupiter.api.Test;

/**
 * A run builds its step graph once (the checks before it reason over it) and the engine runs in that graph's order:
 * {@link StepOrder#from} uses the graph it is given for that very runbook, and builds one for any other.
 */
class StepOrderTest {
    @Test
    void the_runbook_the_graph_was_built_for_gets_that_graph_and_any_other_runbook_a_graph_of_its_own() {
        Runbook checked = runbook("a").resolve(step("one", "fake.write"), step("two", "fake.write")).build();
        Runbook other = runbook("b").resolve(step("x", "fake.write")).build();
        // a graph that is visibly not the runbook's own: if the order used it, the steps are the other runbook's
        StepGraph.Build foreign = StepGraph.build(other);
        var order = StepOrder.from(checked, foreign);
        assertThat(order.apply(checked).steps(Phase.RESOLVE)).extracting(Step::id).containsExactly("x");
        // an equal but distinct runbook is not the one checked: it gets its own graph
        Runbook equalCopy = runbook("a").resolve(step("one", "fake.write"), step("two", "fake.write")).build();
        assertThat(order.apply(equalCopy).steps(Phase.RESOLVE)).extracting(Step::id).containsExactly("one", "two");
        assertThat(order.apply(equalCopy).waitsFor(equalCopy.step("two").orElseThrow())).containsExactly("one");
    }

    @Test
    void a_shared_graph_with_problems_is_refused_as_a_graph_built_by_the_engine_is() {
        Runbook rb = runbook("a").resolve(step("one", "fake.write")).build();
        Runbook cyclic = runbook("c").resolve(step("p", "fake.write").needs("q"), step("q", "fake.write").needs("p")).build();
        StepGraph.Build broken = StepGraph.build(cyclic);
        assertThat(broken.ok()).isFalse();
        assertThatThrownBy(() -> StepOrder.from(rb, broken).apply(rb)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the step graph has problems");
    }
}
