package dev.runbook.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.parse.RunbookParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepGraphTest {
    static Runbook parse(String phases) {
        return RunbookParser.parse("g.yaml", "runbook: g\ntitle: t\nseverity: P2\n" + phases).runbook().orElseThrow();
    }

    static String step(String id, String needs) {
        return "  - id: " + id + "\n    uses: x\n" + (needs == null ? "" : "    needs: " + needs + "\n");
    }

    static List<String> ids(List<Step> steps) {
        return steps.stream().map(Step::id).toList();
    }

    @Test
    void default_needs_chain_steps_in_document_order() {
        StepGraph.Build b = StepGraph.build(parse("diagnose:\n" + step("a", null) + step("b", null) + step("c", null)));
        assertThat(b.ok()).isTrue();
        StepGraph g = b.graph();
        assertThat(g.dependencies("b")).containsExactly("a");
        assertThat(g.ancestors("c")).containsExactlyInAnyOrder("a", "b");
        assertThat(g.parallelGroups(Phase.DIAGNOSE)).hasSize(3);
        assertThat(g.isBefore("a", "c")).isTrue();
        assertThat(g.isBefore("c", "a")).isFalse();
    }

    @Test
    void empty_needs_make_independent_steps_that_run_in_parallel() {
        StepGraph g = StepGraph.build(parse("diagnose:\n" + step("a", "[]") + step("b", "[]") + step("c", "[]") + step("sum", "[a, b, c]"))).graph();
        assertThat(g.parallelGroups(Phase.DIAGNOSE)).extracting(StepGraphTest::ids)
                .containsExactly(List.of("a", "b", "c"), List.of("sum"));
        assertThat(g.isBefore("a", "b")).isFalse();
        assertThat(g.isBefore("b", "sum")).isTrue();
    }

    @Test
    void orders_topologically_when_needs_point_forward() {
        StepGraph g = StepGraph.build(parse("resolve:\n" + step("late", "[early]") + step("early", "[]"))).graph();
        assertThat(ids(g.steps(Phase.RESOLVE))).containsExactly("early", "late");
        assertThat(g.dependencies("late")).containsExactly("early");
    }

    @Test
    void earlier_phases_are_always_before_and_need_no_edge() {
        StepGraph g = StepGraph.build(parse("diagnose:\n" + step("d", null) + "verify:\n" + step("v", "[d]"))).graph();
        assertThat(g.dependencies("v")).isEmpty();
        assertThat(g.isBefore("d", "v")).isTrue();
        assertThat(g.phases()).containsExactly(Phase.DIAGNOSE, Phase.VERIFY);
    }

    @Test
    void reports_a_cycle_with_its_path_and_still_lists_every_step() {
        StepGraph.Build b = StepGraph.build(parse("diagnose:\n" + step("a", "[c]") + step("b", "[a]") + step("c", "[b]") + step("d", "[c]")));
        assertThat(b.problems()).extracting(GraphProblem::kind).containsExactly(GraphProblem.Kind.CYCLE, GraphProblem.Kind.UNREACHABLE);
        assertThat(b.problems().get(0).message()).contains("a → b → c → a");
        assertThat(ids(b.graph().steps(Phase.DIAGNOSE))).containsExactly("a", "b", "c", "d");
    }

    @Test
    void reports_unknown_and_later_phase_needs() {
        StepGraph.Build b = StepGraph.build(parse("diagnose:\n" + step("a", "[nope, v]") + "verify:\n" + step("v", null)));
        assertThat(b.problems()).extracting(GraphProblem::kind)
                .containsExactly(GraphProblem.Kind.UNKNOWN_NEED, GraphProblem.Kind.NEED_LATER_PHASE);
    }

    @Test
    void ancestors_of_a_diamond_and_behind_a_cycle() {
        StepGraph.Build b = StepGraph.build(parse("diagnose:\n" + step("a", "[]") + step("l", "[a]") + step("r", "[a]") + step("j", "[l, r]")
                + step("x", "[y]") + step("y", "[x]") + step("z", "[y, j]")));
        StepGraph g = b.graph();
        assertThat(g.ancestors("j")).containsExactlyInAnyOrder("a", "l", "r");
        assertThat(g.ancestors("a")).isEmpty();
        assertThat(g.isBefore("a", "j")).isTrue();
        assertThat(g.isBefore("l", "r")).isFalse();
        assertThat(g.ancestors("x")).containsExactlyInAnyOrder("y");
        assertThat(g.ancestors("z")).containsExactlyInAnyOrder("x", "y", "a", "l", "r", "j");
        assertThat(b.problems()).filteredOn(p -> p.kind() == GraphProblem.Kind.UNREACHABLE).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("step 'z' can never run: it waits for 'y', which is part of a needs cycle"));
    }

    @Test
    void a_long_chain_knows_every_ancestor() {
        StringBuilder sb = new StringBuilder("diagnose:\n");
        for (int i = 0; i < 2_000; i++) sb.append(step("s" + i, null));
        StepGraph g = StepGraph.build(parse(sb.toString())).graph();
        assertThat(g.ancestors("s1999")).hasSize(1_999);
        assertThat(g.isBefore("s0", "s1999")).isTrue();
        assertThat(g.isBefore("s1999", "s0")).isFalse();
    }
}
