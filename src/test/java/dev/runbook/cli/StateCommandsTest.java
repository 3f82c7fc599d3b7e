package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The state options and commands through the real root command: exit codes and messages, never a stack trace. */
class StateCommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    Run run(String... args) {
        Map<String, String> env = Map.of("RUNBOOK_STATE_DIR", tmp.resolve("home").toString(), "NO_COLOR", "1",
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        CommandLine cl = RunbookCommand.commandLine(new RunbookCommand(Path.of(""), env, Catalogue::standard), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static void noStackTrace(Run r) {
        assertThat(r.all()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
    }

    @Test
    void an_unknown_store_url_is_exit_11_with_the_forms_that_work() {
        Run r = run("runs", "--state", "ftp://x/y", "--state-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.STATE_STORE);
        assertThat(r.err()).contains("state store:", "s3://bucket/prefix", "postgres://user@host:port/db");
        noStackTrace(r);
    }

    @Test
    void a_password_in_the_url_is_refused_before_anything_runs_and_never_repeated() {
        Run r = run("exec", ExecCommandTest.COUNTER.toString(), "-p", "file=" + tmp.resolve("f"), "--yes", "--no-input",
                "--state", "postgres://ops:hunter2-very-secret@127.0.0.1:1/runbook");
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.STATE_STORE);
        assertThat(r.all()).contains("PGPASSWORD").doesNotContain("hunter2-very-secret");
        assertThat(tmp.resolve("f")).doesNotExist();
        noStackTrace(r);
    }

    @Test
    void file_urls_are_the_local_state_directory() {
        Path local = tmp.resolve("local");
        Run r = run("exec", ExecCommandTest.COUNTER.toString(), "-p", "file=" + tmp.resolve("f"), "--yes", "--no-input", "--state", "file:" + local);
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(local.resolve("runs")).isDirectory();
        Run listed = run("runs", "--state", "file:" + local);
        assertThat(listed.out()).contains("counter", "succeeded");
    }

    @Test
    void a_shared_folder_keeps_runs_every_home_can_list() {
        String team = "dir:" + tmp.resolve("team");
        Run r = run("exec", ExecCommandTest.COUNTER.toString(), "-p", "file=" + tmp.resolve("f"), "--yes", "--no-input", "--state", team);
        assertThat(r.code()).as(r.all()).isZero();
        Run listed = run("runs", "--state", team, "--state-dir", tmp.resolve("other-home").toString());
        assertThat(listed.out()).contains("counter", "succeeded");
        Run nothing = run("runs", "--state-dir", tmp.resolve("other-home").toString());
        assertThat(nothing.out()).contains("No runs yet");
    }

    @Test
    void unlock_without_a_store_says_there_is_nothing_to_unlock() {
        Run r = run("unlock", "abc", "--state-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("released by the operating system");
    }

    @Test
    void takeover_without_a_store_points_to_resume() {
        Run r = run("takeover", "20250101-000000-x-abcd", "--reason", "x", "--no-input");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("takeover needs a team state store", "runbook resume 20250101-000000-x-abcd");
        Run f = run("takeover", "20250101-000000-x-abcd", "--reason", "x", "--force", "--confirm", "20250101-000000-x-abce", "--no-input");
        assertThat(f.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(f.err()).contains("does not repeat the run id", "nothing was taken over");
        Run c = run("takeover", "20250101-000000-x-abcd", "--reason", "x", "--confirm", "20250101-000000-x-abcd", "--no-input");
        assertThat(c.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("--confirm only confirms --force");
    }

    @Test
    void a_forced_takeover_without_a_terminal_needs_the_run_id_confirmed_on_the_command_line() {
        Run r = run("takeover", "20250101-000000-x-abcd", "--reason", "x", "--force", "--no-input", "--state", "dir:" + tmp.resolve("team"));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("confirmed by typing the run id at a terminal", "--force --confirm 20250101-000000-x-abcd");
        noStackTrace(r);
    }

    @Test
    void prune_in_a_team_store_deletes_finished_runs_for_every_home_but_never_one_a_live_lease_names() throws Exception {
        String team = "dir:" + tmp.resolve("team");
        assertThat(run("exec", ExecCommandTest.COUNTER.toString(), "-p", "file=" + tmp.resolve("a"), "--yes", "--no-input", "--state", team).code()).isZero();
        assertThat(run("exec", ExecCommandTest.COUNTER.toString(), "-p", "file=" + tmp.resolve("b"), "--yes", "--no-input", "--state", team).code()).isZero();
        dev.runbook.state.FileObjectStore store = new dev.runbook.state.FileObjectStore(tmp.resolve("team"));
        java.util.List<String> ids = store.list("runs/").stream().filter(k -> k.endsWith("/meta.json")).map(k -> k.split("/")[1]).toList();
        assertThat(ids).hasSize(2);
        // as if the first run's holder were still at its end, lease not yet given back
        dev.runbook.state.Lease live = dev.runbook.state.Lease.acquire(store, "still-closing",
                dev.runbook.state.Lease.Record.holder(ids.get(0), "counter", "alice", "laptop-a", 1, null), java.time.Duration.ofMinutes(10),
                java.time.Clock.systemUTC());
        Thread.sleep(1_100); // both runs' last events are now older than 1s
        String third = tmp.resolve("third-home").toString();
        Run prune = run("runs", "prune", "--older-than", "1s", "--state", team, "--state-dir", third);
        assertThat(prune.code()).as(prune.all()).isZero();
        assertThat(prune.out()).contains("deleted " + ids.get(1), "kept " + ids.get(0) + "  (a live lease names it: alice@laptop-a holds it until",
                "lock id " + live.record().leaseId());
        Run listed = run("runs", "--state", team, "--state-dir", tmp.resolve("fourth-home").toString());
        assertThat(listed.out()).contains(ids.get(0)).doesNotContain(ids.get(1));
        live.close();
        assertThat(run("runs", "prune", "--older-than", "1s", "--state", team, "--state-dir", third).out()).contains("deleted " + ids.get(0));
        Run none = run("runs", "--state", team, "--state-dir", tmp.resolve("fourth-home").toString());
        assertThat(none.out()).contains("No runs yet in " + team + ".");
        assertThat(store.list("runs/")).isEmpty();
    }

    @Test
    void state_check_names_its_store_and_judges_it() {
        assertThat(run("state", "check").code()).isEqualTo(ExitCodes.USAGE);
        Run local = run("state", "check", "file:" + tmp);
        assertThat(local.code()).isZero();
        assertThat(local.out()).contains("nothing is shared");
        Run dir = run("state", "check", "dir:" + tmp.resolve("team"), "--samples", "5");
        assertThat(dir.code()).as(dir.all()).isZero();
        assertThat(dir.out()).contains("ok    create-if-absent", "ok    8-way create race", "ok    8-way replace race", "ok    lease", "median", "The store is safe");
        Run missing = run("state", "check", "s3://no-such-build/x");
        assertThat(missing.code()).isIn(ExitCodes.STATE_STORE);
        noStackTrace(missing);
    }
}
