package dev.runbook.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An escalation entry with {@code notify:} posts to its webhook when its threshold passes (a real webhook server,
 * WireMock on 127.0.0.1): once, with who, after how long and the run id; a dry run posts nothing and says what it would
 * post; a failing webhook is shown loudly and the run goes on; a resume never posts a threshold again, and a post cut
 * short by a crash is recorded as unknown, not repeated (at most once). The webhook URL is a secret: it is in no output,
 * journal or file.
 */
class EscalationNotifyTest {
    static final Path RUNBOOK = Path.of("src/test/resources/cli/escalation/paging.yaml");
    static final String TOKEN = "Zq8vK2pagerTOKENx91";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    WireMockServer wm;
    String url;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        wm.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
        url = "http://127.0.0.1:" + wm.port() + "/hooks/T0001/B0001/" + TOKEN;
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    CliRun cli() {
        CliRun c = new CliRun(tmp.resolve("state"));
        c.env.put("PAGER_URL", url);
        c.env.put("COLUMNS", "200");
        return c;
    }

    List<ServeEvent> posts() {
        return wm.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith("/hooks/")).toList();
    }

    @Test
    void a_real_run_posts_the_escalation_once_with_who_after_and_run_id() throws Exception {
        Path flag = Files.writeString(tmp.resolve("flag"), "");
        CliRun.Outcome o = cli().exec(RUNBOOK.toString(), "-p", "flag=" + flag, "--secret-env", "pager=PAGER_URL", "--yes");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(posts()).hasSize(1);
        String runId = journal().get(0).path("runId").asText();
        JsonNode body = JSON.readTree(posts().get(0).getRequest().getBodyAsString());
        assertThat(body.path("text").asText()).contains("ESCALATE to SRE Team Pager", "1s have passed", "paging", runId);
        assertThat(o.out()).contains("posted to their webhooks when due: after 1s to SRE Team Pager",
                "⚑ ESCALATE to SRE Team Pager", "escalation posted to SRE Team Pager (slack webhook, HTTP 200)",
                "escalation due: SRE Team Pager (after 1s) · posted");
        List<JsonNode> notices = events("escalation.notify");
        assertThat(notices).extracting(n -> n.path("status").asText()).containsExactly("posting", "posted");
        assertThat(notices.get(1).path("httpStatus").asLong()).isEqualTo(200);
        assertThat(notices.get(0).path("text").asText()).contains(runId);
        // the threshold without notify: is only shown (1h never passes here)
        assertThat(events("run.escalate")).hasSize(1);
        noSecretAnywhere(o);
    }

    @Test
    void a_dry_run_posts_nothing_and_says_what_it_would_post() throws Exception {
        CliRun.Outcome o = cli().exec(RUNBOOK.toString(), "-p", "flag=/nonexistent", "--secret-env", "pager=PAGER_URL", "--dry-run");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(posts()).as("a dry run never posts").isEmpty();
        assertThat(o.out()).contains("a real run posts these when due (this dry run posts nothing): after 1s to SRE Team Pager",
                "⚑ ESCALATE to SRE Team Pager", "would post the escalation to SRE Team Pager (slack webhook): dry run",
                "│ ESCALATE to SRE Team Pager: 1s have passed");
        List<JsonNode> notices = events("escalation.notify");
        assertThat(notices).extracting(n -> n.path("status").asText()).containsExactly("not-posted");
        assertThat(notices.get(0).path("text").asText()).contains("SRE Team Pager");
        noSecretAnywhere(o);
    }

    /** A rehearsal's simulated time passes the threshold in the slow step: nothing leaves the machine, the debrief is as before. */
    @Test
    void a_rehearsal_posts_nothing_and_says_what_it_would_post() throws Exception {
        Path book = tmp.resolve("books");
        Files.createDirectories(book.resolve("scenarios/paging"));
        Files.copy(RUNBOOK, book.resolve("paging.yaml"));
        Files.writeString(book.resolve("scenarios/paging/slow-look.yaml"), """
                scenario: slow-look
                runbook: paging
                description: the diagnosis takes a minute of simulated time; the fix works
                parameters:
                  flag: /flag
                  pager: "%s"
                steps:
                  look: { latency: 1m }
                expect:
                  outcome: resolved
                  run: [look, fix]
                answers:
                  gates: { fix: yes }
                """.formatted(url));
        dev.runbook.testing.Cli.Run r = new dev.runbook.testing.Cli(Path.of(""), java.util.Map.of("RUNBOOK_STATE_DIR", tmp.resolve("state").toString(),
                "NO_COLOR", "1", "COLUMNS", "200", "PATH", System.getenv("PATH")), dev.runbook.action.Catalogue.standard())
                .run("rehearse", book.resolve("paging.yaml").toString(), "--scenario", "slow-look", "--speed", "100");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(posts()).as("a rehearsal never posts").isEmpty();
        assertThat(r.out()).contains("⚑ ESCALATE to SRE Team Pager", "would post the escalation to SRE Team Pager (slack webhook): rehearsal");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
        List<JsonNode> notices = new ArrayList<>();
        try (Stream<Path> s = Files.walk(tmp.resolve("state"))) {
            for (Path f : s.filter(p -> p.getFileName().toString().equals("journal.jsonl")).toList()) {
                for (String l : Files.readAllLines(f)) {
                    JsonNode n = JSON.readTree(l);
                    if ("escalation.notify".equals(n.path("type").asText())) notices.add(n);
                }
            }
        }
        assertThat(notices).extracting(n -> n.path("status").asText()).containsExactly("not-posted");
        try (Stream<Path> s = Files.walk(tmp.resolve("state"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as("%s", f).doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void a_failing_webhook_is_shown_loudly_and_the_run_goes_on() throws Exception {
        wm.resetAll();
        wm.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(404).withBody("no_service " + url)));
        Path flag = Files.writeString(tmp.resolve("flag"), "");
        CliRun.Outcome o = cli().exec(RUNBOOK.toString(), "-p", "flag=" + flag, "--secret-env", "pager=PAGER_URL", "--yes");
        assertThat(o.code()).as("the run goes on and succeeds: %s", o).isEqualTo(ExitCodes.OK);
        assertThat(posts()).hasSize(1);
        assertThat(o.out()).contains("✗ ESCALATION NOT POSTED to SRE Team Pager: webhook answered 404", "page SRE Team Pager by hand",
                "escalation due: SRE Team Pager (after 1s) · NOT POSTED");
        List<JsonNode> notices = events("escalation.notify");
        assertThat(notices).extracting(n -> n.path("status").asText()).containsExactly("posting", "failed");
        assertThat(notices.get(1).path("error").asText()).contains("404");
        assertThat(events("step.end")).extracting(n -> n.path("status").asText()).containsExactly("succeeded", "succeeded");
        noSecretAnywhere(o);
    }

    @Test
    void a_resumed_run_does_not_post_again() throws Exception {
        Path flag = tmp.resolve("flag");
        CliRun cli = cli();
        CliRun.Outcome first = cli.exec(RUNBOOK.toString(), "-p", "flag=" + flag, "--secret-env", "pager=PAGER_URL", "--yes");
        assertThat(first.code()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(posts()).hasSize(1);
        Files.writeString(flag, "");
        CliRun.Outcome resumed = resumeWhenIdle(cli);
        assertThat(resumed.code()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(posts()).as("posted once, in the first run").hasSize(1);
        assertThat(events("escalation.notify")).extracting(n -> n.path("status").asText()).containsExactly("posting", "posted");
        assertThat(resumed.out()).contains("escalation due: SRE Team Pager (after 1s) · posted");
        noSecretAnywhere(first);
        noSecretAnywhere(resumed);
    }

    /**
     * The crash window: runbook journaled (and fsynced) that it was posting, then died before the answer was recorded.
     * The journal is cut right after that event, as the crash leaves it (head names it). Resume cannot know whether the
     * page arrived: it records "unknown", says so loudly, and does not post again.
     */
    @Test
    void a_post_cut_short_by_a_crash_is_recorded_as_unknown_and_not_repeated() throws Exception {
        Path flag = tmp.resolve("flag");
        CliRun cli = cli();
        CliRun.Outcome first = cli.exec(RUNBOOK.toString(), "-p", "flag=" + flag, "--secret-env", "pager=PAGER_URL", "--yes");
        assertThat(first.code()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
        Path dir = runDir();
        List<String> lines = Files.readAllLines(dir.resolve("journal.jsonl"), StandardCharsets.UTF_8);
        int posting = -1;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = JSON.readTree(lines.get(i));
            if ("escalation.notify".equals(n.path("type").asText()) && "posting".equals(n.path("status").asText())) posting = i;
        }
        assertThat(posting).as("the posting event in %s", lines).isPositive();
        List<String> kept = lines.subList(0, posting + 1);
        Files.writeString(dir.resolve("journal.jsonl"), String.join("\n", kept) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("head"), (posting + 1) + " " + sha256(kept.get(posting)) + "\n");

        Files.writeString(flag, "");
        CliRun.Outcome resumed = resumeWhenIdle(cli);
        assertThat(resumed.code()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(posts()).as("not posted again").hasSize(1);
        assertThat(events("escalation.notify")).extracting(n -> n.path("status").asText()).containsExactly("posting", "unknown");
        assertThat(resumed.out()).contains("⚠ the escalation to SRE Team Pager may not have been posted",
                "check with SRE Team Pager that they were paged");
        noSecretAnywhere(resumed);
    }

    /**
     * {@code resume last}, once the failed step's process session has ended: right after a run, the watcher that ends
     * it may still be alive for a moment under load, and resume rightly refuses to run the step again while it is.
     */
    private static CliRun.Outcome resumeWhenIdle(CliRun cli) throws InterruptedException {
        CliRun.Outcome o = cli.resume("last", "--secret-env", "pager=PAGER_URL", "--yes");
        for (int i = 0; i < 100 && o.code() != ExitCodes.OK && o.err().contains("cannot be resumed yet"); i++) {
            Thread.sleep(100);
            o = cli.resume("last", "--secret-env", "pager=PAGER_URL", "--yes");
        }
        return o;
    }

    /** The webhook URL's secret part (and the whole URL) is nowhere: outputs, journal, any file under the state folder. */
    private void noSecretAnywhere(CliRun.Outcome o) throws Exception {
        assertThat(o.all().toLowerCase(Locale.ROOT)).doesNotContain(TOKEN.toLowerCase(Locale.ROOT));
        try (Stream<Path> s = Files.walk(tmp.resolve("state"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)).as("%s", f)
                        .doesNotContain(TOKEN.toLowerCase(Locale.ROOT));
            }
        }
    }

    private Path runDir() throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve("state").resolve("runs"))) {
            return s.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
        }
    }

    private List<JsonNode> journal() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(runDir().resolve("journal.jsonl"))) out.add(JSON.readTree(l));
        return out;
    }

    private List<JsonNode> events(String type) throws Exception {
        return journal().stream().filter(n -> type.equals(n.path("type").asText())).toList();
    }

    private static String sha256(String line) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
    }
}
