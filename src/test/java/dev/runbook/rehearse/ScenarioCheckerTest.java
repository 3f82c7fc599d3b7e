package dev.runbook.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Provider;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioCheckerTest {
    static final Catalogue CATALOGUE = new Catalogue(List.of(
            provider("http", ActionSpec.builder("http.check", Effect.READ).required("url", ParamType.URL, "url")
                    .optional("expect", ParamType.MAP, Map.of(), "e").output("status", ParamType.INT, "s").output("ok", ParamType.BOOL, "ok").build()),
            provider("azure",
                    ActionSpec.builder("azure.webapp.get", Effect.READ).required("resourceGroup", ParamType.STRING, "g")
                            .required("name", ParamType.STRING, "n").output("state", ParamType.STRING, "s").output("plan", ParamType.STRING, "p").build(),
                    ActionSpec.builder("azure.webapp.restart", Effect.WRITE).required("resourceGroup", ParamType.STRING, "g")
                            .required("name", ParamType.STRING, "n").output("state", ParamType.STRING, "s").build(),
                    ActionSpec.builder("azure.appservice.plan.scale", Effect.WRITE).required("resourceGroup", ParamType.STRING, "g")
                            .required("plan", ParamType.STRING, "p").optional("workers", ParamType.INT, null, "w")
                            .before("workers", ParamType.INT, "w").output("workers", ParamType.INT, "w").build())));

    static Provider provider(String id, ActionSpec... specs) {
        return new Provider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<ActionSpec> specs() {
                return List.of(specs);
            }

            @Override
            public String factoryClass() {
                return "none";
            }
        };
    }

    static Runbook mini() {
        return RunbookParser.parse(Path.of("src/test/resources/rehearse/mini.yaml")).runbook().orElseThrow();
    }

    private static List<String> check(String file) {
        Scenario s = ScenarioParser.parse(ScenarioParserTest.DIR.resolve(file)).scenario().orElseThrow();
        return ScenarioChecker.check(s, mini(), CATALOGUE).stream().map(Diagnostic::toString).toList();
    }

    @Test
    void a_consistent_scenario_has_no_findings() {
        assertThat(check("good.yaml")).isEmpty();
    }

    @Test
    void every_name_must_exist_in_the_runbook_with_a_suggestion_where_it_was_written() {
        String f = ScenarioParserTest.DIR.resolve("wrong-names.yaml").toString();
        assertThat(check("wrong-names.yaml")).containsExactlyInAnyOrder(
                f + ":4:3: error RB073: mini has no parameter 'ap' (in parameters) (did you mean 'app'?)",
                f + ":7:3: error RB074: no action of mini uses resources of kind 'azure.webap' (in resources) (did you mean 'azure.webapp'?)",
                f + ":9:3: error RB071: mini has no step 'scale-up' (in steps) (did you mean 'scale-out'?)",
                f + ":12:16: error RB075: step 'app' (azure.webapp.get) has no output 'stat' (in steps) (did you mean 'state'?)",
                f + ":14:3: error RB072: mini does not use action 'azure.webapp.restart' (in actions)"
                        + " (did you mean 'azure.webapp.get'?)",
                f + ":1:1: error RB073: the scenario does not give required parameter 'app' (add it under parameters:)",
                f + ":18:10: error RB077: step 'health' is expected both to run and to skip (keep it in one of expect.run and expect.skip)",
                f + ":19:12: warning RB076: step 'app' only reads, so it has no gate to answer (remove it from expect.refuse; read steps run without asking)");
    }

    @Test
    void a_scenario_checked_against_another_runbook_is_refused() {
        Scenario s = ScenarioParser.parse("x.yaml", "scenario: x\nrunbook: other\n").scenario().orElseThrow();
        assertThat(ScenarioChecker.check(s, mini(), CATALOGUE)).extracting(Diagnostic::code).containsExactly("RB070");
    }
}
