package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real interactive run in a real terminal: tmux runs runbook, the test types at the gates. */
class TmuxInteractiveTest {
    private final String socket = "runbook-test-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path tmp;

    private static boolean tmuxAvailable() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private String waitFor(String text) throws Exception {
        String screen = "";
        for (int i = 0; i < 200; i++) {
            screen = tmux("capture-pane", "-p", "-t", "run");
            if (screen.contains(text)) return screen;
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' never appeared; the screen:\n" + screen);
    }

    @AfterEach
    void stop() throws Exception {
        if (tmuxAvailable()) tmux("kill-server");
    }

    @Test
    void an_operator_answers_gates_in_a_real_terminal() throws Exception {
        assumeTrue(tmuxAvailable(), "tmux is not installed: the interactive terminal test is skipped (.ci/run installs it)");
        Path file = tmp.resolve("count.txt");
        Path script = tmp.resolve("run.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\n"
                + "export RUNBOOK_STATE_DIR='" + tmp.resolve("state") + "'\n"
                + "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.runbook.cli.Main exec '"
                + ExecCommandTest.COUNTER.toAbsolutePath() + "' -p file='" + file + "'\n"
                + "echo \"EXIT=$?\"\nsleep 30\n");
        script.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", "run", "-x", "150", "-y", "50", script.toString());

        String screen = waitFor("run it?");
        assertThat(screen).contains("WRITE first", "plan: run sh -c");
        tmux("send-keys", "-t", "run", "d", "Enter");
        screen = waitFor("found so far:");
        tmux("send-keys", "-t", "run", "y", "Enter");
        waitFor("WRITE slow");
        tmux("send-keys", "-t", "run", "n", "Enter");
        waitFor("WRITE second");
        tmux("send-keys", "-t", "run", "y", "Enter");
        screen = waitFor("EXIT=");
        assertThat(screen).contains("✓ first", "○ slow", "✓ second", "succeeded", "EXIT=0");
        assertThat(Files.readAllLines(file)).containsExactly("first", "second");
    }
}
