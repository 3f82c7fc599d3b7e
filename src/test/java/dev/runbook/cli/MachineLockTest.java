package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunLock;
import dev.runbook.journal.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock covers the machine (one user's runs), not one state folder: the same runbook with the same parameters under
 * two different XDG_STATE_HOME / --state-dir runs once; the second exits 8 naming the holder. The lock file is never
 * reached through a planted symbolic link, and its folders are private. The timeout only stops a regression that hangs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MachineLockTest {
    @TempDir
    Path tmp;

    CliRun cli(String stateHome) {
        CliRun c = new CliRun(tmp.resolve("unused"));
        c.env.remove("RUNBOOK_STATE_DIR");
        c.env.put("XDG_STATE_HOME", tmp.resolve(stateHome).toString());
        c.env.put("XDG_RUNTIME_DIR", tmp.resolve("runtime").toString());
        return c;
    }

    @Test
    void two_state_folders_one_machine_the_second_run_is_refused_naming_the_first() throws Exception {
        Path rb = Files.writeString(tmp.resolve("waits.yaml"), """
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
                    with: { command: [sh, -c, 'while [ ! -f "$G" ]; do sleep 0.05; done'], env: { G: "${params.go}" } }
                """);
        Path go = tmp.resolve("go");
        CompletableFuture<CliRun.Outcome> first = CompletableFuture.supplyAsync(() -> cli("state-a").exec(rb.toString(), "-p", "go=" + go, "--yes"));
        Path lockDir = tmp.resolve("runtime/runbook/locks");
        while (!first.isDone() && !lockHeld(lockDir)) Thread.sleep(20);
        CliRun.Outcome second = cli("state-b").exec(rb.toString(), "-p", "go=" + go, "--yes");
        Files.writeString(go, "go");
        CliRun.Outcome one = first.get();
        assertThat(one.code()).as(one.toString()).isZero();
        assertThat(second.code()).as(second.toString()).isEqualTo(ExitCodes.LOCKED);
        assertThat(second.err()).contains("another run of this runbook with the same parameters is in progress",
                "pid " + ProcessHandle.current().pid(), "state " + tmp.resolve("state-a/runbook"));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("runtime/runbook"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("state-a/runbook/runs"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    private static boolean lockHeld(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return false;
        try (var s = Files.list(dir)) {
            return s.anyMatch(f -> {
                try {
                    return Files.readString(f).contains("pid");
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** Deterministic form of the above: a lock held in one state folder refuses the same key taken from another. */
    @Test
    void the_machine_lock_is_independent_of_the_state_folder() throws Exception {
        Path runtime = tmp.resolve("runtime");
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.toString());
        RunStore a = RunStore.locate(tmp.resolve("a"), env);
        RunStore b = RunStore.locate(tmp.resolve("b"), env);
        try (RunLock held = a.lock("counter", Map.of("file", "/x"), "run A, pid 1")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.lock("counter", Map.of("file", "/x"), "run B, pid 2"))
                    .isInstanceOf(RunLock.Held.class).hasMessageContaining("run A, pid 1, state " + tmp.resolve("a"));
            try (RunLock other = b.lock("counter", Map.of("file", "/y"), "run C, pid 3")) {
                assertThat(other).isNotNull(); // other parameters: another lock
            }
        }
        try (RunLock again = b.lock("counter", Map.of("file", "/x"), "run B, pid 2")) {
            assertThat(again).isNotNull(); // released with the first
        }
    }

    @Test
    void a_symbolic_link_planted_as_the_lock_file_is_refused_and_its_target_untouched() throws Exception {
        Path runtime = tmp.resolve("runtime");
        RunStore a = RunStore.locate(tmp.resolve("a"), Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
        Path locks = RunStore.machineLocks(Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        String key = RunStore.lockKey("counter", Map.of("file", "/x")) + ".lock";
        Files.createSymbolicLink(locks.resolve(key), victim);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.lock("counter", Map.of("file", "/x"), "run A, pid 1"))
                .hasMessageContaining("is a symbolic link; it is not followed");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        // the same in the state folder's locks/
        Files.delete(locks.resolve(key));
        Files.createDirectories(tmp.resolve("a/locks"));
        Files.createSymbolicLink(tmp.resolve("a/locks").resolve(key), victim);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.lock("counter", Map.of("file", "/x"), "run A, pid 1"))
                .hasMessageContaining("is a symbolic link; it is not followed");
        assertThat(Files.readString(victim)).isEqualTo("precious");
    }

    @Test
    void a_lock_folder_that_is_not_private_is_refused() throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("runtime"));
        Path base = Files.createDirectories(runtime.resolve("runbook"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunStore.machineLocks(Map.of("XDG_RUNTIME_DIR", runtime.toString())))
                .hasMessageContaining("must be yours").hasMessageContaining("writable by you alone");
    }
}
