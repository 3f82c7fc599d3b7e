package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine lock between two real processes of the CLI (child JVMs, as an operator in two terminals), not threads of
 * one JVM: with different {@code XDG_STATE_HOME} and the same runbook and parameters, exactly one runs and the other
 * exits 8 naming the holder (its pid and state folder). A holder killed with SIGKILL leaves its lock file behind, but
 * the operating system has released the lock with the process: the next run is not refused by a stale file.
 */
class MachineLockProcessTest {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    static final String RUNBOOK = """
            runbook: waits
            title: Waits for a file
            severity: P3
            summary: holds its lock until the test lets it go
            parameters:
              go: { type: string, required: true }
            resolve:
              - id: wait
                title: Wait for the go file
                uses: shell
                with:
                  command: [sh, -c, 'echo $$ > "$G.started"; while [ ! -f "$G" ]; do sleep 0.05; done']
                  env: { G: "${params.go}" }
            """;

    /** A child JVM running {@code runbook exec} with its own state home, no terminal, the machine's lock folder shared. */
    private Process exec(String stateHome, Path rb, Path go, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.runbook.cli.Main", "exec", rb.toString(), "-p", "go=" + go, "--yes")
                .redirectInput(new File("/dev/null")).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RUNBOOK_") || k.startsWith("XDG_"));
        env.put("HOME", tmp.resolve("home").toString());
        env.put("XDG_STATE_HOME", tmp.resolve(stateHome).toString());
        env.put("XDG_RUNTIME_DIR", tmp.resolve("runtime").toString());
        env.put("NO_COLOR", "1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String log(String name) throws Exception {
        return Files.readString(tmp.resolve(name + ".log"));
    }

    private static void awaitFile(Path f, Process p, String what) throws Exception {
        for (int i = 0; i < 1200 && !Files.exists(f) && p.isAlive(); i++) Thread.sleep(50);
        assertThat(f).as(what).exists();
    }

    private static int runsIn(Path state) throws Exception {
        if (!Files.isDirectory(state.resolve("runs"))) return 0;
        try (Stream<Path> s = Files.list(state.resolve("runs"))) {
            return (int) s.count();
        }
    }

    @Test
    void two_processes_with_different_state_homes_one_runs_the_other_exits_8_naming_it() throws Exception {
        Path rb = Files.writeString(tmp.resolve("waits.yaml"), RUNBOOK);
        Path go = tmp.resolve("go");
        Process a = exec("state-a", rb, go, "a");
        awaitFile(Path.of(go + ".started"), a, "the first run's step started; its log:\n" + log("a"));
        Process b = exec("state-b", rb, go, "b");
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).as("the second run ends on its own").isTrue();
        String bLog = log("b");
        assertThat(b.exitValue()).as(bLog).isEqualTo(ExitCodes.LOCKED);
        assertThat(bLog).contains("another run of this runbook with the same parameters is in progress", "pid " + a.pid(),
                "state " + tmp.resolve("state-a/runbook"));
        assertThat(a.isAlive()).as("the first run is still waiting").isTrue();
        Files.writeString(go, "go");
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(log("a")).isZero();
        // exactly one ran: one journal, in the first state folder; the refused run left none
        assertThat(runsIn(tmp.resolve("state-a/runbook"))).isEqualTo(1);
        assertThat(runsIn(tmp.resolve("state-b/runbook"))).isZero();
    }

    @Test
    void a_holder_killed_with_sigkill_leaves_a_stale_file_that_does_not_refuse_the_next_run() throws Exception {
        Path rb = Files.writeString(tmp.resolve("waits.yaml"), RUNBOOK);
        Path go = tmp.resolve("go");
        Process a = exec("state-a", rb, go, "a");
        awaitFile(Path.of(go + ".started"), a, "the first run's step started; its log:\n" + log("a"));
        Path locks = tmp.resolve("runtime/runbook/locks");
        List<Path> lockFiles;
        try (Stream<Path> s = Files.list(locks)) {
            lockFiles = s.toList();
        }
        assertThat(lockFiles).hasSize(1);
        assertThat(Files.readString(lockFiles.get(0))).contains("pid " + a.pid());
        // SIGKILL to the JVM alone: no shutdown hook, no close; its step's shell lives on for a while (its session
        // watcher ends it), and must not keep the lock (the lock's descriptor is not inherited by children)
        a.destroyForcibly();
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(lockFiles.get(0))).as("the dead holder's file stays").contains("pid " + a.pid());
        Files.writeString(go, "go");
        Files.delete(Path.of(go + ".started"));
        Process b = exec("state-b", rb, go, "b");
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.exitValue()).as(log("b")).isZero();
        assertThat(Files.readString(lockFiles.get(0))).as("the new holder wrote its own name").contains("pid " + b.pid())
                .doesNotContain("pid " + a.pid());
        // and in the dead run's own state folder: the same lock is free there too; its unfinished run is for resume
        Files.delete(Path.of(go + ".started"));
        Process c = exec("state-a", rb, go, "c");
        assertThat(c.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(c.exitValue()).as(log("c")).isZero();
        assertThat(runsIn(tmp.resolve("state-a/runbook"))).isEqualTo(2);
    }
}
