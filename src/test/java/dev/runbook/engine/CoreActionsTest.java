package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.action.Catalogue;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import dev.runbook.model.Runbook;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core actions, run by the engine for real: shell processes and a local HTTP server. */
class CoreActionsTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private String base;
    private final AtomicInteger downCalls = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", ex -> reply(ex, 200, "{\"status\":\"UP\",\"checks\":[{\"name\":\"db\",\"state\":\"ok\",\"ms\":12}]}"));
        server.createContext("/down", ex -> {
            downCalls.incrementAndGet();
            reply(ex, 503, "{\"status\":\"DOWN\"}");
        });
        server.createContext("/cookie", ex -> {
            // a health endpoint that hands out a session, and a challenge naming the realm (not a credential)
            ex.getResponseHeaders().add("Set-Cookie", "session=abcdef0123456789; HttpOnly");
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"fleet\"");
            reply(ex, 503, "{\"status\":\"DOWN\"}");
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "{}");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private RunResult run(Harness h, Runbook rb) {
        return h.run(rb, Mode.EXECUTE, h.options().actions(ActionResolver.of(Catalogue.standard())).yes(true), Map.of());
    }

    private RunResult run(Harness h, Runbook rb, Map<String, Object> params) {
        return h.run(rb, Mode.EXECUTE, h.options().actions(ActionResolver.of(Catalogue.standard())).yes(true), params);
    }

    @Test
    void http_check_asserts_status_and_json_pointers_and_outputs_selected_fields() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("http").diagnose(step("health", "http.check").with(Map.of("url", base + "/health",
                "expect", Map.of("status", 200, "body", Map.of("/status", "UP", "/checks/0/ms", 12), "latency", "2s"),
                "select", Map.of("db", "/checks/0/state")))).build();
        RunResult r = run(h, rb);
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.outputs().get("health")).containsEntry("status", 200L).containsEntry("ok", true)
                .containsEntry("fields", Map.of("db", "ok"));
        assertThat((Long) r.outputs().get("health").get("latencyMs")).isLessThan(2000L);
    }

    @Test
    void http_check_keeps_response_headers_but_never_a_session_cookie_it_was_handed() throws Exception {
        // before: outputs.headers held "set-cookie: session=abcdef0123456789": a credential in the journal, --output json,
        // runs show and a team store, though no one gave it as a secret
        Harness h = new Harness(tmp);
        Runbook rb = runbook("http").diagnose(step("health", "http.check").with(Map.of("url", base + "/cookie"))
                .onFailure(dev.runbook.model.OnFailure.CONTINUE)).build();
        RunResult r = run(h, rb);
        String journal = Files.readString(tmp.resolve(r.runId()).resolve("journal.jsonl"));
        assertThat(journal).contains("\"content-type\":\"application/json\"", "set-cookie", "Bearer realm=")
                .doesNotContain("abcdef0123456789");
    }

    @Test
    void http_check_failing_expectations_are_transient_so_retry_polls() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("http").verify(step("healthy", "http.check").with(Map.of("url", base + "/down",
                "expect", Map.of("body", Map.of("/status", "UP")))).retry(3, Duration.ofMillis(50), 1.0)).build();
        RunResult r = run(h, rb);
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(downCalls.get()).isEqualTo(3);
        assertThat(r.message()).contains("status 503, expected 200", "body /status is \"DOWN\", expected UP", "after 3 attempts");
    }

    @Test
    void http_check_timeout_aborts_the_request() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("http").diagnose(step("slow", "http.check").with(Map.of("url", base + "/slow"))
                .timeout(Duration.ofMillis(400))).build();
        long t0 = System.nanoTime();
        RunResult r = run(h, rb);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(h.recorder.of(RunEvent.StepFinished.class)).singleElement().satisfies(f -> assertThat(f.errorKind()).isEqualTo(dev.runbook.journal.ErrorKind.TIMEOUT));
    }

    @Test
    void http_check_refuses_methods_that_could_change_something() {
        Harness h = new Harness(tmp);
        RunResult r = run(h, runbook("http").diagnose(step("post", "http.check").with(Map.of("url", base + "/health", "method", "POST"))).build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).contains("POST is not allowed");
    }

    @Test
    void shell_outputs_exit_code_and_the_tails_of_stdout_and_stderr() {
        Harness h = new Harness(tmp);
        RunResult r = run(h, runbook("sh").diagnose(step("s", "shell").effect(Effect.READ).with(Map.of(
                "command", List.of("sh", "-c", "for i in 1 2 3 4 5; do echo out$i; done; echo err >&2"), "tailLines", 2))).build());
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.outputs().get("s")).containsEntry("exitCode", 0L).containsEntry("stdout", "out4\nout5").containsEntry("stderr", "err");
    }

    @Test
    void shell_failure_reports_the_exit_code_and_last_error_line() {
        Harness h = new Harness(tmp);
        RunResult r = run(h, runbook("sh").diagnose(step("s", "shell").effect(Effect.READ).with(Map.of(
                "command", List.of("sh", "-c", "echo 'disk full' >&2; exit 3")))).build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).contains("'sh' exited with 3: disk full");
    }

    @Test
    void shell_timeout_kills_the_whole_process_tree() throws Exception {
        Harness h = new Harness(tmp);
        Path pidFile = tmp.resolve("child.pid");
        RunResult r = run(h, runbook("sh").diagnose(step("s", "shell").effect(Effect.READ).timeout(Duration.ofMillis(800)).with(Map.of(
                "command", List.of("sh", "-c", "sleep 300 & echo $! > \"$PIDFILE\"; wait"), "env", Map.of("PIDFILE", pidFile.toString())))).build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(h.recorder.of(RunEvent.StepFinished.class)).singleElement().satisfies(f -> assertThat(f.errorKind()).isEqualTo(dev.runbook.journal.ErrorKind.TIMEOUT));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        boolean alive = true;
        for (int i = 0; i < 50 && alive; i++) {
            alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (alive) Thread.sleep(100);
        }
        assertThat(alive).as("the grandchild 'sleep 300' (pid " + pid + ") is gone").isFalse();
    }

    @Test
    void hostile_parameter_values_reach_the_command_only_as_data() throws Exception {
        String hostile = "x\"; touch pwned1; $(touch pwned2) `touch pwned3` | touch pwned4 && echo '$HOME' \\";
        Harness h = new Harness(tmp);
        Runbook rb = runbook("inject").param("target", ParamType.STRING, null)
                .resolve(step("via-env", "shell").with(Map.of("command", List.of("sh", "-c", "printf '%s' \"$T\" > env.txt"),
                                "env", Map.of("T", "${params.target}"))),
                        step("via-argv", "shell").with(Map.of("command", List.of("printf", "%s", "${params.target}")))
                                .outputs(Map.of("echoed", "steps['via-argv'].outputs.stdout")))
                .build();
        RunResult r = run(h, rb, Map.of("target", hostile));
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Files.readString(tmp.resolve("env.txt"))).isEqualTo(hostile);
        assertThat(r.outputs().get("via-argv")).containsEntry("echoed", hostile);
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
        }
    }

    @Test
    void message_renders_to_the_terminal_and_to_a_file_but_a_dry_run_writes_no_file() throws Exception {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("msg").param("app", ParamType.STRING, null)
                .diagnose(step("note", "message").with(Map.of("title", "Status", "text", "${params.app} is degraded")),
                        step("file", "message").with(Map.of("to", "notices/status.txt", "text", "Update: ${params.app} restored")))
                .build();
        RunResult dry = h.run(rb, Mode.DRY_RUN, h.options().actions(ActionResolver.of(Catalogue.standard())), Map.of("app", "api"));
        assertThat(dry.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(tmp.resolve("notices/status.txt")).doesNotExist();
        RunResult r = run(h, rb, Map.of("app", "api"));
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Files.readString(tmp.resolve("notices/status.txt"))).isEqualTo("Update: api restored\n");
        assertThat(h.recorder.of(RunEvent.OperatorText.class)).extracting(RunEvent.OperatorText::text).contains("Status\napi is degraded");
    }

    @Test
    void assert_fails_the_step_with_its_message_and_wait_waits() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("a")
                .diagnose(step("w", "wait").with(Map.of("duration", "200ms")),
                        step("ok", "assert").with(Map.of("that", "${steps.w.outputs.waitedMs >= 150}")),
                        step("bad", "assert").with(Map.of("that", "${1 > 2}", "message", "one is not above two")))
                .build();
        RunResult r = run(h, rb);
        assertThat(r.steps()).containsEntry("w", StepStatus.SUCCEEDED).containsEntry("ok", StepStatus.SUCCEEDED).containsEntry("bad", StepStatus.FAILED);
        assertThat(r.message()).contains("assertion failed: one is not above two");
    }

    @Test
    void manual_checklist_is_confirmed_from_scripted_answers_and_refused_without_an_operator() throws Exception {
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, "confirm:\n  page: [Page L2]\nask:\n  page: bridge-42\n");
        Runbook rb = runbook("m").rollback().diagnose(step("page", "manual").with(Map.of("instructions", "Page the team lead",
                "checklist", List.of("Page L2"), "question", "Bridge id?"))).build();
        Harness h = new Harness(tmp);
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().actions(ActionResolver.of(Catalogue.standard()))
                .answers(dev.runbook.engine.gate.Answers.load(answers)), Map.of());
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.outputs().get("page")).containsEntry("confirmed", List.of("Page L2")).containsEntry("answer", "bridge-42");

        Harness h2 = new Harness(tmp.resolve("again"));
        RunResult none = h2.run(rb, Mode.EXECUTE, h2.options().actions(ActionResolver.of(Catalogue.standard())), Map.of());
        // refused before anything runs (OperatorPreflight), not at the step
        assertThat(none.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(none.message()).contains("an operator is needed and there is no terminal")
                .contains("page: confirm its checklist (--answers confirm: { page: true }) and answer its question");
    }
}
