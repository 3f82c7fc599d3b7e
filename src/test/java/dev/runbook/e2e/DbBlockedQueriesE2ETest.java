package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook exec db-blocked-queries} through the real command line against a real PostgreSQL in which one
 * application session holds a row lock in an open transaction and another waits for it.
 */
class DbBlockedQueriesE2ETest {
    static Postgres db;

    @TempDir
    Path tmp;

    Cli cli;
    int holderPid;
    int waiterPid;
    CompletableFuture<Integer> waiter;

    @BeforeAll
    static void startServer() throws Exception {
        db = Postgres.start(Map.of());
    }

    @AfterAll
    static void stopServer() throws Exception {
        db.close();
    }

    /** The incident: billing-worker updated order 1 and never committed; the api's update of it waits. */
    @BeforeEach
    void blockingLock() throws Exception {
        cli = new Cli(tmp.resolve("state")).env("OPS_PASSWORD", db.opsPassword);
        Connection holder = db.app("billing-worker");
        holderPid = Postgres.pid(holder);
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
            st.executeUpdate("UPDATE orders SET status = 'paid' WHERE id = 1");
        }
        Connection api = db.app("api");
        waiterPid = Postgres.pid(api);
        waiter = CompletableFuture.supplyAsync(() -> {
            try (Statement st = api.createStatement()) {
                return st.executeUpdate("UPDATE orders SET status = 'shipped' WHERE id = 1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Postgres.waitUntil("the api session waits for the lock", () -> db.blocked(waiterPid));
    }

    @AfterEach
    void endSessions() throws Exception {
        db.closeSessions();
        waiter.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
    }

    private String[] exec(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("exec", "db-blocked-queries",
                "-p", "connection=" + db.opsUrl(), "-p", "minWait=0s", "--secret-env", "password=OPS_PASSWORD"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void without_approve_the_destructive_gate_refuses_before_anything_runs_and_the_blocker_lives() {
        Cli.Outcome o = cli.run(exec());

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(o.all()).contains("terminate-blocker", "destructive", "--approve terminate-blocker");
        assertThat(db.alive(holderPid)).as("the blocker was not touched").isTrue();
        assertThat(db.blocked(waiterPid)).isTrue();
        List<JsonNode> journal = cli.journal();
        JsonNode refused = Cli.one(journal, "run.approval-required", null);
        assertThat(refused.path("steps")).singleElement().satisfies(s -> {
            assertThat(s.path("step").asText()).isEqualTo("terminate-blocker");
            assertThat(s.path("effect").asText()).isEqualTo("destructive");
        });
        assertThat(Cli.of(journal, "step.start", null)).as("no step ran, not even diagnose").isEmpty();
        assertThat(Cli.one(journal, "run.end", null).path("outcome").asText()).isEqualTo("approval-required");
    }

    @Test
    void yes_alone_does_not_approve_a_destructive_step() {
        Cli.Outcome o = cli.run(exec("--yes"));

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(o.all()).contains("--yes is not enough");
        assertThat(db.alive(holderPid)).isTrue();
    }

    @Test
    void dry_run_finds_the_blocker_prints_the_terminate_plan_and_the_blocker_survives() {
        Cli.Outcome o = cli.run(exec("--dry-run", "--output", "json"));

        List<JsonNode> events = o.events();
        JsonNode diagnosed = Cli.one(events, "step.end", "blocking");
        assertThat(diagnosed.path("status").asText()).as(o.toString()).isEqualTo("succeeded");
        assertThat(diagnosed.path("outputs").path("rootBlocker").asInt()).isEqualTo(holderPid);
        assertThat(diagnosed.path("outputs").path("blockedCount").asInt()).isEqualTo(1);
        assertThat(diagnosed.path("outputs").path("blocked").get(0).path("pid").asInt()).isEqualTo(waiterPid);

        JsonNode plan = Cli.one(events, "step.plan", "terminate-blocker");
        assertThat(plan.path("summary").asText()).contains("terminate backend " + holderPid, "UPDATE orders SET status = 'paid'");
        assertThat(plan.path("details").toString()).contains("user:        app", "application: billing-worker", "idle in transaction");
        assertThat(Cli.one(events, "step.end", "terminate-blocker").path("status").asText()).isEqualTo("planned");
        assertThat(Cli.of(events, "gate.answer", null)).as("a dry run asks no gate").isEmpty();

        // verify looks once at the unchanged state: retrying (5 x 2s here, 10 x 30s in service-down) cannot help a dry run
        assertThat(Cli.of(events, "step.retry", "unblocked")).isEmpty();
        JsonNode verify = Cli.one(events, "step.end", "unblocked");
        assertThat(verify.path("status").asText()).isEqualTo("failed");
        assertThat(verify.path("hint").asText()).contains("dry run: terminate-blocker only planned");

        assertThat(db.alive(holderPid)).as("the blocker survives a dry run").isTrue();
        assertThat(db.blocked(waiterPid)).isTrue();
        assertThat(o.all()).doesNotContain(db.opsPassword);
    }

    @Test
    void approve_terminates_the_blocker_the_waiter_proceeds_and_verify_sees_the_lock_gone() throws Exception {
        Cli.Outcome o = cli.run(exec("--approve", "terminate-blocker"));

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).as("the api's update went through").isEqualTo(1);
        assertThat(db.alive(holderPid)).isFalse();
        assertThat(db.query("SELECT count(*) FROM orders WHERE id = 1 AND status = 'shipped'"))
                .as("the blocker's transaction was rolled back, the waiter's committed").isEqualTo(1);
        assertThat(o.out()).contains("blocking", "terminate-blocker", "unblocked", "terminated backend " + holderPid, "no blocked sessions");

        List<JsonNode> journal = cli.journal();
        JsonNode gate = Cli.one(journal, "gate.answer", "terminate-blocker");
        assertThat(gate.path("effect").asText()).isEqualTo("destructive");
        assertThat(gate.path("answer").asText()).isEqualTo("approve");
        assertThat(gate.path("via").asText()).isEqualTo("--approve");
        assertThat(gate.path("user").asText()).isNotBlank();
        JsonNode terminated = Cli.one(journal, "step.end", "terminate-blocker");
        assertThat(terminated.path("status").asText()).isEqualTo("succeeded");
        assertThat(terminated.path("outputs").path("gone").asBoolean()).isTrue();
        assertThat(terminated.path("before").path("application").asText()).isEqualTo("billing-worker");
        assertThat(Cli.one(journal, "step.end", "unblocked").path("status").asText()).isEqualTo("succeeded");
        assertThat(Cli.one(journal, "run.end", null).path("outcome").asText()).isEqualTo("succeeded");
        assertThat(Cli.one(journal, "run.start", null).path("params").path("password").asText()).isEqualTo("***");
        assertThat(o.all() + journal).doesNotContain(db.opsPassword);
    }

    @Test
    void a_wrong_password_fails_diagnose_without_showing_it_and_the_right_one_from_a_file_works() throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong.pw"), "not-the-password-42\n");
        Cli.Outcome bad = new Cli(tmp.resolve("state-wrong")).run("exec", "db-blocked-queries", "-p", "connection=" + db.opsUrl(),
                "-p", "minWait=0s", "--secret-file", "password=" + wrong, "--approve", "terminate-blocker");
        assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.all()).contains("blocking", "password authentication failed", "ops").doesNotContain("not-the-password-42");
        assertThat(db.alive(holderPid)).isTrue();

        Path right = Files.writeString(tmp.resolve("ops.pw"), db.opsPassword + "\n");
        Cli.Outcome ok = new Cli(tmp.resolve("state-file")).run("exec", "db-blocked-queries", "-p", "connection=" + db.opsUrl(),
                "-p", "minWait=0s", "--secret-file", "password=" + right, "--approve", "terminate-blocker");
        assertThat(ok.code()).as(ok.toString()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("root blocker pid " + holderPid, "terminated backend " + holderPid);
        assertThat(db.alive(holderPid)).isFalse();
    }

    @Test
    void a_wait_shorter_than_min_wait_is_no_incident_for_diagnose_nor_for_verify() {
        Cli.Outcome o = cli.run("exec", "db-blocked-queries", "-p", "connection=" + db.opsUrl(), "-p", "minWait=1h",
                "--secret-env", "password=OPS_PASSWORD", "--approve", "terminate-blocker", "--output", "json");

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        List<JsonNode> events = o.events();
        assertThat(Cli.one(events, "step.end", "blocking").path("outputs").path("blockedCount").asInt()).isZero();
        assertThat(Cli.one(events, "step.end", "terminate-blocker").path("status").asText()).isEqualTo("skipped");
        assertThat(Cli.of(events, "step.retry", "unblocked")).as("verify judges by the same minWait").isEmpty();
        assertThat(db.alive(holderPid)).isTrue();
    }

    @Test
    void when_diagnose_cannot_log_in_the_run_names_the_step_that_stopped_it() {
        Cli.Outcome o = new Cli(tmp.resolve("state-nopw")).run("exec", "db-blocked-queries", "-p", "connection=" + db.opsUrl(),
                "-p", "minWait=0s", "--approve", "terminate-blocker", "--output", "json");

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.FAILED);
        JsonNode end = Cli.one(o.events(), "run.end", null);
        assertThat(end.path("message").asText()).startsWith("step 'blocking' failed: the server asks user ops for a password");
        assertThat(db.alive(holderPid)).isTrue();
    }

    @Test
    void a_run_that_could_not_log_in_resumes_with_the_right_password_and_terminates_the_blocker() throws Exception {
        cli.env("OPS_PASSWORD", "stale-password-7");
        Cli.Outcome failed = cli.run(exec("--approve", "terminate-blocker"));
        assertThat(failed.code()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
        String runId;
        try (var runs = Files.list(tmp.resolve("state/runs"))) {
            runId = runs.findFirst().orElseThrow().getFileName().toString();
        }

        cli.env("OPS_PASSWORD", db.opsPassword);
        Cli.Outcome resumed = cli.run("resume", runId, "--secret-env", "password=OPS_PASSWORD", "--approve", "terminate-blocker");

        assertThat(resumed.code()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(db.alive(holderPid)).isFalse();
        List<JsonNode> journal = cli.journal();
        assertThat(Cli.of(journal, "run.resume", null)).hasSize(1);
        assertThat(Cli.of(journal, "step.end", "blocking")).extracting(e -> e.path("status").asText()).containsExactly("failed", "succeeded");
        assertThat(Cli.of(journal, "run.end", null)).extracting(e -> e.path("outcome").asText()).containsExactly("failed", "succeeded");
        assertThat(failed.all() + resumed.all() + journal).doesNotContain("stale-password-7", db.opsPassword);
    }
}
