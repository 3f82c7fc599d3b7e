package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared-state suite on a folder both machines see ({@code dir:}); and the typed confirmation of a forced takeover. */
class DirStoreE2ETest extends SharedStateE2E {
    @Override
    protected String stateUrl() {
        return "dir:" + tmp.resolve("team");
    }

    /**
     * At a real terminal (tmux), {@code takeover --force} shows who holds the run and asks for its id: a wrong id takes
     * nothing over (exit 3, the holder runs on); the right one fences the holder, which says who took over, when and why.
     */
    @Test
    void a_forced_takeover_at_a_terminal_is_confirmed_by_typing_the_run_id() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed: the typed confirmation of takeover --force is not tested (.ci/run installs it)");
        Path file = tmp.resolve("ledger.txt");
        Process a = new Machine("alice").start("exec", HANDOVER.toString(), "-p", "file=" + file, "-p", "hold=60s", "--yes", "--no-input");
        waitFor(file, "first");
        String run = onlyRun();
        waitForEvent(run, "\"type\":\"step.start\"", "\"step\":\"hold\"");

        Machine bob = new Machine("bob");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String takeover = "'" + java + "' -Duser.name=bob -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' dev.runbook.cli.Main takeover " + run + " --reason 'shift change' --force --yes --answers '"
                + answers("inDoubt:\n  hold: done\n") + "'\n";
        Path script = tmp.resolve("bob.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "export RUNBOOK_STATE_DIR='" + bob.home + "' RUNBOOK_STATE='" + stateUrl() + "' RUNBOOK_STATE_LEASE_TTL=3 NO_COLOR=1\n"
                + takeover + "echo \"EXIT=$?\"\n" + takeover + "echo \"EXIT=$?\"\nsleep 60\n");
        script.toFile().setExecutable(true);
        try (Tmux t = Tmux.start(script, 160, 50)) {
            String asked = t.waitForPrompt("Type the run id to take it over:", Duration.ofSeconds(120));
            assertThat(asked).contains("run " + run + " is held by alice@", "may still be running there", "stops alice@");
            t.typeLine("not-the-run");
            String refused = t.waitFor("EXIT=3", Duration.ofSeconds(60));
            assertThat(refused).contains("'not-the-run' is not " + run + ": nothing was taken over");
            assertThat(a.isAlive()).as("the holder runs on").isTrue();
            assertThat(Files.readAllLines(file)).containsExactly("first");

            waitUntilPrompted(t);
            t.typeLine(run);
            String done = t.waitFor("EXIT=0", Duration.ofSeconds(120));
            assertThat(done).contains("taking over run " + run + " (shift change)");
        }
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(output(a)).isEqualTo(8);
        assertThat(output(a)).containsPattern("run " + run + " was taken over by bob@\\S+ at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Files.readAllLines(file)).containsExactly("first", "second");
    }

    /** The second prompt: the screen holds the first one too, so wait until it shows twice and the cursor sits after it. */
    private static void waitUntilPrompted(Tmux t) throws Exception {
        for (int i = 0; i < 1200; i++) {
            String screen = t.screen();
            if (screen.split("Type the run id to take it over:", -1).length > 2) {
                t.waitForPrompt("Type the run id to take it over:", Duration.ofSeconds(60));
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no second prompt:\n" + t.screen());
    }
}
