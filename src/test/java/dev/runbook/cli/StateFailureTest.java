package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.runbook.action.Catalogue;
import dev.runbook.journal.JournalReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state folder that cannot be used, through the real entry point: each case prints what failed, the path and the
 * OS's reason, and exits 10 (never 70, never a stack trace); nothing runs without a record. Read-only and full file
 * systems are small tmpfs mounts, so those cases run where the tests run as root (CI does) and are skipped elsewhere.
 */
class StateFailureTest {
    static final Path COUNTER = Path.of("src/test/resources/engine/counter.yaml").toAbsolutePath();

    @TempDir
    Path tmp;

    private final List<Path> mounts = new java.util.ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor();
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    Run main(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("NO_COLOR", "1");
        env.put("HOME", tmp.toString());
        env.put("XDG_RUNTIME_DIR", tmp.resolve("runtime").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new RunbookCommand(Path.of(""), env, Catalogue::standard), args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Run exec(Path state) {
        return main("exec", COUNTER.toString(), "-p", "file=" + tmp.resolve("count.txt"), "--yes", "--state-dir", state.toString());
    }

    static void refused(Run r, String... words) {
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.STATE);
        assertThat(r.err()).as(r.toString()).contains(words).contains("nothing runs without a record");
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("internal error", "Exception", "\tat ");
    }

    private void nothingRan() {
        assertThat(tmp.resolve("count.txt")).doesNotExist();
    }

    @Test
    void a_state_root_that_is_a_file() throws Exception {
        Path state = Files.writeString(tmp.resolve("state"), "x");
        refused(exec(state), "the state folder " + state + " is a file, not a folder");
        nothingRan();
    }

    @Test
    void runs_or_locks_that_is_a_file() throws Exception {
        for (String sub : List.of("runs", "locks")) {
            Path state = Files.createDirectories(tmp.resolve("state-" + sub));
            Files.writeString(state.resolve(sub), "x");
            refused(exec(state), "the " + sub + " folder " + state.resolve(sub) + " is a file, not a folder");
        }
        nothingRan();
    }

    @Test
    void a_dangling_link_and_a_loop_of_links() throws Exception {
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        refused(exec(dangling), dangling.toString(), "is a symbolic link to " + tmp.resolve("nowhere") + ", which does not exist");
        Path loop = Files.createSymbolicLink(tmp.resolve("loop-a"), tmp.resolve("loop-b"));
        Files.createSymbolicLink(tmp.resolve("loop-b"), loop);
        refused(exec(loop), loop.toString(), "is a loop of symbolic links");
        nothingRan();
    }

    @Test
    void a_read_only_state_folder() throws Exception {
        Path ro = mount("ro,size=64k");
        refused(exec(ro), "cannot create the runs folder " + ro.resolve("runs") + ": read-only file system");
        nothingRan();
    }

    @Test
    void a_full_disk_at_the_start() throws Exception {
        Path full = mount("size=64k");
        fill(full, 64 * 1024);
        Run r = exec(full);
        refused(r, full.toString(), "no space left on device");
        nothingRan();
    }

    /** The journal fills the disk during step c: the run stops there, says why, step d never runs, the journal verifies. */
    @Test
    void a_full_disk_mid_run_stops_the_run_before_its_next_change() throws Exception {
        Path mid = mount("size=48k");
        fill(mid, 20 * 1024);
        Path rb = tmp.resolve("big.yaml");
        Files.writeString(rb, """
                runbook: big
                title: Fills the disk mid-run
                severity: P3
                summary: a small start, then big outputs
                parameters:
                  file: { type: string, required: true }
                resolve:
                  - id: b
                    title: small change
                    uses: shell
                    with: { command: [sh, -c, 'echo b >> "$F"'], env: { F: "${params.file}" } }
                  - id: c
                    title: big output
                    uses: shell
                    with: { command: [sh, -c, 'for i in $(seq 1 20); do head -c 4000 /dev/urandom | base64 -w0; echo; done'] }
                  - id: d
                    title: after
                    uses: shell
                    with: { command: [sh, -c, 'echo d >> "$F"'], env: { F: "${params.file}" } }
                """);
        Path count = tmp.resolve("count.txt");
        Run r = main("exec", rb.toString(), "-p", "file=" + count, "--yes", "--state-dir", mid.toString());
        refused(r, "cannot write the journal " + mid.resolve("runs"), "no space left on device");
        assertThat(Files.readAllLines(count)).containsExactly("b");
        Path run;
        try (Stream<Path> s = Files.list(mid.resolve("runs"))) {
            run = s.findFirst().orElseThrow();
        }
        JournalReader.Contents c = JournalReader.read(run);
        assertThat(c.intact()).as(c.problems().toString()).isTrue();
    }

    @Test
    void resume_of_a_run_that_never_started_says_nothing_ran() throws Exception {
        Path state = tmp.resolve("state");
        Path dir = Files.createDirectories(state.resolve("runs/20260101-000000-counter-aaaa"));
        Files.writeString(dir.resolve("journal.jsonl"), "");
        Run r = main("resume", "20260101-000000-counter-aaaa", "--yes", "--state-dir", state.toString());
        refused(r, "run 20260101-000000-counter-aaaa never started: nothing ran", dir.resolve("journal.jsonl").toString());
        Run shown = main("runs", "show", "20260101-000000-counter-aaaa", "--state-dir", state.toString());
        assertThat(shown.out()).as(shown.toString()).contains("never started: nothing ran");
    }

    @Test
    void resume_of_a_journal_that_is_not_a_file_names_it() throws Exception {
        Path state = tmp.resolve("state");
        Path dir = Files.createDirectories(state.resolve("runs/20260101-000000-counter-bbbb/journal.jsonl"));
        Run r = main("resume", "20260101-000000-counter-bbbb", "--yes", "--state-dir", state.toString());
        assertThat(r.code()).as(r.toString()).isNotEqualTo(ExitCodes.INTERNAL);
        assertThat(r.err()).as(r.toString()).contains("20260101-000000-counter-bbbb").doesNotContain("internal error", "Exception");
        assertThat(dir).isDirectory();
    }

    private Path mount(String options) throws Exception {
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("mounting a tmpfs needs root").isZero();
        Path m = Files.createDirectories(tmp.resolve("mnt-" + mounts.size()));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", m.toString()).redirectErrorStream(true).start();
        String why = new String(p.getInputStream().readAllBytes());
        assumeThat(p.waitFor()).as("mount tmpfs: " + why).isZero();
        mounts.add(m);
        return m;
    }

    private static void fill(Path dir, int bytes) {
        try {
            Files.write(dir.resolve("fill"), new byte[bytes]);
        } catch (java.io.IOException e) {
            // full: that is the point
        }
    }
}
