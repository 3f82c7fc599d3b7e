package dev.runbook.action.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.action.Cancellation;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Operator;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.secret.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookActionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final Deque<int[]> answers = new ConcurrentLinkedDeque<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private String url;
    private final Redactor redactor = new Redactor();
    private final Ctx ctx = new Ctx();
    private Action action;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            paths.add(ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            int[] a = answers.isEmpty() ? new int[] {200, 0} : answers.poll();
            String body = a[0] == 200 ? "ok" : a[0] == 404 ? "no_service" : "upstream trouble at " + url;
            if (a[1] > 0) ex.getResponseHeaders().add("Retry-After", "0");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a[0], b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/XXXXsecretXXXX";
        redactor.add(url);
        action = new Catalogue(List.of(new NotifyProvider())).action("notify.webhook");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Args args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Args.of(m);
    }

    @Test
    void posts_a_slack_message_and_returns_what_was_sent() throws Exception {
        Result r = action.execute(ctx, args("title", "INC-42 mitigated", "text", "fleet-api is healthy again"));
        assertThat(bodies).hasSize(1);
        JsonNode sent = JSON.readTree(bodies.get(0));
        assertThat(sent.get("text").asText()).isEqualTo("*INC-42 mitigated*\nfleet-api is healthy again");
        assertThat(paths.get(0)).isEqualTo("/services/T000/B000/XXXXsecretXXXX application/json; charset=utf-8");
        assertThat(r.outputs()).containsEntry("status", 200L).containsEntry("attempts", 1L)
                .containsEntry("text", "INC-42 mitigated\nfleet-api is healthy again");
        assertThat(r.summary()).doesNotContain(url);
    }

    @Test
    void posts_a_teams_message_card_and_an_adaptive_card() throws Exception {
        action.execute(ctx, args("format", "teams", "title", "Investigating", "text", "errors on fleet-api"));
        action.execute(ctx, args("format", "adaptive", "text", "resolved"));
        JsonNode card = JSON.readTree(bodies.get(0));
        assertThat(card.get("@type").asText()).isEqualTo("MessageCard");
        assertThat(card.get("title").asText()).isEqualTo("Investigating");
        assertThat(card.get("text").asText()).isEqualTo("errors on fleet-api");
        JsonNode adaptive = JSON.readTree(bodies.get(1));
        assertThat(adaptive.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");
        assertThat(adaptive.at("/attachments/0/content/body/0/text").asText()).isEqualTo("resolved");
    }

    @Test
    void retries_429_and_5xx_then_succeeds() throws Exception {
        answers.add(new int[] {503, 0});
        answers.add(new int[] {429, 1});
        Result r = action.execute(ctx, args("text", "hello"));
        assertThat(bodies).hasSize(3);
        assertThat(r.outputs()).containsEntry("attempts", 3L);
        assertThat(ctx.progress).hasSize(2).allSatisfy(p -> assertThat(p).doesNotContain(url).doesNotContain("XXXXsecretXXXX"));
        assertThat(ctx.slept).containsExactly(Duration.ofSeconds(1), Duration.ZERO);
    }

    @Test
    void gives_up_transient_after_the_attempts_without_printing_the_url() {
        for (int i = 0; i < 3; i++) answers.add(new int[] {502, 0});
        assertThatThrownBy(() -> action.execute(ctx, args("text", "hello")))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("webhook answered 502").contains("after 3 attempts")
                            .doesNotContain("XXXXsecretXXXX").contains("***");
                });
        assertThat(bodies).hasSize(3);
    }

    @Test
    void fails_permanently_on_4xx_with_status_body_and_hint() {
        answers.add(new int[] {404, 0});
        assertThatThrownBy(() -> action.execute(ctx, args("text", "hello")))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
                    assertThat(e.getMessage()).isEqualTo("webhook answered 404: no_service");
                    assertThat(e.hint()).contains("no longer exists");
                });
        assertThat(bodies).hasSize(1);
    }

    @Test
    void treats_an_unreachable_webhook_as_transient_without_naming_it() {
        server.stop(0);
        assertThatThrownBy(() -> action.execute(ctx, args("text", "hello", "attempts", 2L)))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("webhook not reachable").doesNotContain("127.0.0.1")
                            .doesNotContain("XXXXsecretXXXX");
                });
    }

    @Test
    void refuses_a_url_that_is_not_a_secret() {
        String plain = "http://127.0.0.1:" + server.getAddress().getPort() + "/plain";
        assertThatThrownBy(() -> action.execute(ctx, Args.of(Map.of("url", plain, "text", "hi"))))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.getMessage()).contains("does not come from a secret parameter").doesNotContain(plain);
                    assertThat(e.hint()).contains("secret: true");
                });
        assertThat(bodies).isEmpty();
    }

    @Test
    void does_not_echo_a_malformed_url() {
        String bad = "ht!tp://not a url/XXXXsecretXXXX";
        redactor.add(bad);
        assertThatThrownBy(() -> action.execute(ctx, Args.of(Map.of("url", bad, "text", "hi"))))
                .hasMessage("the webhook URL is not a valid URL");
    }

    @Test
    void redacts_secrets_in_the_message_before_sending() throws Exception {
        redactor.add("hunter2");
        action.execute(ctx, args("text", "db password hunter2 rotated"));
        assertThat(bodies.get(0)).contains("db password *** rotated").doesNotContain("hunter2");
    }

    @Test
    void plan_shows_the_message_and_a_dry_run_sends_nothing() throws Exception {
        Plan p = action.plan(ctx, args("title", "Resolved", "text", "all good"));
        assertThat(p.summary()).isEqualTo("post a message to the slack webhook");
        assertThat(p.details()).containsExactly("message (slack):", "  Resolved", "  all good");
        assertThat(String.join("\n", p.details()) + p.summary()).doesNotContain("XXXXsecretXXXX");
        ctx.dryRun = true;
        Result r = action.execute(ctx, args("text", "all good"));
        assertThat(bodies).isEmpty();
        assertThat(r.summary()).isEqualTo("dry run: not sent");
        assertThat(ctx.shown).singleElement().satisfies(s -> assertThat(s).contains("all good").doesNotContain("XXXXsecretXXXX"));
    }

    @Test
    void is_declared_as_a_write_action_of_the_notify_provider() {
        assertThat(NotifyProvider.WEBHOOK.effect().id()).isEqualTo("write");
        assertThat(Catalogue.standard().spec("notify.webhook")).isPresent();
    }

    private final class Ctx implements ActionContext {
        boolean dryRun;
        final List<String> progress = new ArrayList<>();
        final List<Duration> slept = new ArrayList<>();
        final List<String> shown = new ArrayList<>();

        @Override public String runId() { return "run-1"; }
        @Override public String stepId() { return "notify"; }
        @Override public Duration timeout() { return Duration.ofSeconds(30); }
        @Override public Instant deadline() { return Instant.now().plusSeconds(30); }
        @Override public boolean dryRun() { return dryRun; }
        @Override public Cancellation cancellation() {
            return new Cancellation() {
                @Override public boolean isCancelled() { return false; }
                @Override public AutoCloseable onCancel(Runnable hook) { return () -> { }; }
            };
        }
        @Override public void progress(String message) { progress.add(message); }
        @Override public Optional<String> setting(String key) { return Optional.empty(); }
        @Override public Map<String, String> environment() { return Map.of(); }
        @Override public Path workDir() { return Path.of("."); }
        @Override public Operator operator() {
            return new Operator() {
                @Override public void show(String text) { shown.add(text); }
                @Override public boolean confirm(String stepId, String item) { return true; }
                @Override public String ask(String stepId, String question, List<String> choices) { return ""; }
            };
        }
        @Override public void sleep(Duration d) { slept.add(d); }
        @Override public String redact(String text) { return redactor.redact(text); }
    }
}
