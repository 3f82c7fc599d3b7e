package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed completion script in a real zsh, loaded as its last line says (compinit, bashcompinit, source), keys
 * typed in tmux as a person would, against the fixture of {@link CompletionBashTest}. zsh splits no word at '=' and
 * has no compopt: {@code -p mode=f<Tab>} and the blank after a candidate (none after {@code NAME=}) are the script's
 * doing there. Skipped, loudly, without zsh or tmux (.ci/run installs both).
 */
class CompletionZshTest {
    @TempDir
    Path tmp;

    private static void waitForMatch(Tmux t, String regex, Duration limit) throws Exception {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        long end = System.nanoTime() + limit.toNanos();
        String screen = t.screen();
        while (!p.matcher(screen).find()) {
            if (System.nanoTime() > end) throw new AssertionError(regex + " never matched within " + limit + "; the screen:\n" + screen);
            Thread.sleep(100);
            screen = t.screen();
        }
    }

    static Optional<Path> zsh() {
        return Stream.of("/usr/bin/zsh", "/bin/zsh").map(Path::of).filter(Files::isExecutable).findFirst();
    }

    @Test
    void a_real_tab_in_zsh_completes_names_parameters_values_steps_and_runs() throws Exception {
        assumeTrue(zsh().isPresent(), "ZSH IS NOT INSTALLED: the zsh completion test is skipped (.ci/run installs it)");
        assumeTrue(Tmux.available(), "TMUX IS NOT INSTALLED: the zsh completion test is skipped (.ci/run installs it)");
        CompletionBashTest.fixture(tmp);
        Path work = tmp.resolve("work");
        Path zdot = Files.createDirectories(tmp.resolve("zdot"));
        // as the script's last line says; -u: the test's folders belong to whoever runs it, which compinit may distrust
        Files.writeString(zdot.resolve(".zshrc"), "PS1='%% '\nautoload -U +X compinit && compinit -u\n"
                + "autoload -U +X bashcompinit && bashcompinit\nsource '" + CompletionBashTest.SCRIPT + "'\n");
        Path start = Files.writeString(tmp.resolve("start.sh"), "#!/bin/sh\ncd '" + work + "'\nexport PATH='" + tmp.resolve("bin")
                + ":/usr/bin:/bin' HOME='" + tmp.resolve("home") + "' ZDOTDIR='" + zdot + "' RUNBOOK_STATE_DIR='" + tmp.resolve("state")
                + "' COMPLETION_TEST_CALLS='" + tmp.resolve("zsh-calls.log") + "'\nexec '" + zsh().get() + "' -i\n");
        assertThat(start.toFile().setExecutable(true)).isTrue();
        Duration limit = Duration.ofSeconds(60);
        try (Tmux t = Tmux.start(start, 200, 40)) {
            t.waitFor("% ", limit);
            t.type("runbook exec api-d");
            t.press("Tab");
            t.waitFor("runbook exec api-down", limit);
            // a blank after the runbook's name, none after app=
            t.type("-p ap");
            t.press("Tab");
            t.waitFor("runbook exec api-down -p app=", limit);
            t.type("x -p healthUrl=h -p ");
            t.press("Tab");
            // zsh lists the two below the line
            waitForMatch(t, "(?m)^app=\\s+healthUrl=\\s*$", limit);
            t.press("C-u");
            t.type("runbook exec choices -p mode=f");
            t.press("Tab");
            t.type("Z");
            t.waitFor("runbook exec choices -p mode=fast Z", limit);
            t.press("C-u");
            t.type("runbook exec choices --param=re");
            t.press("Tab");
            t.waitFor("runbook exec choices --param=region=", limit);
            t.press("C-u");
            t.type("runbook exec choices --approve re");
            t.press("Tab");
            t.type("Z");
            t.waitFor("runbook exec choices --approve restart Z", limit);
            t.press("C-u");
            t.type("runbook resume f2bb --approve sc");
            t.press("Tab");
            t.waitFor("runbook resume f2bb --approve scale-out", limit);
            t.press("C-u");
            t.type("runbook resume 20261207-12");
            t.press("Tab");
            t.waitFor("runbook resume " + CompletionBashTest.NEWEST, limit);
            t.press("C-u");
            t.type("runbook exec 'my dir/$(touch PWNQ).yaml' -p mo");
            t.press("Tab");
            t.waitFor("runbook exec 'my dir/$(touch PWNQ).yaml' -p mode=", limit);
            t.press("C-u");
            t.type("runbook rehearse api-down --speed m");
            t.press("Tab");
            t.waitFor("runbook rehearse api-down --speed max", limit);
            t.press("C-u");
        }
        assertThat(work.resolve("PWNQ")).as("nothing on the line ran").doesNotExist();
        assertThat(Files.readAllLines(tmp.resolve("zsh-calls.log"))).as("every call the hidden command").allMatch(l -> l.startsWith("__complete "));
    }
}
