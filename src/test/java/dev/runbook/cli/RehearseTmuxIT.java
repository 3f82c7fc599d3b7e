package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook rehearse service-down} as a person runs it: the built launcher in a real terminal (tmux), the
 * test reading the screen and typing at each gate. An integration test, so it runs after {@code package} built
 * the launcher's jar.
 */
class RehearseTmuxIT {
    static final Path LAUNCHER = Path.of("runbook").toAbsolutePath();
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @BeforeAll
    static void needs() {
        assumeTrue(Tmux.available(), "tmux is not installed: the interactive rehearsal test is skipped (.ci/run installs it)");
        assumeTrue(Files.isRegularFile(Path.of("target/runbook.jar")), "the launcher is not built: run 'mvn -B verify' (package comes first)");
    }

    private Tmux rehearse(String args) throws Exception {
        Path script = tmp.resolve("rehearse.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "cd '" + LAUNCHER.getParent() + "'\n"
                + "export RUNBOOK_STATE_DIR='" + tmp.resolve("state") + "'\n"
                + "'" + LAUNCHER + "' rehearse service-down " + args + "\n"
                + "echo \"EXIT=$?\"\nsleep 60\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return Tmux.start(script, 160, 60);
    }

    @Test
    void a_trainee_approves_both_fixes_at_the_terminal_and_the_debrief_passes() throws Exception {
        try (Tmux t = rehearse("")) {
            String screen = t.waitForPrompt("WRITE restart", PATIENCE);
            assertThat(screen).contains("REHEARSAL · scenario app-unhealthy of service-down · waits at 10x",
                    "P0 · respond within 15m", "REHEARSAL of scenario app-unhealthy (simulated: nothing leaves this machine)",
                    "✗ health", "status 503", "plan: restart fleet-api", "Users see errors for about 30 s while fleet-api restarts.",
                    "run it? [y]es / [n]o, skip / [a]bort / [d]etails:");
            t.typeLine("d");
            t.waitForPrompt("details of restart (azure.webapp.restart)", PATIENCE);
            t.typeLine("y");
            // the 40 s restart takes 4 s at 10x: long enough to see the spinner with the time against the target
            assertThat(t.waitFor("of 15m", PATIENCE)).contains("restart");
            t.waitForPrompt("WRITE scale-out", PATIENCE);
            t.typeLine("y");
            screen = t.waitFor("EXIT=", PATIENCE);
            assertThat(screen).containsSubsequence("✓ restart", "✓ scale-out", "↻ healthy", "✓ healthy",
                    "✓ resolved in", "left of the 15m response target",
                    "DEBRIEF — scenario app-unhealthy", "outcome          resolved", "gates            restart approve, scale-out approve",
                    "PASS: the rehearsal followed the expected path.", "EXIT=0");
        }
    }

    /**
     * The drill "Ctrl-C, then resume" at a terminal: the trainee approves the restart, presses Ctrl-C while it runs, is
     * told how to go on, types {@code runbook resume last}, answers the gates again and gets the whole rehearsal judged.
     */
    @Test
    void a_trainee_presses_ctrl_c_during_the_restart_then_resumes_and_the_debrief_passes() throws Exception {
        Path script = tmp.resolve("drill.sh");
        // a trap (not an ignore: that would be inherited) keeps the script going after Ctrl-C, as a person's shell does
        Files.writeString(script, "#!/bin/sh\n"
                + "trap ':' INT\n"
                + "cd '" + LAUNCHER.getParent() + "'\n"
                + "export RUNBOOK_STATE_DIR='" + tmp.resolve("state") + "'\n"
                + "'" + LAUNCHER + "' rehearse service-down\n"
                + "echo \"EXIT=$?\"\n"
                + "'" + LAUNCHER + "' resume last\n"
                + "echo \"RESUMED=$?\"\nsleep 60\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        try (Tmux t = Tmux.start(script, 160, 60)) {
            t.waitForPrompt("WRITE restart", PATIENCE);
            t.typeLine("y");
            // the 40 s restart takes 4 s at 10x: the spinner shows it running, and Ctrl-C cancels it
            t.waitFor("of 15m", PATIENCE);
            t.press("C-c");
            // nothing of resolve was completed, but the runbook has a rollback phase: declined, to go on later
            t.waitForPrompt("Roll back (run the rollback phase)? [y/N]", PATIENCE);
            t.typeLine("n");
            String screen = t.waitFor("EXIT=", PATIENCE);
            assertThat(screen).containsSubsequence("interrupted by the operator (Ctrl-C)", "⊘ restart",
                    "Continue with:", "runbook resume", "REHEARSAL INTERRUPTED", "not judged yet", "EXIT=130");
            t.waitForPrompt("WRITE restart", PATIENCE);
            screen = t.screen();
            assertThat(screen.substring(screen.indexOf("EXIT=130"))).contains("ended interrupted", "restart", "runs again");
            t.typeLine("y");
            t.waitForPrompt("WRITE scale-out", PATIENCE);
            t.typeLine("y");
            screen = t.waitFor("RESUMED=", PATIENCE);
            assertThat(screen.substring(screen.indexOf("EXIT=130"))).containsSubsequence("✓ restart", "✓ scale-out", "✓ healthy",
                    "DEBRIEF — scenario app-unhealthy", "outcome          resolved", "PASS: the rehearsal followed the expected path.", "RESUMED=0");
        }
    }

    @Test
    void a_trainee_who_refuses_a_needed_fix_gets_the_deviation_and_exit_code_7() throws Exception {
        try (Tmux t = rehearse("--speed 100")) {
            t.waitForPrompt("WRITE restart", PATIENCE);
            t.typeLine("maybe");
            t.waitForPrompt("answer y, n, a or d", PATIENCE);
            t.typeLine("y");
            t.waitForPrompt("WRITE scale-out", PATIENCE);
            t.typeLine("n");
            String screen = t.waitFor("EXIT=", PATIENCE);
            assertThat(screen).containsSubsequence("○ scale-out", "✓ healthy", "DEBRIEF — scenario app-unhealthy",
                    "DEVIATION from the expected path:", "refused step 'scale-out' (skip), which the scenario needs approved", "EXIT=7");
        }
    }
}
