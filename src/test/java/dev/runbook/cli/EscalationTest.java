package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's escalation threshold (4 s in the fixture) is a response clock: when it passes, a banner names who to
 * escalate to and the journal records it, once; a resumed run goes on from the first start, not from the resume.
 */
class EscalationTest {
    static final Path RUNBOOK = Path.of("src/test/resources/cli/escalation/escalating.yaml");

    @TempDir
    Path tmp;

    @Test
    void a_run_that_outlasts_the_threshold_shows_the_banner_and_journals_it_once() throws Exception {
        Path flag = Files.writeString(tmp.resolve("flag"), "");
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(RUNBOOK.toString(), "-p", "pause=5", "-p", "flag=" + flag, "--yes");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.out()).contains("⚑ ESCALATE to SRE Team Pager: 4s have passed since the run started", "escalation due: SRE Team Pager");
        List<JsonNode> esc = events(tmp.resolve("state"), "run.escalate");
        assertThat(esc).hasSize(1);
        assertThat(esc.get(0).path("to").asText()).isEqualTo("SRE Team Pager");
        assertThat(esc.get(0).path("elapsedMs").asLong()).isGreaterThanOrEqualTo(4000);
    }

    @Test
    void the_clock_survives_resume() throws Exception {
        Path flag = tmp.resolve("flag");
        CliRun cli = new CliRun(tmp.resolve("state"));
        CliRun.Outcome first = cli.exec(RUNBOOK.toString(), "-p", "flag=" + flag, "--yes");
        assertThat(first.code()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
        // the threshold passes while nobody runs anything; the resumed run is past it from its first event on
        Instant started = Instant.parse(journal(tmp.resolve("state")).get(0).path("ts").asText());
        while (Instant.now().isBefore(started.plus(Duration.ofMillis(4200)))) Thread.sleep(100);
        Files.writeString(flag, "");
        CliRun.Outcome resumed = cli.resume("last", "--yes");
        assertThat(resumed.code()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(resumed.out()).contains("⚑ ESCALATE to SRE Team Pager");
        assertThat(events(tmp.resolve("state"), "run.escalate")).hasSize(1);
        // resumed again (nothing left to do, refused) or listed: the escalation is in the timeline
        CliRun.Outcome shown = cli.exec(RUNBOOK.toString(), "-p", "flag=" + flag, "--yes");
        assertThat(shown.out()).as("a new run has its own clock").doesNotContain("ESCALATE");
    }

    static List<JsonNode> journal(Path state) throws Exception {
        Path runs = state.resolve("runs");
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.sorted().findFirst().orElseThrow();
        }
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String l : Files.readAllLines(dir.resolve("journal.jsonl"))) out.add(m.readTree(l));
        return out;
    }

    static List<JsonNode> events(Path state, String type) throws Exception {
        return journal(state).stream().filter(n -> type.equals(n.path("event").path("type").asText()) || type.equals(n.path("type").asText())).toList();
    }
}
