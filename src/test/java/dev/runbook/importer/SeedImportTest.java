package dev.runbook.importer;

import static dev.runbook.importer.ImportSupport.arg;
import static dev.runbook.importer.ImportSupport.run;
import static dev.runbook.importer.ImportSupport.seed;
import static dev.runbook.importer.ImportSupport.step;
import static dev.runbook.importer.ImportSupport.uses;
import static dev.runbook.importer.ImportSupport.validated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Effect;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The five seed pages (src/test/resources/importer/seeds, see its README) as golden inputs. */
class SeedImportTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"000", "001", "002", "003", "004"})
    void every_seed_imports_whole_into_a_runbook_that_validates(String seed) {
        List<Draft> drafts = run(seed + ".md", seed(seed), null, false);
        assertThat(drafts).hasSize(1);
        Runbook rb = validated(drafts.get(0), dir);
        assertThat(rb.allSteps()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"002", "003", "004"})
    void every_seed_with_several_procedures_splits_into_runbooks_that_validate(String seed) {
        List<Draft> drafts = run(seed + ".md", seed(seed), null, true);
        assertThat(drafts).hasSizeGreaterThan(1);
        for (Draft d : drafts) validated(d, dir);
    }

    @Test
    void aws_page_splits_by_its_runbook_sections_into_native_actions() {
        List<Draft> drafts = run("004.md", seed("004"), null, true);
        Map<String, Draft> byId = drafts.stream().collect(Collectors.toMap(d -> d.id, d -> d));
        assertThat(byId).containsOnlyKeys("database-backup-recovery", "handling-high-latency-alarms", "rotating-secrets", "scale-out-event-validation");

        Runbook backup = validated(byId.get("database-backup-recovery"), dir);
        assertThat(uses(backup)).containsExactly("aws.rds.create-cluster-snapshot", "aws.dynamodb.create-backup",
                "aws.rds.restore-cluster-to-point-in-time", "aws.dynamodb.restore-table-to-point-in-time");
        Step snap = step(backup, "aws.rds.create-cluster-snapshot");
        assertThat(arg(snap, "cluster")).isEqualTo("fintech-cluster");
        // $(date +%Y%m%d) names the snapshot by the run's date
        assertThat(arg(snap, "snapshot")).isEqualTo("fintech-pre-deploy-${run.id.split('-')[0]}");
        Step restore = step(backup, "aws.rds.restore-cluster-to-point-in-time");
        assertThat(arg(restore, "sourceCluster")).isEqualTo("fintech-cluster");
        assertThat(arg(restore, "targetCluster")).isEqualTo("fintech-cluster-recovery");
        assertThat(arg(restore, "restoreTime")).isEqualTo("2024-01-22T14:00:00Z");
        assertThat(restore.phase()).isEqualTo(Phase.RESOLVE);
        assertThat(arg(step(backup, "aws.dynamodb.restore-table-to-point-in-time"), "restoreTime")).isEqualTo("1705929600");

        Runbook secrets = validated(byId.get("rotating-secrets"), dir);
        Step rotate = step(secrets, "aws.secretsmanager.rotate-secret");
        assertThat(arg(rotate, "secret")).isEqualTo("fintech/db-credentials");
        assertThat(rotate.effect()).as("no effect: written only to raise the action's").isNull();
        assertThat(step(secrets, "manual").phase()).isEqualTo(Phase.VERIFY);

        Runbook scale = validated(byId.get("scale-out-event-validation"), dir);
        Step target = step(scale, "aws.appautoscaling.register-target");
        assertThat(arg(target, "cluster")).isEqualTo("fintech-cluster");
        assertThat(arg(target, "service")).isEqualTo("fintech-api-service");
        assertThat(arg(target, "minCapacity")).isEqualTo(10L);

        Runbook latency = validated(byId.get("handling-high-latency-alarms"), dir);
        assertThat(uses(latency)).containsOnly("manual");
        assertThat(latency.symptoms()).containsExactly("HighLatency Alarm > 500ms for 5 minutes.");
        Draft d = byId.get("handling-high-latency-alarms");
        assertThat(d.allSteps().stream().flatMap(s -> s.todos.stream())).anyMatch(t -> t.contains("If yes") && t.contains("if:"));
    }

    @Test
    void section_picks_one_procedure_by_its_heading() {
        List<Draft> drafts = run("004.md", seed("004"), "Rotating Secrets", false);
        assertThat(drafts).hasSize(1);
        assertThat(drafts.get(0).id).isEqualTo("rotating-secrets");
        assertThat(drafts.get(0).title).isEqualTo("Rotating Secrets");
        Runbook rb = validated(drafts.get(0), dir);
        assertThat(uses(rb)).containsExactly("aws.secretsmanager.rotate-secret", "manual");
    }

    @Test
    void unknown_section_is_an_error_naming_the_sections() {
        Importer.ImportException e = org.junit.jupiter.api.Assertions.assertThrows(Importer.ImportException.class,
                () -> ImportSupport.importer().importPage("004.md", seed("004"), null, "Nope", false));
        assertThat(e.getMessage()).contains("no section 'Nope'", "'Rotating Secrets'");
    }

    @Test
    void azure_page_maps_az_commands_kusto_blocks_and_curl() {
        Draft d = run("002.md", seed("002"), null, false).get(0);
        Runbook rb = validated(d, dir);
        List<Step> scales = rb.allSteps().stream().filter(s -> s.uses().equals("azure.appservice.plan.scale")).toList();
        assertThat(scales).hasSize(2);
        assertThat(arg(scales.get(0), "sku")).isEqualTo("P2V2");
        assertThat(arg(scales.get(0), "plan")).isEqualTo("${params.planName}");
        assertThat(arg(scales.get(0), "resourceGroup")).isEqualTo("${params.resourceGroup}");
        assertThat(arg(scales.get(1), "workers")).isEqualTo(3L);
        Step restart = step(rb, "azure.webapp.restart");
        assertThat(arg(restart, "name")).isEqualTo("${params.appName}");
        assertThat(restart.phase()).isEqualTo(Phase.RESOLVE);
        Step redis = step(rb, "azure.redis.get");
        assertThat(arg(redis, "name")).isEqualTo("${params.redisName}");
        assertThat(redis.phase()).isEqualTo(Phase.DIAGNOSE);
        // az monitor app-insights query --analytics-query and the fenced kusto blocks
        List<Step> kql = rb.allSteps().stream().filter(s -> s.uses().equals("azure.monitor.logs-query")).toList();
        assertThat(kql).hasSizeGreaterThanOrEqualTo(12);
        assertThat(kql).anyMatch(s -> "requests | where duration > 1000 | top 10 by duration desc".equals(arg(s, "query")));
        assertThat(kql).anyMatch(s -> String.valueOf(arg(s, "query")).startsWith("traces\n| where timestamp > ago(1h)"));
        // the three queries of one block, split at their -- comments
        assertThat(kql.stream().map(Step::title)).contains("Find authentication errors", "Find slow database queries", "Find user-reported errors");
        assertThat(step(rb, "http.check").with().get("url").toPlain()).isEqualTo("https://fleet-api.capitaltechalliance.com/health/metrics");
        Step pitr = step(rb, "azure.postgres.flexible.restore");
        assertThat(arg(pitr, "target")).isEqualTo("${params.serverName}-restore");
        assertThat(arg(pitr, "restorePointInTime")).isEqualTo("2025-12-09T18:00:00Z");
        assertThat(pitr.phase()).isEqualTo(Phase.ROLLBACK);
        // kubectl: shell, effect by verb
        assertThat(shellEffect(rb, "kubectl", "get")).isEqualTo(Effect.READ);
        assertThat(shellEffect(rb, "kubectl", "rollout", "undo")).isEqualTo(Effect.WRITE);
        assertThat(shellEffect(rb, "kubectl", "logs")).isEqualTo(Effect.READ);
        // checklists became manual steps with their items
        Step ack = rb.allSteps().stream().filter(s -> s.title() != null && s.title().startsWith("Step 1")).findFirst().orElseThrow();
        assertThat(ack.uses()).isEqualTo("manual");
        assertThat(String.valueOf(arg(ack, "checklist"))).contains("Alert received via email/SMS/Slack");
        // placeholders deduplicated across the page
        assertThat(rb.parameters().keySet()).contains("resourceGroup", "planName", "appName", "redisName", "serverName", "appInsightsResource");
        assertThat(rb.parameters().keySet().stream().filter(k -> k.equalsIgnoreCase("resourcegroup"))).hasSize(1);
    }

    static Effect shellEffect(Runbook rb, String... argvPrefix) {
        for (Step s : rb.allSteps()) {
            if (!s.uses().equals("shell")) continue;
            Object cmd = arg(s, "command");
            if (cmd instanceof List<?> l && l.size() >= argvPrefix.length && l.subList(0, argvPrefix.length).equals(List.of(argvPrefix))) {
                return s.effect();
            }
        }
        throw new AssertionError("no shell step " + String.join(" ", argvPrefix));
    }

    @Test
    void npm_page_keeps_its_scripts_as_shell_and_its_templates_as_messages() {
        Draft d = run("003.md", seed("003"), null, false).get(0);
        Runbook rb = validated(d, dir);
        assertThat(step(rb, "http.check").with().get("url").toPlain()).isEqualTo("https://app.financeanalyst.pro/health");
        List<Step> messages = rb.allSteps().stream().filter(s -> s.uses().equals("message")).toList();
        assertThat(messages).hasSize(2);
        assertThat(String.valueOf(arg(messages.get(1), "text"))).contains("**Incident ID:** INC-2024-001");
        // $ALERT_ID is a parameter; npm scripts are unknown, so write
        assertThat(rb.parameters()).containsKeys("alertId", "userId", "ticketId");
        assertThat(rb.allSteps().stream().filter(s -> s.uses().equals("shell")).map(Step::effect)).doesNotContain(Effect.READ);
        assertThat(shellEffect(rb, "npm", "audit", "fix")).isEqualTo(Effect.WRITE);
    }

    @Test
    void pages_without_commands_still_give_a_runbook_that_validates() {
        Draft d = run("000.md", seed("000"), null, false).get(0);
        Runbook rb = validated(d, dir);
        assertThat(uses(rb)).containsOnly("manual");
        assertThat(d.todoCount()).isPositive();
    }
}
