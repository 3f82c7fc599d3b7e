package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.action.process.ProcessTable;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.testing.Tmux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers are given to what is shown: keys typed in a real terminal (tmux) while a step runs never answer the gate
 * that comes after it. And Ctrl-C during a shell step reaches runbook only, not the step's program.
 */
class TypeAheadTmuxTest {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String RUNBOOK = """
            runbook: type-ahead
            title: Keys typed while a step runs
            severity: P2
            parameters:
              dir: { type: string, required: true }
            resolve:
              - id: restart
                title: Restart the service
                uses: shell
                with:
                  command: [sh, -c, 'touch "$DIR/restart.started"; while [ ! -e "$DIR/go" ]; do sleep 0.1; done']
                  env: { DIR: "${params.dir}" }
              - id: purge
                title: Purge the cache
                uses: shell
                effect: destructive
                with:
                  command: [sh, -c, 'echo purge >> "$DIR/ledger"']
                  env: { DIR: "${params.dir}" }
              - id: scale
                title: Scale out
                uses: shell
                with:
                  command: [sh, -c, 'echo scale >> "$DIR/ledger"']
                  env: { DIR: "${params.dir}" }
            """;

    @TempDir
    Path tmp;
    Path work;
    Path state;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Tmux.available(), "tmux is not installed: the type-ahead test is skipped (.ci/run installs it)");
        work = Files.createDirectories(tmp.resolve("work"));
        state = tmp.resolve("state");
    }

    @Test
    void keys_typed_while_a_step_runs_answer_no_gate_and_the_gate_waits_for_a_fresh_answer() throws Exception {
        Path file = Files.writeString(tmp.resolve("type-ahead.yaml"), RUNBOOK);
        try (Tmux t = Tmux.start(script("exec '" + file + "' -p dir='" + work + "'"), 160, 60)) {
            t.waitForPrompt("WRITE restart", PATIENCE);
            t.typeLine("y");
            awaitFile(work.resolve("restart.started"), t);
            // typed while restart runs: the destructive step's name, then a yes for the write gate after it
            t.typeLine("purge");
            t.typeLine("y");
            Files.createFile(work.resolve("go"));

            String screen = t.waitForPrompt("DESTRUCTIVE purge", PATIENCE);
            assertThat(screen).contains("type 'purge' to run it");
            assertThat(answers()).as("nothing answered the destructive gate before it was shown")
                    .extracting(RunEvent.GateAnswered::step).containsExactly("restart");
            t.typeLine("skip");
            t.waitForPrompt("WRITE scale", PATIENCE);
            t.typeLine("n");
            screen = t.waitFor("EXIT=", PATIENCE);
            assertThat(screen).contains("✓ restart", "○ purge", "○ scale", "EXIT=0");
        }
        assertThat(work.resolve("ledger")).as("no change was approved by keys typed ahead").doesNotExist();
        assertThat(answers()).extracting(RunEvent.GateAnswered::step, RunEvent.GateAnswered::answer, RunEvent.GateAnswered::via)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("restart", dev.runbook.journal.GateAnswer.APPROVE, dev.runbook.journal.Via.TERMINAL),
                        org.assertj.core.groups.Tuple.tuple("purge", dev.runbook.journal.GateAnswer.SKIP, dev.runbook.journal.Via.TERMINAL),
                        org.assertj.core.groups.Tuple.tuple("scale", dev.runbook.journal.GateAnswer.SKIP, dev.runbook.journal.Via.TERMINAL));
    }

    @Test
    void ctrl_c_during_a_shell_step_cancels_it_without_failing_it_and_asks_no_failure_question() throws Exception {
        Path file = Files.writeString(tmp.resolve("type-ahead.yaml"), RUNBOOK);
        try (Tmux t = Tmux.start(script("exec '" + file + "' -p dir='" + work + "'"), 160, 60)) {
            t.waitForPrompt("WRITE restart", PATIENCE);
            t.typeLine("y");
            awaitFile(work.resolve("restart.started"), t);
            long session = journal().events().stream().filter(RunEvent.StepProcess.class::isInstance)
                    .map(e -> ((RunEvent.StepProcess) e).pid()).findFirst().orElseThrow();
            // a plain sh loop: had the terminal's SIGINT reached it, it would have died with 130 and failed the step
            t.press("C-c");
            String screen = t.waitFor("EXIT=", PATIENCE);
            assertThat(screen).contains("⊘ restart", "cancelled by the operator (Ctrl-C)", "EXIT=" + ExitCodes.INTERRUPTED)
                    .doesNotContain("[r]etry", "✗ restart");
            assertThat(ProcessTable.members(session)).as("the step's session was killed").isEmpty();
        }
        List<RunEvent> events = journal().events();
        assertThat(events).noneMatch(RunEvent.FailureChoice.class::isInstance);
        assertThat(events).filteredOn(RunEvent.StepFinished.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RunEvent.StepFinished) e).status()).isEqualTo(StepStatus.CANCELLED));
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(RunEvent.RunFinished.class,
                f -> assertThat(f.outcome()).isEqualTo(RunOutcome.INTERRUPTED));
    }

    // ---- helpers

    private Path script(String args) throws IOException {
        Path script = Files.createTempFile(tmp, "run", ".sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\n"
                + "export RUNBOOK_STATE_DIR='" + state + "' NO_COLOR=1\n"
                + "trap ':' INT\n"
                + "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.runbook.cli.Main " + args + "\n"
                + "echo \"EXIT=$?\"\nsleep 60\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return script;
    }

    private static void awaitFile(Path f, Tmux t) throws Exception {
        for (int i = 0; i < 600 && !Files.exists(f); i++) Thread.sleep(50);
        assertThat(f).as(t.screen()).exists();
    }

    private List<RunEvent.GateAnswered> answers() throws IOException {
        return journal().events().stream().filter(RunEvent.GateAnswered.class::isInstance).map(RunEvent.GateAnswered.class::cast).toList();
    }

    private String runId() throws IOException {
        try (Stream<Path> s = Files.list(state.resolve("runs"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    private JournalReader.Contents journal() throws IOException {
        return JournalReader.read(state.resolve("runs").resolve(runId()));
    }
}
