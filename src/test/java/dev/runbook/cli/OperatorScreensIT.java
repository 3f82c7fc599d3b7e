package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden screens, through a real terminal (tmux) at 80 and 200 columns, of what an operator reads at the end of a
 * run and at its turning points: the end block (findings, changes, undos, the outcome in words, the journal), a dry run
 * without credentials, the escalation banner, and a write gate with the target it would change. Run ids, durations
 * and temporary paths are masked;
 * -Dgolden.update=true rewrites the files under src/test/resources/cli/screens.
 */
class OperatorScreensIT {
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
    void the_end_block_says_what_was_found_changed_and_undone(int columns) throws Exception {
        // nobody answers: the scenario's answers play the operator, as in a drill run from a script
        String screen = run(columns, "rehearse service-down --scenario restart-does-not-help --parallel 1 --speed max --no-input");
        String end = screen.substring(screen.indexOf("↶ rolled back in"), screen.indexOf("DEBRIEF"));
        assertThat(end).containsSubsequence("findings", "✗ health", "status 503", "changes made", "✓ restart", "✓ scale-out",
                "workers 1 → 3", "undos", "↶ scale-out", "undone", "journal: ", "runbook runs show ");
        golden("end-block-rolled-back-" + columns, end, columns);
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 200})
    void a_dry_run_without_credentials_says_everything_missing_at_once_then_shows_the_plan_with_what_is_unknown(int columns)
            throws Exception {
        // a new on-call engineer's first try: no az login, no subscription, no SDK log lines on the screen; the dry run
        // says all that is missing, then plans anyway: what the cloud would have said is unknown until run
        String screen = run(columns, "exec service-down --dry-run --parallel 1 -p app=fleet-api -p healthUrl=http://127.0.0.1:9/health"
                + " -p appInsights=/subscriptions/x/resourceGroups/rg/providers/microsoft.insights/components/ai",
                "export HOME='" + tmp.resolve("home") + "'; unset AZURE_SUBSCRIPTION_ID AZURE_CLIENT_ID AZURE_TENANT_ID AZURE_CLIENT_SECRET"
                        + " AZURE_CONFIG_DIR IDENTITY_ENDPOINT MSI_ENDPOINT AZURE_USERNAME AZURE_FEDERATED_TOKEN_FILE\n");
        String shown = screen.substring(0, screen.indexOf("EXIT="));
        assertThat(shown).containsSubsequence("no Azure subscription given", "--azure-subscription", "no Azure sign-in found", "az login",
                "--offline", "── diagnose", "✗ app", "── resolve", "◇ restart",
                "unknown until run", "◇ scale-out", "(unknown until run)", "reads failed", "add --offline");
        assertThat(shown).doesNotContain("WARN", "ERROR", "msal4j");
        // reads that never reached Azure checked nothing: not findings, and never "no rows" (an empty result)
        assertThat(shown).doesNotContain("no rows").contains("not checked: rows unknown");
        String end = shown.substring(shown.indexOf("✗ dry run failed"));
        String findings = end.substring(end.indexOf("findings"), end.indexOf("not checked"));
        assertThat(findings).contains("✗ health").doesNotContain("app", "recent-errors", "failed-dependencies");
        assertThat(end.substring(end.indexOf("not checked"))).containsSubsequence("(unknown until run)", "? app", "? recent-errors",
                "? failed-dependencies", "changes planned", "◇ restart", "◇ scale-out");
        assertThat(screen).contains("EXIT=1");
        // the identity is asked alongside the first steps: its line comes when the answer does (here within the diagnose
        // phase or right after it; a dry run has no gate to wait at), once, before the end
        String target = "target azure: unknown (no Azure subscription given)";
        assertThat(shown.lines().filter(target::equals)).as(shown).hasSize(1);
        assertThat(shown.indexOf(target)).as(shown).isGreaterThan(shown.indexOf("--offline")).isLessThan(shown.indexOf("reads failed"));
        golden("dry-run-without-credentials-" + columns, shown.lines().filter(l -> !l.equals(target))
                .collect(Collectors.joining("\n", "", "\n")), columns);
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 200})
    void an_escalation_threshold_passing_shows_a_banner_naming_who_to_call(int columns) throws Exception {
        // service-down with its first escalation at 2m instead of 30m: the rehearsal's verify retries for 4 simulated minutes
        Path book = Files.createDirectories(tmp.resolve("book/runbooks/scenarios/service-down"));
        Files.writeString(tmp.resolve("book/runbooks/service-down.yaml"),
                Files.readString(Path.of("runbooks/service-down.yaml")).replace("after: 30m", "after: 2m"));
        Files.copy(Path.of("runbooks/scenarios/service-down/restart-does-not-help.yaml"), book.resolve("restart-does-not-help.yaml"));
        String screen = run(columns, "rehearse service-down --scenario restart-does-not-help --parallel 1 --speed max --no-input",
                "cd '" + tmp.resolve("book") + "'\n");
        String banner = screen.lines().filter(l -> l.contains("ESCALATE") || l.contains("escalation due")).collect(Collectors.joining("\n"));
        assertThat(screen).containsSubsequence("↻ healthy", "⚑ ESCALATE to Team lead (L2): 2m have passed since the run started",
                "↻ healthy", "escalation due: Team lead (L2) (after 2m)");
        golden("escalation-banner-" + columns, banner, columns);
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 200})
    void a_write_gate_repeats_where_the_change_would_land(int columns) throws Exception {
        // a trainee at the first write gate: the header's target line is on screen again, right under the step's title
        Path script = script("rehearse service-down --scenario restart-does-not-help --parallel 1 --speed max", "");
        try (Tmux t = Tmux.start(script, columns, 60)) {
            t.waitForPrompt("WRITE restart", PATIENCE);
            // the screen as it is now, with the question drawn (waitForPrompt's may predate its last line)
            String screen = t.waitFor("[d]etails:", PATIENCE);
            String shown = screen.substring(screen.indexOf("\nservice-down · ") + 1);
            String gate = shown.substring(shown.indexOf("? WRITE restart"));
            assertThat(shown).as("under the header, before the first step").containsSubsequence("REHEARSAL",
                    "target azure (simulated): subscription 'rehearsal'", "── diagnose");
            assertThat(gate.replaceAll("\\s+", " ")).contains("? WRITE restart",
                    "target azure (simulated): subscription 'rehearsal' (00000000-0000-0000-0000-000000000000), tenant"
                            + " 00000000-0000-0000-0000-000000000000, as trainee@rehearsal", "plan: restart fleet-api", "run it?");
            golden("write-gate-target-" + columns, shown, columns);
            t.typeLine("a");
            assertThat(t.waitFor("EXIT=", PATIENCE)).contains("EXIT=");
        }
    }

    /** Runs {@code args} with the built launcher in a terminal of {@code columns} and returns the whole screen. */
    String run(int columns, String args) throws Exception {
        return run(columns, args, "");
    }

    String run(int columns, String args, String setup) throws Exception {
        try (Tmux t = Tmux.start(script(args, setup), columns, 60)) {
            return t.waitFor("EXIT=", PATIENCE);
        }
    }

    Path script(String args, String setup) throws Exception {
        Path script = tmp.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "cd '" + LAUNCHER.getParent() + "'\n"
                + "export RUNBOOK_STATE_DIR='" + tmp.resolve("state") + "' NO_COLOR=1\n"
                + setup
                + "'" + LAUNCHER + "' " + args + "\n"
                + "echo \"EXIT=$?\"\nsleep 60\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return script;
    }

    void golden(String name, String part, int columns) throws Exception {
        for (String line : part.lines().toList()) {
            // a path or a command to copy is one word and may be longer than the terminal; prose may not
            if (line.contains("journal: ") || line.contains("runbook ")) continue;
            assertThat(line.stripTrailing().length()).as("line wider than the terminal: " + line).isLessThanOrEqualTo(columns);
        }
        String masked = mask(part, tmp);
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, masked);
        }
        assertThat(file).as("golden file %s (create it with -Dgolden.update=true)", file).exists();
        assertThat(masked).isEqualTo(Files.readString(file));
    }

    /** Run ids, durations and the temporary state folder vary from run to run; everything else is the screen. */
    static String mask(String screen, Path tmp) {
        return screen.replace(tmp.toString(), "TMP").lines()
                .map(l -> l.replaceAll("\\d{8}-\\d{6}-[a-z0-9-]+-[0-9a-f]{4}", "RUN-ID")
                        .replaceAll("\\b\\d+(\\.\\d+)?(ms|s|m|h)(\\d+(\\.\\d+)?(ms|s|m))*\\b", "T")
                        .stripTrailing())
                .collect(Collectors.joining("\n", "", "\n")).replaceAll("\n+$", "\n");
    }
}
