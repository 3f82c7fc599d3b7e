package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails again after {@code takeover --output json} says so on stderr in one line, as {@code exec} and
 * {@code resume} do: stdout is the event stream, stderr the one-line reason, never twice.
 */
class TakeoverStderrTest {
    static final Catalogue CATALOGUE = Catalogue.standard();

    @TempDir
    Path tmp;

    Cli cli() {
        return new Cli(Path.of(""), Map.of("RUNBOOK_STATE_DIR", tmp.resolve("state").toString(), "NO_COLOR", "1",
                "PATH", System.getenv("PATH")), CATALOGUE);
    }

    @Test
    void a_failing_takeover_in_json_mode_prints_its_failure_line_once() throws Exception {
        Path team = tmp.resolve("team");
        Path failing = Files.writeString(tmp.resolve("fails.yaml"), """
                runbook: fails
                title: A change that fails
                severity: P3
                summary: fails, to be taken over
                resolve:
                  - id: change
                    title: Change something
                    uses: shell
                    effect: write
                    with: { command: [sh, -c, "exit 3"] }
                """);
        Cli.Run first = cli().run("exec", failing.toString(), "--yes", "--state", "dir:" + team, "--output", "json");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
        String runId = new ObjectMapper().readTree(first.out().lines().findFirst().orElseThrow()).get("runId").asText();
        assertThat(first.err().lines().toList()).as(first.err()).containsExactly("failed: step 'change' failed: 'sh' exited with 3");

        Cli.Run taken = cli().run("takeover", runId, "--reason", "shift change", "--yes", "--state", "dir:" + team, "--output", "json");
        assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(ExitCodes.FAILED);
        // the whole of stderr: the one line, not a second copy from the team-store path
        assertThat(taken.err().lines().toList()).as(taken.err()).containsExactly("failed: step 'change' failed: 'sh' exited with 3");
        assertThat(taken.out().lines()).allMatch(l -> l.startsWith("{"));
    }
}
