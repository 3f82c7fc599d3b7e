package dev.runbook.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookParser;
import dev.runbook.testing.FixtureCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A template that reads no step is analysed once per runbook and shared by every step and place that writes it;
 * one that reads a step is analysed per step and place. Each occurrence is still reported at its own position.
 */
class SharedAnalysisTest {
    static final String RUNBOOK = """
            runbook: s
            title: t
            severity: P2
            parameters:
              app: { type: string, default: web }
            diagnose:
              - id: a
                uses: test.get
                with: { name: "${params.nope}" }
              - id: b
                uses: test.get
                needs: []
                with: { name: "${steps.a.outputs.state}" }
              - id: c
                uses: test.get
                needs: [a]
                with: { name: "${steps.a.outputs.state}" }
            resolve:
              - id: fix
                uses: test.scale
                with: { plan: "${params.nope}", workers: "${params.app}" }
                undo:
                  uses: test.scale
                  with: { plan: "${steps.b.outputs.plan}", workers: "${params.app}" }
            """;

    private static List<String> check(String yaml) {
        Runbook runbook = RunbookParser.parse("s.yaml", yaml).runbook().orElseThrow();
        return new Checker(FixtureCatalogue.create()).check(runbook).stream()
                .map(d -> d.line() + ":" + d.col() + " " + d.code() + " " + d.message()).toList();
    }

    @Test
    void every_occurrence_is_reported_and_step_reads_are_judged_per_step() {
        assertThat(check(RUNBOOK)).containsExactly(
                "9:22 RB041 unknown parameter 'nope'",
                "13:22 RB043 steps.a may run at the same time as this step (it is not among its needs)",
                "21:22 RB041 unknown parameter 'nope'",
                "21:47 RB024 argument 'workers' of test.scale (step 'fix') must be a whole number, but the expression gives string",
                "24:58 RB024 argument 'workers' of test.scale (the undo of step 'fix') must be a whole number, but the expression gives string");
    }
}
