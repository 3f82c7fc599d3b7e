package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service-down style runbook (src/test/resources/e2e/service-down-local.yaml) through the real command line:
 * http.check against a real HTTP server on 127.0.0.1 that answers 503 until a shell resolve step "restarts" it.
 */
class ServiceDownE2ETest {
    static final String RUNBOOK = "src/test/resources/e2e/service-down-local.yaml";

    @TempDir
    Path tmp;

    Path restartFlag;
    Path undone;
    HealthServer service;
    Cli cli;

    @BeforeEach
    void start() throws Exception {
        restartFlag = tmp.resolve("restarted");
        undone = tmp.resolve("undone.log");
        service = new HealthServer(restartFlag, 400);
        cli = new Cli(tmp.resolve("state"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private String[] exec(String... extra) {
        List<String> args = new ArrayList<>(List.of("exec", RUNBOOK, "-p", "healthUrl=" + service.url(),
                "-p", "restartFlag=" + restartFlag, "-p", "undoneFlag=" + undone));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void without_yes_the_run_is_refused_before_the_first_request() {
        Cli.Outcome o = cli.run(exec());

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(o.all()).contains("restart (write): --yes or --approve restart");
        assertThat(service.answered).as("not even diagnose ran").isEmpty();
        assertThat(restartFlag).doesNotExist();
    }

    @Test
    void the_restart_brings_the_service_back_and_verify_retries_until_it_answers_200() {
        Cli.Outcome o = cli.run(exec("--yes"));

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(restartFlag).exists();
        assertThat(undone).doesNotExist();
        assertThat(service.answered).first().isEqualTo(503);
        assertThat(service.answered).last().isEqualTo(200);
        assertThat(service.answered).filteredOn(s -> s == 503).hasSizeGreaterThanOrEqualTo(2);
        assertThat(o.out()).contains("✗ health", "status 503, expected 200", "✓ restart", "↻ healthy attempt 2/6", "✓ healthy", "✓ resolved in", "findings", "changes made");

        List<JsonNode> journal = cli.journal();
        JsonNode health = Cli.one(journal, "step.end", "health");
        assertThat(health.path("status").asText()).isEqualTo("failed");
        assertThat(Cli.one(journal, "gate.answer", "restart").path("via").asText()).isEqualTo("--yes");
        assertThat(Cli.one(journal, "step.end", "restart").path("status").asText()).isEqualTo("succeeded");
        assertThat(Cli.of(journal, "step.retry", "healthy")).isNotEmpty();
        JsonNode healthy = Cli.one(journal, "step.end", "healthy");
        assertThat(healthy.path("status").asText()).isEqualTo("succeeded");
        assertThat(healthy.path("outputs").path("status").asInt()).isEqualTo(200);
        assertThat(Cli.of(journal, "rollback.start", null)).isEmpty();
        assertThat(Cli.one(journal, "run.end", null).path("outcome").asText()).isEqualTo("succeeded");
    }

    @Test
    void a_healthy_service_is_left_alone() throws Exception {
        Files.createFile(restartFlag);
        service.alreadyHealthy();
        Cli.Outcome o = cli.run(exec("--yes"));

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        List<JsonNode> journal = cli.journal();
        assertThat(Cli.one(journal, "step.end", "health").path("status").asText()).isEqualTo("succeeded");
        JsonNode restart = Cli.one(journal, "step.end", "restart");
        assertThat(restart.path("status").asText()).isEqualTo("skipped");
        assertThat(Cli.of(journal, "gate.answer", "restart")).as("a skipped step asks nothing").isEmpty();
        assertThat(Cli.one(journal, "step.end", "healthy").path("status").asText()).isEqualTo("succeeded");
        assertThat(service.answered).containsExactly(200, 200);
    }

    @Test
    void a_service_that_never_recovers_is_rolled_back_and_l2_paged() throws Exception {
        service.neverRecovers();
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), "confirm: { page-l2: true }\n");
        Cli.Outcome o = cli.run(exec("--yes", "--answers", answers.toString()));

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(service.answered).hasSize(1 + 6).containsOnly(503);
        assertThat(Files.readString(undone)).isEqualTo("undo restart\n");
        assertThat(o.out()).contains("✗ healthy", "after 6 attempts", "page-l2", "rolled back");

        List<JsonNode> journal = cli.journal();
        assertThat(Cli.one(journal, "step.end", "healthy").path("status").asText()).isEqualTo("failed");
        assertThat(Cli.one(journal, "failure.choice", "healthy").path("choice").asText()).isEqualTo("rollback");
        assertThat(Cli.one(journal, "rollback.start", null).path("undo")).extracting(JsonNode::asText).containsExactly("restart");
        assertThat(Cli.one(journal, "undo.end", "restart").path("status").asText()).isEqualTo("undone");
        assertThat(Cli.one(journal, "step.end", "page-l2").path("outputs").path("confirmed")).extracting(JsonNode::asText)
                .containsExactly("L2 paged");
        assertThat(Cli.one(journal, "rollback.end", null).path("ok").asBoolean()).isTrue();
        assertThat(Cli.one(journal, "run.end", null).path("outcome").asText()).isEqualTo("rolled-back");
    }

    @Test
    void without_an_answer_for_the_escalation_checklist_the_rollback_is_reported_incomplete() {
        service.neverRecovers();
        Cli.Outcome o = cli.run(exec("--yes"));

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.ROLLBACK_FAILED);
        assertThat(Files.exists(undone)).as("the undo still ran").isTrue();
        assertThat(o.all()).contains("page-l2", "read the journal");
        assertThat(Cli.one(cli.journal(), "step.end", "page-l2").path("status").asText()).isEqualTo("failed");
    }

    @Test
    void dry_run_restarts_nothing_looks_once_at_verify_and_plans_the_rollback() {
        Cli.Outcome o = cli.run(exec("--dry-run"));

        assertThat(restartFlag).doesNotExist();
        assertThat(undone).doesNotExist();
        assertThat(service.answered).as("diagnose and one verify look, no retries").containsExactly(503, 503);
        // the engine reports the path the unchanged system takes: verify fails, so the rollback is planned
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.ROLLED_BACK);
        String out = o.out();
        assertThat(out).contains("DRY RUN", "◇ restart", "would: run sh -c touch", "restart only planned", "would undo restart");
        assertThat(out.substring(out.indexOf("── rollback"))).as("undo plans stay under the rollback header")
                .doesNotContain("── resolve").containsOnlyOnce("── rollback");
    }
}
