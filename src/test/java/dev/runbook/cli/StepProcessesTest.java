package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.action.process.ChildProcess;
import dev.runbook.action.process.ProcessTable;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real runbook JVM whose step is still working when runbook dies (kill -9) or is stopped (SIGTERM, SIGHUP). The
 * step's program writes its pid, waits for the file {@code go} and then appends to a ledger, so every real change is
 * counted; the test checks the process table by the session id runbook journaled, and the ledger after every
 * process of that session is gone (so nothing can write to it any more).
 */
class StepProcessesTest {
    static final String RUNBOOK = """
            runbook: slow-change
            title: A change that takes a while
            severity: P2
            parameters:
              dir: { type: string, required: true }
            resolve:
              - id: change
                uses: shell
                with:
                  command: [sh, -c, 'echo $$ > "$DIR/step.pid"; sleep 60 & echo $! > "$DIR/child.pid"; while [ ! -e "$DIR/go" ]; do sleep 0.1; done; echo changed >> "$DIR/ledger"']
                  env: { DIR: "${params.dir}" }
            """;

    @TempDir
    Path tmp;
    Path work;
    Path state;
    Path file;
    final List<Long> sessions = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(ChildProcess.supervised() && ProcessTable.listable(), "needs setsid and /proc (Linux)");
        work = Files.createDirectories(tmp.resolve("work"));
        state = tmp.resolve("state");
        file = Files.writeString(tmp.resolve("slow-change.yaml"), RUNBOOK);
    }

    /** Whatever a failing test left behind dies with it. */
    @AfterEach
    void cleanUp() {
        for (long s : sessions) ProcessTable.killAll(s);
    }

    @Test
    void kill_9_of_runbook_leaves_no_process_of_the_running_step_and_no_change_after_the_crash() throws Exception {
        Process jvm = start("exec", file.toString(), "-p", "dir=" + work, "--yes", "--no-input");
        long session = waitForStep(jvm);
        List<ProcessTable.Entry> before = ProcessTable.members(session);
        assertThat(before).as("the step's shell, its sleep and the watcher run in the step's session").hasSizeGreaterThanOrEqualTo(3);

        jvm.destroyForcibly(); // SIGKILL: no handler, no hook runs in runbook
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        List<ProcessTable.Entry> after = awaitGone(session);
        System.out.println("kill -9 of runbook mid-step: processes of the step's session before " + before.size() + ", after " + after.size());
        assertThat(after).as("orphans of the step after kill -9").isEmpty();
        Files.createFile(work.resolve("go"));
        assertThat(work.resolve("ledger")).as("no process of the step is left to make its change").doesNotExist();

        JournalReader.Contents j = journal();
        assertThat(j.problems()).isEmpty();
        List<RunEvent> events = j.events();
        int started = indexOf(events, RunEvent.StepStarted.class);
        int process = indexOf(events, RunEvent.StepProcess.class);
        assertThat(process).as("the process is journaled after the step starts").isGreaterThan(started);
        assertThat(((RunEvent.StepProcess) events.get(process)).pid()).isEqualTo(session);
    }

    @Test
    void sigterm_cancels_the_step_journals_it_and_exits_143_with_no_orphan() throws Exception {
        stoppedBy("TERM", ExitCodes.TERMINATED, "stopped by SIGTERM");
    }

    @Test
    void sighup_cancels_the_step_journals_it_and_exits_129_with_no_orphan() throws Exception {
        stoppedBy("HUP", ExitCodes.HANGUP, "stopped by SIGHUP (the terminal went away)");
    }

    private void stoppedBy(String signal, int code, String reason) throws Exception {
        // under nohup (or any parent that ignores the signal) the child JVM inherits "ignored", and the JVM cannot
        // handle a signal that was ignored when it started: runbook rightly keeps running, as nohup asks
        assumeTrue(!dev.runbook.testing.SignalDisposition.ignored(signal.equals("HUP") ? 1 : 15), dev.runbook.testing.SignalDisposition.why(signal));
        Process jvm = start("exec", file.toString(), "-p", "dir=" + work, "--yes", "--no-input");
        long session = waitForStep(jvm);
        kill(signal, jvm.pid());
        boolean ended = jvm.waitFor(30, TimeUnit.SECONDS);
        assertThat(ended).as("runbook ends after SIG%s:%n%s", signal, log()).isTrue();
        assertThat(jvm.exitValue()).as(log()).isEqualTo(code);
        assertThat(awaitGone(session)).as("orphans after " + signal).isEmpty();
        Files.createFile(work.resolve("go"));
        assertThat(work.resolve("ledger")).doesNotExist();
        assertThat(log()).contains(reason, "runbook resume");

        JournalReader.Contents j = journal();
        assertThat(j.problems()).isEmpty();
        assertThat(j.warnings()).isEmpty();
        List<RunEvent> events = j.events();
        assertThat(events).filteredOn(RunEvent.Interrupted.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RunEvent.Interrupted) e).reason()).isEqualTo(reason));
        assertThat(events).filteredOn(RunEvent.StepFinished.class::isInstance).singleElement().satisfies(e -> {
            RunEvent.StepFinished f = (RunEvent.StepFinished) e;
            assertThat(f.status()).isEqualTo(StepStatus.CANCELLED);
            assertThat(f.error()).contains(reason);
        });
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(RunEvent.RunFinished.class,
                f -> assertThat(f.outcome()).isEqualTo(RunOutcome.INTERRUPTED));

        // the cancelled step runs again on resume, once
        CliRun.Outcome resumed = new CliRun(state).resume(runId(), "--yes");
        assertThat(resumed.code()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(work.resolve("ledger"))).containsExactly("changed");
    }

    @Test
    void resume_refuses_while_a_process_of_the_dead_run_is_alive_and_names_it() throws Exception {
        Process jvm = start("exec", file.toString(), "-p", "dir=" + work, "--yes", "--no-input");
        long session = waitForStep(jvm);
        // the watcher is the session's other shell (the supervisor's script): without it,
        // nothing kills the step when runbook dies (as after an OOM kill of the whole session but the step)
        long stepShell = pid("step.pid");
        long sleep = pid("child.pid");
        List<ProcessTable.Entry> watchers = ProcessTable.members(session).stream()
                .filter(e -> e.pid() != stepShell && e.pid() != sleep && e.command().startsWith("/bin/sh -c IFS= read")).toList();
        assertThat(watchers).hasSize(1);
        ProcessHandle.of(watchers.get(0).pid()).ifPresent(ProcessHandle::destroyForcibly);
        jvm.destroyForcibly();
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessTable.members(session)).extracting(ProcessTable.Entry::pid).contains(stepShell, sleep);

        Path answers = Files.writeString(tmp.resolve("answers.yaml"), "inDoubt:\n  change: rerun\n");
        CliRun.Outcome refused = new CliRun(state).resume(runId(), "--yes", "--answers", answers.toString());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("cannot be resumed yet", "step change: pid " + stepShell, "pid " + sleep,
                "kill -TERM -- -" + session);
        assertThat(work.resolve("ledger")).doesNotExist();
        assertThat(journal().events()).noneMatch(RunEvent.RunResumed.class::isInstance);

        // the operator lets it finish: it makes its change once; then resume is allowed and "done" keeps it at one
        Files.createFile(work.resolve("go"));
        awaitGoneOf(stepShell);
        ProcessTable.killAll(session); // the sleep it left
        Files.writeString(answers, "inDoubt:\n  change: done\n");
        CliRun.Outcome resumed = new CliRun(state).resume(runId(), "--yes", "--answers", answers.toString());
        assertThat(resumed.code()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(work.resolve("ledger"))).containsExactly("changed");
    }

    // ---- helpers

    private Process start(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("RUNBOOK_STATE_DIR", state.toString());
        pb.environment().put("NO_COLOR", "1");
        return pb.start();
    }

    /** Waits until the step's shell and its sleep run; returns the step's session id (= the shell's pid). */
    private long waitForStep(Process jvm) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.isRegularFile(work.resolve("child.pid")) && !Files.readString(work.resolve("child.pid")).isBlank()) {
                long shell = pid("step.pid");
                long session = ProcessTable.entry(shell).orElseThrow().sid();
                sessions.add(session);
                assertThat(session).as("the step's program leads a session of its own").isEqualTo(shell);
                assertThat(ProcessTable.entry(shell).orElseThrow().pgid()).isEqualTo(shell);
                return session;
            }
            assertThat(jvm.isAlive()).as(log()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the step never started:\n" + log());
    }

    /** Polls the process table until the session is empty (a liveness limit, not a speed assertion). */
    private static List<ProcessTable.Entry> awaitGone(long session) throws InterruptedException {
        List<ProcessTable.Entry> left = ProcessTable.members(session);
        for (int i = 0; i < 200 && !left.isEmpty(); i++) {
            Thread.sleep(50);
            left = ProcessTable.members(session);
        }
        return left;
    }

    private static void awaitGoneOf(long pid) throws InterruptedException {
        for (int i = 0; i < 200 && ProcessTable.entry(pid).isPresent(); i++) Thread.sleep(50);
        assertThat(ProcessTable.entry(pid)).isEmpty();
    }

    private long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(work.resolve(name)).strip());
    }

    private static void kill(String signal, long pid) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0).isTrue();
    }

    private String log() {
        try {
            return Files.readString(tmp.resolve("child.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private String runId() throws IOException {
        try (Stream<Path> s = Files.list(state.resolve("runs"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    private JournalReader.Contents journal() throws IOException {
        return JournalReader.read(state.resolve("runs").resolve(runId()));
    }

    private static int indexOf(List<RunEvent> events, Class<? extends RunEvent> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) return i;
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + events);
    }
}
