package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        try (dev.runbook.testing.Tmux t = dev.runbook.testing.Tmux.start(script, 150, 50)) {
            // every answer is typed once its question is on screen: keys typed before it are thrown away
            Duration patience = Duration.ofSeconds(20);
            String screen = t.waitForPrompt("run it?", patience);
            assertThat(screen).contains("WRITE first", "plan: run sh -c");
            t.typeLine("d");
            t.waitForPrompt("found so far:", patience);
            t.typeLine("y");
            t.waitForPrompt("WRITE slow", patience);
            t.typeLine("n");
            t.waitForPrompt("WRITE second", patience);
            t.typeLine("y");
            screen = t.waitFor("EXIT=", patience);
            assertThat(screen).contains("✓ first", "○ slow", "✓ second", "! partially resolved in", "skipped at a gate", "○ slow", "EXIT=0");
        }
        assertThat(Files.readAllLines(file)).containsExactly("first", "second");
    }
}
