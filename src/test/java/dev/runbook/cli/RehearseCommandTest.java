package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
        assertThat(r.out()).startsWith("REHEARSAL · scenario app-unhealthy of service-down · waits skipped\n  03:12")
                .contains("P0 · respond within 15m · run ")
                .contains("REHEARSAL of scenario app-unhealthy (simulated: nothing leaves this machine)")
                .containsSubsequence("approve (--answers)", "▸ restart", "✓ restart Restart the web app")
                .contains("left of the 15m response target")
                .contains("DEBRIEF — scenario app-unhealthy")
                .contains("  outcome          resolved")
                .contains("PASS: the rehearsal followed the expected path.");
        try (var runs = Files.list(state.resolve("rehearsals/runs"))) {
            Path run = runs.findFirst().orElseThrow();
            assertThat(run.getFileName().toString()).contains("service-down-rehearsal");
            String journal = Files.readString(run.resolve("journal.jsonl"));
            assertThat(journal.lines().findFirst().orElseThrow()).contains("\"run.start\"", "\"mode\":\"rehearsal\"", "\"scenario\":\"app-unhealthy\"");
            assertThat(journal).contains("\"run.end\"");
        }
    }

    /** The rehearse command at a (dumb) terminal on which {@code typed} is typed; returns everything written to it. */
    private String atTerminal(String typed, String... args) {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Supplier<Terminal> terminals = () -> {
            try {
                return new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                        screen, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        RunbookCommand root = new RunbookCommand(Path.of(""), Map.of("RUNBOOK_STATE_DIR", state.toString(), "NO_COLOR", "1"), () -> CATALOGUE);
        CommandLine cl = RunbookCommand.commandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RehearseCommand.class ? cls.cast(new RehearseCommand(terminals)) : CommandLine.defaultFactory().create(cls);
            }
        });
        cl.setExecutionExceptionHandler(new ExecutionExceptionHandler(root));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("rehearse"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return "EXIT=" + code + "\n" + screen.toString(StandardCharsets.UTF_8) + out + err;
    }

    @Test
    void a_drill_is_tagged_with_its_incident_id_and_a_malformed_one_is_a_usage_error() throws Exception {
        Cli.Run r = cli().run("rehearse", "service-down", "--incident", "DRILL-7");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        try (var runs = Files.list(state.resolve("rehearsals/runs"))) {
            String journal = Files.readString(runs.findFirst().orElseThrow().resolve("journal.jsonl"));
            assertThat(journal).contains("\"mode\":\"rehearsal\"", "\"incident\":\"DRILL-7\"");
        }
        Cli.Run bad = cli().run("rehearse", "service-down", "--incident", "no spaces");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("is not an incident id");
    }

    @Test
    void at_a_terminal_the_trainee_answers_the_gates_and_the_scenario_answers_are_not_used() throws Exception {
        String screen = atTerminal("d\ny\nn\n", "service-down", "--speed", "max");
        assertThat(screen).startsWith("EXIT=" + ExitCodes.REHEARSAL_DEVIATION)
                .containsSubsequence("? WRITE restart Restart the web app", "plan: restart fleet-api", "run it? [y]es / [n]o, skip / [a]bort / [d]etails:",
                        "── details of restart (azure.webapp.restart)", "run it?", "✓ restart", "? WRITE scale-out", "run it?", "○ scale-out",
                        "DEBRIEF — scenario app-unhealthy", "gates            restart approve, scale-out skip",
                        "refused step 'scale-out' (skip), which the scenario needs approved")
                .doesNotContain("(--answers)");
        try (var runs = Files.list(state.resolve("rehearsals/runs"))) {
            String journal = Files.readString(runs.findFirst().orElseThrow().resolve("journal.jsonl"));
            assertThat(journal).contains("\"mode\":\"rehearsal\"", "\"via\":\"terminal\"");
        }
    }

    @Test
    void with_answers_at_a_terminal_the_answers_file_plays_the_operator(@TempDir Path tmp) throws Exception {
        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, "gates: { restart: yes, scale-out: yes }\n");
        String screen = atTerminal("", "service-down", "--answers", answers.toString());
        assertThat(screen).startsWith("EXIT=0").contains("waits skipped", "approve (--answers)", "PASS: the rehearsal followed the expected path.")
                .doesNotContain("run it?");
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
