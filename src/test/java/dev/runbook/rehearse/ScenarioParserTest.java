package dev.runbook.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.sim.Fault;
import dev.runbook.action.sim.ResourceId;
import dev.runbook.action.sim.WorldChange;
import dev.runbook.check.Diagnostic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {
    static final Path DIR = Path.of("src/test/resources/rehearse/scenarios/mini");

    @Test
    void reads_a_complete_scenario() {
        ScenarioParser.Result r = ScenarioParser.parse(DIR.resolve("good.yaml"));
        assertThat(r.diagnostics()).isEmpty();
        Scenario s = r.scenario().orElseThrow();
        assertThat(s.id()).isEqualTo("good");
        assertThat(s.runbook()).isEqualTo("mini");
        assertThat(s.parameters()).containsEntry("app", "api-prod");
        assertThat(s.sim().resources()).containsEntry(new ResourceId("http.endpoint", "https://api.example.com/health"),
                Map.of("status", 503L, "latencyMs", 40L));
        assertThat(s.sim().changes()).hasSize(2);
        WorldChange first = s.sim().changes().get(0);
        assertThat(first.when()).isEqualTo(new WorldChange.StepSucceeded("scale-out"));
        assertThat(first.afterCalls()).isEqualTo(2);
        WorldChange second = s.sim().changes().get(1);
        assertThat(second.when()).isEqualTo(new WorldChange.ResourceIs(new ResourceId("azure.appservice.plan", "asp-prod"), Map.of("workers", 3L)));
        assertThat(second.afterTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.sim().steps().get("scale-out").fault().kind()).isEqualTo(Fault.Kind.TRANSIENT);
        assertThat(s.sim().steps().get("scale-out").fault().times()).isEqualTo(1);
        assertThat(s.sim().steps().get("scale-out").latency()).isEqualTo(Duration.ofSeconds(20));
        Fault timeout = s.sim().actions().get("http.check").fault();
        assertThat(timeout.kind()).isEqualTo(Fault.Kind.TIMEOUT);
        assertThat(timeout.times()).isEqualTo(1);
        assertThat(timeout.message()).isEqualTo("no answer");
        assertThat(s.expect().outcome()).isEqualTo(Outcome.RESOLVED);
        assertThat(s.expect().run()).containsExactly("health", "app", "scale-out", "healthy");
        assertThat(s.expect().within()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.answers().gates()).containsExactly(Map.entry("scale-out", "yes"));
        assertThat(s.answers().failures()).containsExactly(Map.entry("healthy", "rollback"));
    }

    @Test
    void reports_structural_mistakes_with_positions_and_suggestions() {
        List<String> d = ScenarioParser.parse(DIR.resolve("typos.yaml")).diagnostics().stream().map(Diagnostic::toString).toList();
        String f = DIR.resolve("typos.yaml").toString();
        assertThat(d).containsExactlyInAnyOrder(
                f + ":3:1: error RB010: unknown field 'parameter' in scenario (did you mean 'parameters'?)",
                f + ":7:3: error RB017: 'no-slash' is not a resource: write kind/name (e.g. azure.webapp/api-prod or http.endpoint/https://api.example.com/health)",
                f + ":10:12: error RB016: 'after' must be a duration or a number of calls, found 'soon' (write 'after: 90s' (simulated time) or 'after: 2 calls' (reads of the changed resources))",
                f + ":15:12: error RB017: unknown fault 'flaky' (transient (fails once, then works), permanent (fails every call) or timeout (never answers))",
                f + ":16:5: error RB010: unknown field 'latncy' in steps 'scale-out' (did you mean 'latency'?)",
                f + ":18:12: error RB017: unknown outcome 'done' (one of: resolved, rolled-back, failed, aborted)",
                f + ":20:23: error RB017: gate answer 'yse' for step 'scale-out' looks like a typo (did you mean 'yes'? (anything other than yes, no or abort is the name typed at a destructive gate))",
                f + ":21:24: error RB017: 'answers.failures.healthy' must be one of retry, skip, abort, rollback, found 'retyr' (did you mean 'retry'?)");
    }

    @Test
    void the_id_must_match_the_file_and_the_folder_the_runbook() {
        ScenarioParser.Result r = ScenarioParser.parse("runbooks/scenarios/service-down/app-stopped.yaml",
                "scenario: app-down\nrunbook: service-up\n");
        assertThat(r.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "runbooks/scenarios/service-down/app-stopped.yaml:1:11: error RB013: scenario id 'app-down' differs from the file name 'app-stopped'"
                        + " (rename the file or write 'scenario: app-stopped')",
                "runbooks/scenarios/service-down/app-stopped.yaml:2:10: error RB070: scenario is for runbook 'service-up' but sits in"
                        + " scenarios/service-down/ (move it to scenarios/service-up/ or write 'runbook: service-down')");
    }

    @Test
    void a_transient_fault_can_fail_several_times_and_a_timeout_always() {
        Scenario s = ScenarioParser.parse("x.yaml", """
                scenario: x
                runbook: mini
                steps:
                  a: { fault: { kind: transient, times: 3 } }
                  b: { fault: timeout }
                  c: { fault: { kind: permanent, times: always } }
                """).scenario().orElseThrow();
        assertThat(s.sim().steps().get("a").fault().times()).isEqualTo(3);
        assertThat(s.sim().steps().get("b").fault().times()).isEqualTo(Fault.ALWAYS);
        assertThat(s.sim().steps().get("c").fault().times()).isEqualTo(Fault.ALWAYS);
    }

    @Test
    void yaml_errors_come_from_the_shared_reader() {
        ScenarioParser.Result r = ScenarioParser.parse("x.yaml", "scenario: x\nrunbook: &a mini\nexpect: *a\n");
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.diagnostics().get(0).code()).isEqualTo("RB004");
    }

    @Test
    void a_file_that_is_not_a_mapping_is_refused() {
        assertThat(ScenarioParser.parse("x.yaml", "- a\n- b\n").diagnostics()).extracting(Diagnostic::message)
                .containsExactly("a scenario is a mapping of fields, found a list");
    }
}
