package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook exec db-connection-pool-exhausted} against a real server whose usable connections (23 minus 3
 * reserved for superusers = 20) are 80 % taken by sessions idle in an open transaction.
 */
class DbConnectionPoolE2ETest {
    static final int LEAKS = 16;
    static Postgres db;

    @TempDir
    Path tmp;

    Cli cli;
    int oldestLeak;
    final List<Integer> others = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        db = Postgres.start(Map.of("max_connections", "23"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        db.close();
    }

    /** A report job leaked a transaction first; then the api's pool filled up with sessions that never commit. */
    @BeforeEach
    void leakConnections() throws Exception {
        cli = new Cli(tmp.resolve("state")).env("OPS_PASSWORD", db.opsPassword);
        oldestLeak = openTransaction("report-job");
        Thread.sleep(50);
        for (int i = 1; i < LEAKS; i++) others.add(openTransaction("orders-api"));
        Thread.sleep(1200);
    }

    private int openTransaction(String application) throws Exception {
        Connection c = db.app(application);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT status FROM orders WHERE id = 2").close();
        }
        return Postgres.pid(c);
    }

    @AfterEach
    void endSessions() throws Exception {
        db.closeSessions();
        others.clear();
    }

    private String[] exec(String... extra) {
        List<String> args = new ArrayList<>(List.of("exec", "db-connection-pool-exhausted", "-p", "connection=" + db.opsUrl(),
                "-p", "leakAge=1s", "--secret-env", "password=OPS_PASSWORD"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void without_approvals_both_changes_are_listed_and_no_session_is_touched() {
        Cli.Outcome o = cli.run(exec());

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(o.all()).contains("terminate-leak", "--approve terminate-leak", "raise-pool", "--yes or --approve raise-pool");
        assertThat(db.alive(oldestLeak)).isTrue();
        assertThat(db.query("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app' AND state = 'idle in transaction'")).isEqualTo(LEAKS);
    }

    @Test
    void approved_run_terminates_the_oldest_leak_has_the_pool_raised_and_verifies_utilisation() throws Exception {
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), "confirm: { raise-pool: true }\n");
        Cli.Outcome o = cli.run(exec("--approve", "terminate-leak", "--yes", "--answers", answers.toString(), "--output", "json"));

        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(db.alive(oldestLeak)).as("the oldest leak is gone").isFalse();
        assertThat(others).allSatisfy(pid -> assertThat(db.alive(pid)).as("pid %d", pid).isTrue());

        List<JsonNode> journal = cli.journal();
        JsonNode pool = Cli.one(journal, "step.end", "pool").path("outputs");
        assertThat(pool.path("maxConnections").asInt()).isEqualTo(23);
        assertThat(pool.path("utilisation").asDouble()).isGreaterThanOrEqualTo(80.0);
        assertThat(pool.path("idleInTransaction").asInt()).isGreaterThanOrEqualTo(LEAKS);
        JsonNode leak = Cli.one(journal, "step.end", "leak").path("outputs").path("first");
        assertThat(leak.path("pid").asInt()).isEqualTo(oldestLeak);
        assertThat(leak.path("application").asText()).isEqualTo("report-job");

        JsonNode kill = Cli.one(journal, "gate.answer", "terminate-leak");
        assertThat(kill.path("via").asText()).isEqualTo("--approve");
        assertThat(kill.path("answer").asText()).isEqualTo("approve");
        assertThat(Cli.one(journal, "gate.answer", "raise-pool").path("via").asText()).isEqualTo("--yes");
        assertThat(Cli.one(journal, "step.end", "raise-pool").path("outputs").path("confirmed")).hasSize(3);
        assertThat(Cli.one(journal, "step.end", "terminate-leak").path("before").path("application").asText()).isEqualTo("report-job");

        JsonNode verified = Cli.one(journal, "step.end", "pool-ok");
        assertThat(verified.path("status").asText()).isEqualTo("succeeded");
        assertThat(verified.path("outputs").path("utilisation").asDouble()).isEqualTo(100.0 * (LEAKS - 1) / 20);
        assertThat(o.events()).extracting(e -> e.path("type").asText()).endsWith("run.end", "run.summary");
        assertThat(o.all()).doesNotContain(db.opsPassword);
    }
}
