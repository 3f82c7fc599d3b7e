package dev.runbook.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.action.sim.ResourceId;
import dev.runbook.engine.EngineOptions;
import dev.runbook.journal.Journal;
import dev.runbook.journal.RunOutcome;
import dev.runbook.model.Runbook;
import dev.runbook.secret.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RehearsalTest {
    static final Catalogue CATALOGUE = Catalogue.standard();
    @TempDir
    Path tmp;

    private Rehearsal.Run rehearse(Scenario s) throws Exception {
        Runbook rb = ScenarioCheckerTest.mini();
        EngineOptions options = EngineOptions.builder().catalogue(CATALOGUE).answers(Rehearsal.answers(s, rb, CATALOGUE)).workDir(tmp).build();
        try (Journal j = Journal.create(tmp.resolve("run"), new Redactor(), Clock.systemUTC())) {
            return Rehearsal.run(rb, s, CATALOGUE, options, Double.POSITIVE_INFINITY, "rehearsal-1", j);
        }
    }

    private static Scenario scenario(String file) {
        return ScenarioParser.parse(ScenarioParserTest.DIR.resolve(file)).scenario().orElseThrow();
    }

    @Test
    void verify_polls_until_the_simulated_endpoint_recovers_and_the_debrief_passes() throws Exception {
        Rehearsal.Run run = rehearse(scenario("recovers.yaml"));
        assertThat(run.result().outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        Debrief d = run.debrief();
        assertThat(d.deviations()).isEmpty();
        assertThat(d.ran()).containsExactly("health", "app", "scale-out", "healthy");
        assertThat(d.gates()).containsExactly(Map.entry("scale-out", dev.runbook.journal.GateAnswer.APPROVE));
        assertThat(d.elapsed()).as("two retry delays of 30s in simulated time").isGreaterThanOrEqualTo(Duration.ofSeconds(60)).isLessThan(Duration.ofMinutes(2));
        assertThat(run.world().read(new ResourceId("azure.appservice.plan", "asp-prod"), false).orElseThrow()).containsEntry("workers", 3L);
        assertThat(d.worldChanges()).contains("azure.appservice.plan/asp-prod workers: 1 → 3 (scale-out (azure.appservice.plan.scale))");
        assertThat(Files.readString(tmp.resolve("run/journal.jsonl"))).contains("\"gate.answer\"").contains("\"run.end\"");
    }

    @Test
    void a_failed_verify_rolls_the_scale_out_back_in_the_simulated_world() throws Exception {
        Rehearsal.Run run = rehearse(scenario("never-recovers.yaml"));
        assertThat(run.result().outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(run.debrief().deviations()).isEmpty();
        assertThat(run.world().read(new ResourceId("azure.appservice.plan", "asp-prod"), false).orElseThrow()).containsEntry("workers", 1L);
    }

    @Test
    void approving_a_step_the_scenario_says_to_refuse_is_a_deviation() throws Exception {
        Scenario s = ScenarioParser.parse("refuse.yaml", """
                scenario: refuse
                runbook: mini
                parameters: { app: api-prod, healthUrl: "https://api.example.com/health" }
                resources:
                  azure.webapp/api-prod: { state: Running, plan: asp-prod }
                  azure.appservice.plan/asp-prod: { workers: 1 }
                  http.endpoint/https://api.example.com/health: { status: 200 }
                expect:
                  outcome: resolved
                  refuse: [scale-out]
                  skip: [scale-out]
                  within: 30s
                answers:
                  gates: { scale-out: yes }
                """).scenario().orElseThrow();
        Debrief d = rehearse(s).debrief();
        assertThat(d.outcome()).isEqualTo(Outcome.RESOLVED);
        assertThat(d.deviations()).containsExactly(
                "step 'scale-out' ran, but this incident needs it skipped",
                "approved step 'scale-out', which the scenario says to refuse");
    }

    @Test
    void without_answers_a_refused_gate_comes_from_the_expected_path() throws Exception {
        Scenario s = ScenarioParser.parse("derived.yaml", """
                scenario: derived
                runbook: mini
                parameters: { app: api-prod, healthUrl: "https://api.example.com/health" }
                resources:
                  azure.webapp/api-prod: { state: Running, plan: asp-prod }
                  azure.appservice.plan/asp-prod: { workers: 1 }
                  http.endpoint/https://api.example.com/health: { status: 200 }
                expect:
                  outcome: resolved
                  refuse: [scale-out]
                """).scenario().orElseThrow();
        Rehearsal.Run run = rehearse(s);
        assertThat(run.debrief().gates()).containsExactly(Map.entry("scale-out", dev.runbook.journal.GateAnswer.SKIP));
        assertThat(run.debrief().deviations()).isEmpty();
    }
}
