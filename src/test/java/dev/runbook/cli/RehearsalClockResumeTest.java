package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resumed rehearsal goes on in the simulated time where it stopped: a world change timed from the start ({@code after:
 * 10m}) fires 10 simulated minutes after the rehearsal began, not 10 minutes after the resume. The first run fails its
 * check at 8 simulated minutes (still 503); the resumed check reads at 11 minutes and sees the recovery. Before the
 * fix the countdown restarted at the resume, the check read at 3 minutes and failed again.
 */
class RehearsalClockResumeTest {
    @TempDir
    Path tmp;

    Cli cli() {
        return new Cli(Path.of(""), Map.of("RUNBOOK_STATE_DIR", tmp.resolve("state").toString(), "NO_COLOR", "1",
                "PATH", System.getenv("PATH")), Catalogue.standard());
    }

    @Test
    void a_timed_world_change_counts_from_the_rehearsal_start_across_a_resume() throws Exception {
        Path books = tmp.resolve("books");
        Files.createDirectories(books.resolve("scenarios/recovers"));
        Files.writeString(books.resolve("recovers.yaml"), """
                runbook: recovers
                title: A service that recovers by itself after ten minutes
                severity: P2
                summary: a slow look, then a check that fails until the recovery
                diagnose:
                  - id: slow
                    title: A slow look elsewhere
                    uses: http.check
                    timeout: 10m
                    with: { url: "https://other.example.com/" }
                verify:
                  - id: check
                    title: The service answers
                    uses: http.check
                    timeout: 10m
                    with: { url: "https://svc.example.com/health" }
                """);
        Files.writeString(books.resolve("scenarios/recovers/by-itself.yaml"), """
                scenario: by-itself
                runbook: recovers
                description: the service comes back 10 minutes after the start, whatever anybody does
                resources:
                  http.endpoint/https://other.example.com/: { status: 200 }
                  http.endpoint/https://svc.example.com/health: { status: 503 }
                changes:
                  - after: 10m
                    set:
                      http.endpoint/https://svc.example.com/health: { status: 200 }
                steps:
                  slow: { latency: 5m }
                  check: { latency: 3m }
                expect:
                  outcome: resolved
                  run: [slow, check]
                """);
        Cli.Run first = cli().run("rehearse", books.resolve("recovers.yaml").toString(), "--scenario", "by-itself");
        assertThat(first.out()).as(first.toString()).contains("status 503");
        assertThat(first.exitCode()).as(first.toString()).isNotZero();
        List<JsonNode> journal = journal();
        Instant start = Instant.parse(journal.get(0).path("ts").asText());
        Instant end = Instant.parse(journal.get(journal.size() - 1).path("ts").asText());
        assertThat(Duration.between(start, end)).as("the journal's times are the rehearsal's simulated time").isGreaterThanOrEqualTo(Duration.ofMinutes(8));

        Cli.Run resumed = cli().run("resume", "last");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("PASS", "svc.example.com/health status: 503 → 200");
        List<JsonNode> checks = journal().stream().filter(n -> "step.end".equals(n.path("type").asText()) && "check".equals(n.path("step").asText())).toList();
        assertThat(checks).extracting(n -> n.path("status").asText()).containsExactly("failed", "succeeded");
        Instant last = Instant.parse(journal().get(journal().size() - 1).path("ts").asText());
        assertThat(Duration.between(start, last)).as("the resumed rehearsal went on from 8 simulated minutes").isGreaterThanOrEqualTo(Duration.ofMinutes(11));
    }

    private List<JsonNode> journal() throws Exception {
        Path runs = tmp.resolve("state").resolve("rehearsals").resolve("runs");
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String l : Files.readAllLines(dir.resolve("journal.jsonl"))) out.add(m.readTree(l));
        return out;
    }
}
