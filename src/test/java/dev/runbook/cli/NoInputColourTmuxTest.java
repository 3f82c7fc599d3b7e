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
 * Colour follows the screen, not whether questions may be asked: {@code exec --no-input} typed at a terminal (tmux)
 * is coloured like any other run there (before: no colour at all, since --no-input opens no terminal for input), and
 * {@code NO_COLOR} still turns it off.
 */
class NoInputColourTmuxTest {
    @TempDir
    Path tmp;

    private String raw(String env, String name) throws Exception {
        Path rb = tmp.resolve("quick.yaml");
        Files.writeString(rb, """
                runbook: quick
                title: Quick
                severity: P3
                summary: one read step
                diagnose:
                  - id: look
                    title: Looks
                    uses: shell
                    effect: read
                    with:
                      command: [sh, -c, "echo fine"]
                """);
        Path script = tmp.resolve(name + ".sh");
        Path bytes = tmp.resolve(name + ".bytes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\n"
                + "export RUNBOOK_STATE_DIR='" + tmp.resolve("state") + "'\n"
                + env
                + "sleep 1\n" // time for pipe-pane to attach before the first byte
                + "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.runbook.cli.Main exec '" + rb
                + "' --no-input\n"
                + "echo \"EXIT=$?\"\nsleep 30\n");
        script.toFile().setExecutable(true);
        try (Tmux t = Tmux.start(script, 150, 40)) {
            t.pipeTo(bytes);
            String screen = t.waitFor("EXIT=", Duration.ofSeconds(60));
            assertThat(screen).contains("EXIT=0", "✓ look");
        }
        return Files.readString(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void no_input_at_a_terminal_is_coloured_and_no_color_turns_it_off() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed: the terminal test is skipped (.ci/run installs it)");
        assertThat(raw("unset NO_COLOR\nexport TERM=xterm-256color\n", "colour")).contains("\u001B[");
        assertThat(raw("export NO_COLOR=1\nexport TERM=xterm-256color\n", "plain")).doesNotContain("\u001B[");
    }
}
