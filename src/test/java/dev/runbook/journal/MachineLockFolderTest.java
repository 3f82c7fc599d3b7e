package dev.runbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the machine lock lives must not depend on how the process was started: a run from a login session
 * ({@code XDG_RUNTIME_DIR=/run/user/UID}) and one from cron, ssh without a session or {@code sudo -u} (no
 * {@code XDG_RUNTIME_DIR}) must take the same lock. Before, the second used {@code /tmp/runbook-UID}: both ran.
 */
class MachineLockFolderTest {
    @TempDir
    Path tmp;

    private static long uid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    @Test
    void a_session_and_a_process_without_xdg_runtime_dir_share_the_lock_folder() throws Exception {
        Path runUser = tmp.resolve("run-user");
        Path session = Files.createDirectories(runUser.resolve(String.valueOf(uid())));
        Files.setPosixFilePermissions(session, PosixFilePermissions.fromString("rwx------"));
        Path fromSession = RunStore.machineLocks(session.toString(), runUser);
        Path fromCron = RunStore.machineLocks(null, runUser);
        assertThat(fromCron).isEqualTo(fromSession).isEqualTo(session.resolve("runbook/locks"));
        // and the lock itself: taken from one, refused from the other
        try (RunLock held = RunLock.acquire(fromSession.resolve("k.lock"), "run A, pid 1")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunLock.acquire(fromCron.resolve("k.lock"), "run B, pid 2"))
                    .isInstanceOf(RunLock.Held.class).hasMessageContaining("run A, pid 1");
        }
    }

    @Test
    void without_a_session_folder_it_is_the_private_tmp_folder() throws Exception {
        Path locks = RunStore.machineLocks(null, tmp.resolve("no-run-user"));
        assertThat(locks).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "runbook-" + uid(), "locks"));
    }

    @Test
    void another_users_xdg_runtime_dir_inherited_through_su_is_passed_over() throws Exception {
        assumeTrue(uid() == 0, "needs root to give a folder to another user");
        Path others = Files.createDirectories(tmp.resolve("run-user-other"));
        Files.setAttribute(others, "unix:uid", 65534);
        Path runUser = tmp.resolve("run-user");
        Path session = Files.createDirectories(runUser.resolve(String.valueOf(uid())));
        assertThat(RunStore.machineLocks(others.toString(), runUser)).isEqualTo(session.resolve("runbook/locks"));
    }
}
