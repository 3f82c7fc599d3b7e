package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testing.Tmux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a real terminal (tmux), the live step line still goes back to the start of its line to redraw itself (our own
 * carriage return), while a carriage return in a parameter is shown as {@code \u000D} and cannot put the cursor back
 * over "drop table": what the operator reads is what the data holds.
 */
class CarriageReturnTmuxTest {
    @TempDir
    Path tmp;

    @Test
    void the_live_line_redraws_itself_but_data_cannot_move_the_cursor() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed: the terminal test is skipped (.ci/run installs it)");
        Path rb = tmp.resolve("slow.yaml");
        Files.writeString(rb, """
                runbook: slow
                title: Slow
                severity: P3
                summary: a step long enough for the live line
                parameters:
                  name: { type: string }
                diagnose:
                  - id: slow
                    title: Sleeps
                    uses: shell
                    effect: read
                    with:
                      command: [sh, -c, "sleep 2; echo \\"$N\\""]
                      env: { N: "${params.name}" }
                """);
        Path script = tmp.resolve("run.sh");
        Path bytes = tmp.resolve("terminal.bytes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\n"
                + "export RUNBOOK_STATE_DIR='" + tmp.resolve("state") + "'\n"
                + "sleep 1\n" // time for pipe-pane to attach before the first byte
                + "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.runbook.cli.Main exec '" + rb
                + "' -p \"$(printf 'name=drop table\\rselect 1')\"\n"
                + "echo \"EXIT=$?\"\nsleep 30\n");
        script.toFile().setExecutable(true);
        String screen;
        try (Tmux t = Tmux.start(script, 150, 50)) {
            t.pipeTo(bytes);
            screen = t.waitFor("EXIT=", Duration.ofSeconds(60));
        }
        assertThat(screen).contains("EXIT=0", "✓ slow");
        // the parameter, shown escaped in the header and in the step's output: never as "select 1" over "drop table"
        assertThat(screen).contains("drop table\\u000Dselect 1");
        // the live line used our own carriage return (it reached the terminal as one) and cleaned up after itself
        String raw = Files.readString(bytes, StandardCharsets.UTF_8);
        assertThat(raw).contains("\r").doesNotContain("table\rselect");
        assertThat(screen.replace("drop table\\u000Dselect 1", "")).as(screen).doesNotContain("\\u000D").doesNotContain("\\u001B");
        assertThat(screen).doesNotContain("⠋ slow").doesNotContain("⠙ slow");
    }
}
