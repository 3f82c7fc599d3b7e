package dev.runbook.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.ActionSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped tables name real actions and real arguments, and cover the issue's examples. */
class MappingTableTest {
    @Test
    void every_row_names_an_action_of_the_catalogue_and_its_arguments() {
        for (CliMap.Row r : CliMap.standard().rows()) {
            ActionSpec spec = ImportSupport.CATALOGUE.spec(r.action()).orElseThrow(() -> new AssertionError(r.provider() + ".tsv:" + r.line() + ": no action " + r.action()));
            for (CliMap.Arg a : r.args()) {
                String t = a.target();
                // the provider's common flags (--subscription, --region) apply where the action takes them
                if (a.common()) continue;
                if (t == null && a.param() != null && a.param().contains("{")) {
                    for (var m = java.util.regex.Pattern.compile("\\{([A-Za-z]+)}").matcher(a.param()); m.find(); ) {
                        assertThat(spec.parameter(m.group(1))).as("%s.tsv:%d %s", r.provider(), r.line(), m.group(1)).isPresent();
                    }
                } else if (t != null) {
                    assertThat(spec.parameter(t)).as("%s.tsv:%d: %s has no argument %s", r.provider(), r.line(), r.action(), t).isPresent();
                }
            }
        }
    }

    @Test
    void covers_the_commands_the_issue_names() {
        Map<String, List<String>> m = CliMap.standard().commandsByAction();
        assertThat(m.get("azure.webapp.restart")).contains("az webapp restart");
        assertThat(m.get("azure.appservice.plan.scale")).contains("az appservice plan update");
        assertThat(m.get("aws.ecs.update-service")).contains("aws ecs update-service");
        assertThat(m.get("aws.rds.restore-cluster-to-point-in-time")).contains("aws rds restore-db-cluster-to-point-in-time");
        assertThat(m.get("aws.appautoscaling.register-target")).contains("aws application-autoscaling register-scalable-target");
        assertThat(m.get("aws.secretsmanager.rotate-secret")).contains("aws secretsmanager rotate-secret");
        assertThat(m.get("azure.monitor.logs-query")).contains("az monitor app-insights query");
        assertThat(m.get("http.check")).contains("curl");
        assertThat(m.get("postgres.query")).contains("psql");
    }

    @Test
    void a_malformed_line_is_reported_with_its_line() {
        assertThatThrownBy(() -> CliMap.parse("x", "# c\naz x\tazure.x\t--name\n")).hasMessageContaining("x.tsv:2").hasMessageContaining("no '='");
        assertThatThrownBy(() -> CliMap.parse("x", "az x\n")).hasMessageContaining("x.tsv:1");
    }

    @Test
    void a_new_mapping_is_one_line() throws Exception {
        CliMap m = CliMap.of(CliMap.parse("azure", "az webapp log tail\tazure.webapp.get\t--name|-n=name --resource-group|-g=resourceGroup\n"));
        Draft d = new Importer(ImportSupport.CATALOGUE, m).importPage("p.md", "# P\n\n```bash\naz webapp log tail -n a -g b\n```\n", null, null, false).get(0);
        assertThat(d.allSteps().get(0).uses).isEqualTo("azure.webapp.get");
    }
}
