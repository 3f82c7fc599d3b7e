package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.cli.ExitCodes;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.testing.Tmux;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C with real signals against the built launcher: typed at a real terminal (tmux turns C-c into SIGINT for
 * the foreground process group), and sent with {@code kill -INT} to the JVM of a run without a terminal. The
 * fixture's {@code hang} step runs a sleep that ignores SIGINT, so it only goes away if runbook kills the tree.
 */
class InterruptIT {
    static final Path LAUNCHER = Path.of("runbook").toAbsolutePath();
    static final Path FIXTURE = Path.of("src/test/resources/e2e/interrupt-local.yaml").toAbsolutePath();
    static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path tmp;
    Path work;
    Path state;

    @BeforeAll
    static void needs() {
        assumeTrue(Files.isRegularFile(Path.of("target/runbook.jar")), "the launcher is not built: run 'mvn -B verify' (package comes first)");
    }

    @BeforeEach
    void dirs() throws IOException {
        work = Files.createDirectories(tmp.resolve("work"));
        state = tmp.resolve("state");
    }

    /** A failing run may leave a sleep behind (that is what these tests look for): never let it outlive the test. */
    @AfterEach
    void killLeftovers() throws IOException {
        for (String name : List.of("sleep.pid", "undo.pid")) {
            Path f = work.resolve(name);
            if (!Files.isRegularFile(f)) continue;
            String text = Files.readString(f).strip();
            if (text.isEmpty()) continue;
            // only our sleep (a pid may be reused); its shell is waiting for it and ends with it
            ProcessHandle.of(Long.parseLong(text))
                    .filter(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false)
                            && h.info().arguments().map(a -> List.of(a).equals(List.of("60"))).orElse(false))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    // ---- at a terminal

    @Test
    void ctrl_c_at_a_terminal_cancels_the_running_step_and_rollback_undoes_the_change() throws Exception {
        assumeTmux();
        try (Tmux t = Tmux.start(script("exec '" + FIXTURE + "' -p dir='" + work + "'"), 160, 60)) {
            long sleep = approveBothAndWaitForTheSleep(t);

            t.press("C-c");
            String screen = t.waitForPrompt("Roll back mark? [y/N]", PATIENCE);
            assertThat(screen).contains("interrupted by the operator (Ctrl-C)", "⊘ hang", "cancelled by the operator (Ctrl-C)");
            assertThat(running(sleep)).as("the step's sleep (it ignores SIGINT) was killed with its tree").isFalse();
            assertThat(work.resolve("marker")).as("nothing undone before the operator answers").exists();

            t.typeLine("y");
            screen = t.waitFor("EXIT=", PATIENCE);
            assertThat(screen).containsSubsequence("undid mark", "rolled back", "EXIT=" + ExitCodes.ROLLED_BACK);
        }
        assertThat(work.resolve("marker")).as("the undo of mark removed it").doesNotExist();

        JournalReader.Contents j = journal();
        assertThat(j.problems()).isEmpty();
        assertThat(j.warnings()).isEmpty();
        List<RunEvent> events = j.events();
        assertThat(events).filteredOn(RunEvent.Interrupted.class::isInstance).hasSize(1);
        assertThat(finished(events, "hang")).satisfies(f -> {
            assertThat(f.status()).isEqualTo(StepStatus.CANCELLED);
            assertThat(f.errorKind()).isEqualTo(dev.runbook.journal.ErrorKind.CANCELLED);
        });
        assertThat(events).filteredOn(RunEvent.RollbackStarted.class::isInstance).singleElement()
                .satisfies(r -> assertThat(((RunEvent.RollbackStarted) r).undo()).containsExactly("mark"));
        assertThat(events).filteredOn(RunEvent.UndoFinished.class::isInstance).singleElement()
                .satisfies(u -> assertThat(((RunEvent.UndoFinished) u).status()).isEqualTo(dev.runbook.journal.UndoStatus.UNDONE));
        assertThat(last(events).outcome()).isEqualTo(RunOutcome.ROLLED_BACK);

        Run show = launch(List.of("runs", "show", runId()));
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("hash chain verified", "interrupted: interrupted by the operator (Ctrl-C)", "outcome   rolled-back");
    }

    @Test
    void a_second_ctrl_c_at_the_rollback_offer_ends_the_run_at_once_and_resume_finishes_it() throws Exception {
        assumeTmux();
        try (Tmux t = Tmux.start(script("exec '" + FIXTURE + "' -p dir='" + work + "'"), 160, 60)) {
            long sleep = approveBothAndWaitForTheSleep(t);
            t.press("C-c");
            t.waitForPrompt("Roll back mark? [y/N]", PATIENCE);

            long t0 = System.nanoTime();
            t.press("C-c");
            String screen = t.waitFor("EXIT=", PATIENCE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("the second Ctrl-C ends the run at once").isLessThan(3000);
            assertThat(screen).contains("EXIT=" + ExitCodes.INTERRUPTED, "runbook resume " + runId());
            assertThat(running(sleep)).isFalse();
        }
        assertThat(work.resolve("marker")).as("declined rollback: the change stays").exists();
        JournalReader.Contents j = journal();
        assertThat(j.problems()).isEmpty();
        assertThat(finished(j.events(), "hang").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(j.events()).noneMatch(RunEvent.RollbackStarted.class::isInstance);
        assertThat(last(j.events()).outcome()).isEqualTo(RunOutcome.INTERRUPTED);

        Files.createFile(work.resolve("settled"));
        try (Tmux t = Tmux.start(script("resume " + runId()), 160, 60)) {
            String screen = t.waitForPrompt("WRITE hang", PATIENCE);
            assertThat(screen).containsSubsequence("run " + runId() + " ended interrupted",
                    "mark", "succeeded before: kept, not run again", "hang", "cancelled: runs again", "resuming run " + runId());
            t.typeLine("y");
            screen = t.waitFor("EXIT=", PATIENCE);
            assertThat(screen).contains("✓ hang", "EXIT=0");
        }
        assertResumedOnce();
    }

    // ---- without a terminal

    @Test
    void sigint_to_a_run_without_a_terminal_cancels_the_step_exits_130_and_resume_finishes_it() throws Exception {
        assumeTrue(!dev.runbook.testing.SignalDisposition.ignored(2), dev.runbook.testing.SignalDisposition.why("INT"));
        List<String> args = List.of("exec", FIXTURE.toString(), "-p", "dir=" + work, "--yes");
        Process p = start(args);
        try {
            long sleep = waitForSleep(() -> "the run without a terminal:\n" + output());
            signal(jvmOf(p), "INT");

            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exits after SIGINT").isTrue();
            assertThat(p.exitValue()).as(output()).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(running(sleep)).as("the step's sleep (it ignores SIGINT) was killed with its tree").isFalse();
        } finally {
            p.destroyForcibly();
        }
        assertThat(output()).contains("interrupted", "runbook resume " + runId());
        assertThat(work.resolve("marker")).as("no --answers interrupt: rollback, so nothing is undone").exists();
        JournalReader.Contents j = journal();
        assertThat(j.problems()).isEmpty();
        assertThat(j.warnings()).isEmpty();
        assertThat(j.events()).filteredOn(RunEvent.Interrupted.class::isInstance).hasSize(1);
        assertThat(finished(j.events(), "hang").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(last(j.events()).outcome()).isEqualTo(RunOutcome.INTERRUPTED);

        Files.createFile(work.resolve("settled"));
        Run resumed = launch(List.of("resume", runId(), "--yes"));
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertResumedOnce();
    }

    @Test
    void a_second_sigint_during_the_rollback_kills_the_undo_and_exits_at_once_with_a_verifiable_journal() throws Exception {
        assumeTrue(!dev.runbook.testing.SignalDisposition.ignored(2), dev.runbook.testing.SignalDisposition.why("INT"));
        Files.createFile(work.resolve("slow-undo"));
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), "interrupt: rollback\n");
        Process p = start(List.of("exec", FIXTURE.toString(), "-p", "dir=" + work, "--yes", "--answers", answers.toString()));
        long undo;
        try {
            waitForSleep(() -> "the run without a terminal:\n" + output());
            ProcessHandle jvm = jvmOf(p);
            signal(jvm, "INT");
            undo = waitForSleep(work.resolve("undo.pid"), () -> "the undo never started:\n" + output());

            long t0 = System.nanoTime();
            signal(jvm, "INT");
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("the second SIGINT exits at once").isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
            assertThat(p.exitValue()).as(output()).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(running(undo)).as("the undo's sleep (it ignores SIGINT) was killed before the JVM halted").isFalse();
        } finally {
            p.destroyForcibly();
        }
        assertThat(output()).contains("second Ctrl-C: exiting now");
        JournalReader.Contents j = journal();
        assertThat(j.problems()).as("a halt may cut the last line short (a warning), never break the chain").isEmpty();
        // (after the undo's start comes only the process it started, journaled before that process ran)
        assertThat(j.events()).as("the journal ends where the second SIGINT came: in the undo")
                .filteredOn(e -> !(e instanceof RunEvent.StepProcess sp && sp.step().equals("mark")))
                .last().isInstanceOfSatisfying(RunEvent.UndoStarted.class, u -> assertThat(u.step()).isEqualTo("mark"));

        Run show = launch(List.of("runs", "show", runId()));
        assertThat(show.code()).as(show.toString()).isZero();
        // resume continues the rollback (issue 17, item 4); the undo that was killed is in doubt, and without a
        // terminal nobody can say whether it ran: resume refuses to guess and says how to answer
        Run undecided = launch(List.of("resume", runId(), "--yes"));
        assertThat(undecided.code()).as(undecided.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(undecided.out()).contains("rollback in progress", "undo in doubt", "inDoubt: { mark: rerun }");
        assertThat(work.resolve("marker")).as("an undecided undo is not run again").exists();

        Files.delete(work.resolve("slow-undo"));
        Path rerun = Files.writeString(tmp.resolve("in-doubt.yaml"), "inDoubt: { mark: rerun }\n");
        Run finished = launch(List.of("resume", runId(), "--yes", "--answers", rerun.toString()));
        assertThat(finished.code()).as(finished.toString()).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(work.resolve("marker")).as("the rollback finished: the change is undone").doesNotExist();
        assertThat(journal().problems()).isEmpty();
    }

    // ---- helpers

    private static void signal(ProcessHandle target, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(target.pid())).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + name + " " + target.pid()).isTrue();
    }

    private static void assumeTmux() {
        assumeTrue(Tmux.available(), "tmux is not installed: the Ctrl-C-at-a-terminal tests are skipped (.ci/run installs it)");
    }

    /** A script for tmux: the launcher, then its exit code on the screen; the shell survives the Ctrl-C typed at the run. */
    private Path script(String args) throws IOException {
        Path script = Files.createTempFile(tmp, "run", ".sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "cd '" + LAUNCHER.getParent() + "'\n"
                + "export RUNBOOK_STATE_DIR='" + state + "' NO_COLOR=1\n"
                + "trap ':' INT\n"
                + "'" + LAUNCHER + "' " + args + "\n"
                + "echo \"EXIT=$?\"\nsleep 60\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return script;
    }

    private long approveBothAndWaitForTheSleep(Tmux t) throws Exception {
        t.waitForPrompt("WRITE mark", PATIENCE);
        t.typeLine("y");
        t.waitForPrompt("WRITE hang", PATIENCE);
        t.typeLine("y");
        return waitForSleep(() -> t.screen());
    }

    @FunctionalInterface
    private interface Why {
        String get() throws Exception;
    }

    /** The pid of the hang step's sleep, once the step has written it and the sleep is running. */
    private long waitForSleep(Why why) throws Exception {
        return waitForSleep(work.resolve("sleep.pid"), why);
    }

    private long waitForSleep(Path pidFile, Why why) throws Exception {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < end) {
            if (Files.isRegularFile(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty() && running(Long.parseLong(text))) return Long.parseLong(text);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no running sleep in " + pidFile + "; " + why.get());
    }

    /** Alive and not a zombie: a killed orphan waits for init to reap it, which says nothing about runbook. */
    private static boolean running(long pid) {
        Path stat = Path.of("/proc/" + pid + "/stat");
        String s;
        try {
            s = Files.readString(stat);
        } catch (IOException e) {
            return false;
        }
        char st = s.charAt(s.lastIndexOf(')') + 2);
        return st != 'Z' && st != 'X';
    }

    /** The JVM of a launcher: the launcher itself once it has exec'd java, else its java child. */
    private static ProcessHandle jvmOf(Process launcher) {
        return Stream.concat(Stream.of(launcher.toHandle()), launcher.toHandle().children())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under the launcher (pid " + launcher.pid() + ")"));
    }

    private String runId() throws IOException {
        try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
            List<Path> all = runs.filter(Files::isDirectory).toList();
            assertThat(all).as("one run in " + state).hasSize(1);
            return all.get(0).getFileName().toString();
        }
    }

    private JournalReader.Contents journal() throws IOException {
        return JournalReader.read(state.resolve("runs").resolve(runId()));
    }

    private static RunEvent.StepFinished finished(List<RunEvent> events, String step) {
        return events.stream().filter(RunEvent.StepFinished.class::isInstance).map(RunEvent.StepFinished.class::cast)
                .filter(f -> f.step().equals(step)).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no step.end of " + step));
    }

    private static RunEvent.RunFinished last(List<RunEvent> events) {
        assertThat(events.get(events.size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
        return (RunEvent.RunFinished) events.get(events.size() - 1);
    }

    /** After resume: the journal verifies, mark ran once in all, hang ran again and the run succeeded. */
    private void assertResumedOnce() throws IOException {
        JournalReader.Contents j = journal();
        assertThat(j.problems()).isEmpty();
        List<RunEvent> events = j.events();
        assertThat(events).filteredOn(RunEvent.RunResumed.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof RunEvent.StepStarted s && s.step().equals("mark")).as("mark never runs twice").hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof RunEvent.StepStarted s && s.step().equals("hang")).hasSize(2);
        assertThat(finished(events, "hang").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(last(events).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(work.resolve("marker")).exists();
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("RUNBOOK_STATE_DIR", state.toString());
        pb.environment().put("NO_COLOR", "1");
        return pb.start();
    }

    private String output() throws IOException {
        return Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8) + Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    private Run launch(List<String> args) throws Exception {
        Process p = start(args);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("runbook " + args + " did not finish within 30 s");
        }
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
