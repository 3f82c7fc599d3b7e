package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runbook rehearse} on the shipped library, the way the README's first command runs it (no terminal). */
class RehearseCommandTest {
    static final Catalogue CATALOGUE = Catalogue.standard();
    @TempDir
    Path state;

    private Cli cli() {
        return new Cli(Path.of(""), Map.of("RUNBOOK_STATE_DIR", state.toString()), CATALOGUE);
    }

    @Test
    void rehearses_service_down_on_its_first_scenario_and_passes() throws Exception {
        Cli.Run r = cli().run("rehearse", "service-down");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("REHEARSAL of service-down — Critical service outage response\nscenario app-unhealthy")
                .contains("? gate restart (write): approve via --answers")
                .contains("DEBRIEF — scenario app-unhealthy")
                .contains("  outcome          resolved")
                .contains("PASS: the rehearsal followed the expected path.");
        try (var runs = Files.list(state.resolve("rehearsals/runs"))) {
            Path run = runs.findFirst().orElseThrow();
            assertThat(run.getFileName().toString()).contains("service-down-rehearsal");
            assertThat(Files.readString(run.resolve("journal.jsonl"))).contains("\"run.end\"");
        }
    }

    @Test
    void refusing_a_needed_gate_is_a_deviation_with_its_own_exit_code(@TempDir Path tmp) throws Exception {
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, "gates: { restart: no, scale-out: yes }\n");
        Cli.Run r = cli().run("rehearse", "service-down", "--answers", answers.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REHEARSAL_DEVIATION);
        assertThat(r.out()).contains("DEVIATION from the expected path:")
                .contains("  - refused step 'restart' (skip), which the scenario needs approved");
    }

    @Test
    void lists_scenarios_and_suggests_a_close_name() {
        Cli.Run list = cli().run("rehearse", "service-down", "--list-scenarios");
        assertThat(list.out()).contains("app-unhealthy  03:12").contains("restart-does-not-help  fleet-api answers 503");
        Cli.Run typo = cli().run("rehearse", "service-down", "--scenario", "app-unhealty");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(typo.err()).contains("runbook service-down has no scenario 'app-unhealty'").contains("did you mean 'app-unhealthy'?");
    }

    @Test
    void rejects_a_speed_below_one() {
        Cli.Run r = cli().run("rehearse", "service-down", "--speed", "0.5");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--speed must be a number from 1 or 'max', got '0.5'");
    }
}
