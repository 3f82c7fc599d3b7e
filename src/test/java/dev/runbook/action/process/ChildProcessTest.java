package dev.runbook.action.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.action.ActionContext;
import dev.runbook.action.Cancellation;
import dev.runbook.action.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervised start of a step's program: journaled before it runs, a session of its own, nothing left behind. */
class ChildProcessTest {
    @TempDir
    Path tmp;
    final List<Long> sessions = new ArrayList<>();

    @BeforeEach
    void needs() {
        assumeTrue(ChildProcess.supervised() && ProcessTable.listable(), "needs setsid and /proc (Linux)");
    }

    @AfterEach
    void cleanUp() {
        for (long s : sessions) ProcessTable.killAll(s);
    }

    @Test
    void the_program_runs_only_after_it_was_reported_and_leads_a_session_of_its_own() throws Exception {
        Path marker = tmp.resolve("ran");
        List<String> seen = new ArrayList<>();
        ChildProcess c = ChildProcess.start(context(pid -> {
            sessions.add(pid);
            // the program is started but held: whatever the reporting takes, it has not run yet
            sleep(300);
            seen.add(Files.exists(marker) ? "ran before it was reported" : "held");
            seen.add(ProcessTable.entry(pid).map(e -> e.sid() == pid && e.pgid() == pid ? "own session" : "shared session").orElse("gone"));
        }), new ProcessBuilder("sh", "-c", "touch '" + marker + "'"));
        assertThat(c.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        c.close();
        assertThat(seen).containsExactly("held", "own session");
        assertThat(c.process().exitValue()).isZero();
        assertThat(marker).exists();
    }

    @Test
    void when_reporting_fails_the_program_never_runs() throws Exception {
        Path marker = tmp.resolve("ran");
        long[] pid = new long[1];
        assertThatThrownBy(() -> ChildProcess.start(context(p -> {
            pid[0] = p;
            sessions.add(p);
            throw new IllegalStateException("the journal cannot be written");
        }), new ProcessBuilder("sh", "-c", "touch '" + marker + "'"))).hasMessageContaining("journal cannot be written");
        awaitGone(pid[0]);
        assertThat(marker).doesNotExist();
    }

    @Test
    void what_the_program_leaves_behind_dies_when_the_step_ends_even_in_another_process_group() throws Exception {
        Path pids = tmp.resolve("pids");
        // a background sleep in the program's group, and one under timeout(1), which moves to a process group of its own
        ChildProcess c = ChildProcess.start(context(sessions::add), new ProcessBuilder("sh", "-c",
                "sleep 60 & echo $! > '" + pids + "'; timeout 60 sleep 61 & echo $! >> '" + pids + "'; sleep 0.3"));
        assertThat(c.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Long> left = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
        assertThat(left).hasSize(2);
        assertThat(ProcessTable.entry(left.get(1)).orElseThrow().pgid()).as("timeout leads a group of its own").isNotEqualTo(c.pid());
        c.close();
        for (long p : left) awaitGone(p);
        awaitGone(c.pid());
    }

    @Test
    void kill_stops_the_whole_session_at_once() throws Exception {
        ChildProcess c = ChildProcess.start(context(sessions::add), new ProcessBuilder("sh", "-c", "sleep 60 & sleep 60"));
        List<ProcessTable.Entry> before = awaitMembers(c.pid(), 3);
        c.kill();
        assertThat(c.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (ProcessTable.Entry e : before) awaitGone(e.pid());
    }

    @Test
    void resolve_finds_programs_as_the_child_would() {
        assertThat(ChildProcess.resolve("sh", "/nonexistent:/bin:/usr/bin", tmp)).isPresent();
        assertThat(ChildProcess.resolve("no-such-program-here", "/bin:/usr/bin", tmp)).isEmpty();
        assertThat(ChildProcess.resolve("./missing", "/bin", tmp)).isEmpty();
    }

    // ---- helpers

    private static List<ProcessTable.Entry> awaitMembers(long session, int n) throws InterruptedException {
        List<ProcessTable.Entry> m = ProcessTable.members(session);
        for (int i = 0; i < 400 && m.size() < n; i++) {
            Thread.sleep(25);
            m = ProcessTable.members(session);
        }
        assertThat(m).hasSizeGreaterThanOrEqualTo(n);
        return m;
    }

    /** Waits (a liveness limit, not a speed assertion) until the process is gone or a zombie. */
    private static void awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 400 && ProcessTable.entry(pid).isPresent(); i++) Thread.sleep(25);
        assertThat(ProcessTable.entry(pid)).as("process " + pid).isEmpty();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ActionContext context(LongConsumer started) {
        return new ActionContext() {
            @Override
            public String runId() {
                return "r";
            }

            @Override
            public String stepId() {
                return "s";
            }

            @Override
            public Duration timeout() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Instant deadline() {
                return Instant.now().plus(timeout());
            }

            @Override
            public boolean dryRun() {
                return false;
            }

            @Override
            public Cancellation cancellation() {
                return new Cancellation() {
                    @Override
                    public boolean isCancelled() {
                        return false;
                    }

                    @Override
                    public AutoCloseable onCancel(Runnable hook) {
                        return () -> { };
                    }
                };
            }

            @Override
            public void progress(String message) {
            }

            @Override
            public Optional<String> setting(String key) {
                return Optional.empty();
            }

            @Override
            public Map<String, String> environment() {
                return System.getenv();
            }

            @Override
            public Path workDir() {
                return tmp;
            }

            @Override
            public Operator operator() {
                return null;
            }

            @Override
            public void sleep(Duration d) {
            }

            @Override
            public void processStarted(long pid, String command) {
                started.accept(pid);
            }

            @Override
            public String redact(String text) {
                return text;
            }
        };
    }
}
