package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run is killed with SIGKILL in the middle of a step, then resumed: no completed step runs twice. */
class CrashResumeTest {
    @TempDir
    Path tmp;

    @Test
    void a_run_killed_mid_step_resumes_without_repeating_completed_steps() throws Exception {
        Path file = tmp.resolve("count.txt");
        Path state = tmp.resolve("state");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main",
                "exec", ExecCommandTest.COUNTER.toString(), "-p", "file=" + file, "-p", "pause=60", "--yes", "--no-input")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        pb.environment().put("RUNBOOK_STATE_DIR", state.toString());
        Process child = pb.start();
        try {
            for (int i = 0; i < 300 && !(Files.exists(file) && Files.readAllLines(file).contains("slow-start")); i++) Thread.sleep(50);
            assertThat(Files.readAllLines(file)).as(Files.readString(tmp.resolve("child.log"))).containsExactly("first", "slow-start");
            // the whole tree dies at once, as in a crash: the JVM and the step's shell
            List<ProcessHandle> tree = child.descendants().toList();
            child.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        String runId;
        try (Stream<Path> s = Files.list(state.resolve("runs"))) {
            runId = s.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
        JournalReader.Contents journal = JournalReader.read(state.resolve("runs").resolve(runId));
        assertThat(journal.intact()).as(journal.problems().toString()).isTrue();
        RunHistory h = RunHistory.replay(journal.events());
        assertThat(h.inDoubt()).containsExactly("slow");
        assertThat(h.outcome()).isEmpty();

        Path answers = tmp.resolve("answers.yaml");
        Files.writeString(answers, "inDoubt:\n  slow: done\n");
        // the dead run's session watcher ends the step's processes on its own; until it has, resume refuses (as it must)
        CliRun.Outcome resumed = new CliRun(state).resume(runId, "--yes", "--answers", answers.toString());
        for (int i = 0; i < 60 && resumed.err().contains("cannot be resumed yet"); i++) {
            Thread.sleep(500);
            resumed = new CliRun(state).resume(runId, "--yes", "--answers", answers.toString());
        }
        assertThat(resumed.code()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly("first", "slow-start", "second");
        assertThat(Collections.frequency(lines, "first")).isEqualTo(1);
        assertThat(resumed.out()).contains("resuming run " + runId, "slow was in doubt: done");
        assertThat(JournalReader.read(state.resolve("runs").resolve(runId)).intact()).isTrue();
    }
}
