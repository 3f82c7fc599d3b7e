package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.cli.ExitCodes;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built launcher ({@code ./runbook}, run by failsafe after {@code package}) as a child process with no terminal:
 * exit codes come from {@code System.exit}, the password only from the child's environment.
 */
class LauncherE2EIT {
    static final Path LAUNCHER = Path.of("runbook").toAbsolutePath();
    static Postgres db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        assertThat(Path.of("target/runbook.jar")).as("built by 'mvn package' before failsafe runs").exists();
        db = Postgres.start(Map.of());
    }

    @AfterAll
    static void stopServer() throws Exception {
        db.close();
    }

    @AfterEach
    void endSessions() throws Exception {
        db.closeSessions();
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("RUNBOOK_STATE_DIR", tmp.resolve("state").toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("runbook did not finish within 90 s");
        }
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void exec_db_blocked_queries_with_approve_terminates_the_blocker() throws Exception {
        Connection holder = db.app("billing-worker");
        int holderPid = Postgres.pid(holder);
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
            st.executeUpdate("UPDATE orders SET status = 'paid' WHERE id = 1");
        }
        Connection api = db.app("api");
        int waiterPid = Postgres.pid(api);
        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
            try (Statement st = api.createStatement()) {
                return st.executeUpdate("UPDATE orders SET status = 'shipped' WHERE id = 1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Postgres.waitUntil("the api session waits for the lock", () -> db.blocked(waiterPid));

        Run refused = launch(Map.of("DB_PASSWORD", db.opsPassword), "exec", "db-blocked-queries", "-p", "connection=" + db.opsUrl(),
                "-p", "minWait=0s", "--secret-env", "password=DB_PASSWORD");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(refused.out() + refused.err()).contains("--approve terminate-blocker");
        assertThat(db.alive(holderPid)).isTrue();

        Run run = launch(Map.of("DB_PASSWORD", db.opsPassword), "exec", "db-blocked-queries", "-p", "connection=" + db.opsUrl(),
                "-p", "minWait=0s", "--secret-env", "password=DB_PASSWORD", "--approve", "terminate-blocker", "--output", "json");

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(db.alive(holderPid)).isFalse();
        List<JsonNode> events = Cli.parse(run.out().lines().toList());
        assertThat(Cli.one(events, "step.end", "blocking").path("outputs").path("rootBlocker").asInt()).isEqualTo(holderPid);
        assertThat(Cli.one(events, "gate.answer", "terminate-blocker").path("via").asText()).isEqualTo("--approve");
        assertThat(Cli.one(events, "step.end", "unblocked").path("status").asText()).isEqualTo("succeeded");
        assertThat(run.out() + run.err()).doesNotContain(db.opsPassword);
    }

    @Test
    void exec_service_down_that_never_recovers_exits_rolled_back() throws Exception {
        Path flag = tmp.resolve("restarted");
        Path undone = tmp.resolve("undone.log");
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), "confirm: { page-l2: true }\n");
        try (HealthServer service = new HealthServer(flag, 0).neverRecovers()) {
            Run run = launch(Map.of(), "exec", "src/test/resources/e2e/service-down-local.yaml", "-p", "healthUrl=" + service.url(),
                    "-p", "restartFlag=" + flag, "-p", "undoneFlag=" + undone, "--yes", "--answers", answers.toString());

            assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.ROLLED_BACK);
            assertThat(run.out()).contains("✗ healthy", "rolled back");
            assertThat(flag).exists();
            assertThat(Files.readString(undone)).isEqualTo("undo restart\n");
            assertThat(service.answered).hasSize(1 + 6).containsOnly(503);
        }
    }
}
