package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden screens of {@code runbook rehearse service-down --scenario restart-does-not-help} in a real terminal (tmux)
 * at 80 and 200 columns, up to the first gate: what the diagnosis found must be on the screen before the operator is
 * asked to change anything (the failing dependency's row, the 503 body), laid out for the width, nothing cut mid-word.
 * Run id and timings are masked; -Dgolden.update=true rewrites the files under src/test/resources/cli/screens.
 */
class FindingsScreenIT {
    static final Path LAUNCHER = Path.of("runbook").toAbsolutePath();
    static final Path GOLDEN = Path.of("src/test/resources/cli/screens");
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @BeforeAll
    static void needs() {
        assumeTrue(Tmux.available(), "tmux is not installed: the golden-screen test is skipped (.ci/run installs it)");
        assumeTrue(Files.isRegularFile(Path.of("target/runbook.jar")), "the launcher is not built: run 'mvn -B verify' (package comes first)");
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 200})
    void the_diagnosis_is_on_the_screen_before_the_first_gate(int columns) throws Exception {
        Path script = tmp.resolve("rehearse.sh");
        // --parallel 1: the four diagnose steps end in a fixed order, so the screen can be compared whole
        Files.writeString(script, "#!/bin/sh\n"
                + "cd '" + LAUNCHER.getParent() + "'\n"
                + "export RUNBOOK_STATE_DIR='" + tmp.resolve("state") + "' NO_COLOR=1\n"
                + "'" + LAUNCHER + "' rehearse service-down --scenario restart-does-not-help --parallel 1 --speed max\n"
                + "echo \"EXIT=$?\"\nsleep 60\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        try (Tmux t = Tmux.start(script, columns, 60)) {
            t.waitForPrompt("WRITE restart", PATIENCE);
            // the screen once the question is drawn: waitForPrompt's capture can predate its last line (a golden once
            // lost "run it? ..." under load)
            String screen = t.waitFor("[d]etails:", PATIENCE);
            String gate = screen.substring(0, screen.indexOf("WRITE restart"));
            assertThat(gate).contains("fleet-db.postgres.database.azure.com", "53300", "2210", "database: connection refused", "status: 503");
            for (String line : screen.lines().toList()) {
                assertThat(line.stripTrailing().length()).as("line wider than the terminal: " + line).isLessThanOrEqualTo(columns);
            }
            String masked = mask(screen);
            Path file = GOLDEN.resolve("rehearse-restart-does-not-help-" + columns + ".txt");
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(file, masked);
            }
            assertThat(file).as("golden file %s (create it with -Dgolden.update=true)", file).exists();
            assertThat(masked).isEqualTo(Files.readString(file));
        }
    }

    /** Run id, durations and the spinner's leftovers vary from run to run; everything else is the screen. */
    static String mask(String screen) {
        return screen.lines()
                .map(l -> l.replaceAll("\\d{8}-\\d{6}-service-down-rehearsal-[0-9a-f]{4}", "RUN-ID")
                        .replaceAll("(?<=  )\\d+(\\.\\d+)?(ms|s|m)(?=$|  )", "T")
                        .stripTrailing())
                .collect(Collectors.joining("\n", "", "\n")).replaceAll("\n+$", "\n");
    }
}
