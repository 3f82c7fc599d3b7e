package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command resolves its state from the root command's environment, not the process's: a run made under
 * {@code XDG_STATE_HOME=X} (no {@code RUNBOOK_STATE_DIR}, no {@code --state-dir}) is the one {@code runs},
 * {@code runs show}, {@code report} and {@code runs prune} find under the same environment, and {@code RUNBOOK_STATE}
 * reaches {@code unlock} and {@code state check}. The process's own environment (the build's) points elsewhere, so a
 * command that read it would list no run. ArchitectureTest keeps {@code System.getenv} out of the other commands.
 */
class RootEnvironmentTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    Run main(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new RunbookCommand(tmp, env, Catalogue::standard), args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", tmp.resolve("home").toString());
        env.put("XDG_STATE_HOME", tmp.resolve("xdg").toString());
        env.put("XDG_RUNTIME_DIR", tmp.resolve("runtime").toString());
        env.put("NO_COLOR", "1");
        return env;
    }

    @Test
    void history_commands_find_the_run_where_exec_put_it() throws Exception {
        assertThat(System.getenv("XDG_STATE_HOME")).as("the build's environment must not point at the test's folder").isNotEqualTo(tmp.resolve("xdg").toString());
        Path rb = Files.writeString(tmp.resolve("hello.yaml"), """
                runbook: hello
                title: Says hello
                severity: P3
                summary: one read step
                diagnose:
                  - id: hi
                    title: Hi
                    uses: shell
                    effect: read
                    with: { command: [echo, hi] }
                """);
        Map<String, String> env = env();
        Run exec = main(env, "exec", rb.toString());
        assertThat(exec.code()).as(exec.toString()).isZero();
        Path runs = tmp.resolve("xdg/runbook/runs");
        String id;
        try (Stream<Path> s = Files.list(runs)) {
            id = s.findFirst().orElseThrow().getFileName().toString();
        }
        Run list = main(env, "runs");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains(id);
        Run json = main(env, "runs", "--format", "json");
        assertThat(json.out()).contains(id);
        Run show = main(env, "runs", "show", id);
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("run       " + id, "hash chain verified");
        Run report = main(env, "report", id);
        assertThat(report.code()).as(report.toString()).isZero();
        assertThat(report.out()).contains("`" + id + "`");
        Thread.sleep(1100); // the run's last event is then more than 1 s old
        Run prune = main(env, "runs", "prune", "--older-than", "1s", "--dry-run");
        assertThat(prune.code()).as(prune.toString()).isZero();
        assertThat(prune.out()).contains("would delete " + id);
        // RUNBOOK_STATE_DIR in the root's environment wins over XDG, for history too
        env.put("RUNBOOK_STATE_DIR", tmp.resolve("elsewhere").toString());
        Run none = main(env, "runs");
        assertThat(none.out()).as(none.toString()).contains("No runs yet in " + tmp.resolve("elsewhere"));
    }

    @Test
    void the_team_store_named_in_the_root_environment_reaches_unlock_and_state_check() throws Exception {
        Map<String, String> env = env();
        Path store = Files.createDirectories(tmp.resolve("team"));
        env.put("RUNBOOK_STATE", "dir:" + store);
        Run unlock = main(env, "unlock", "no-such-lock");
        // with the process's environment it would say "unlock works on a team state store" (exit 2)
        assertThat(unlock.code()).as(unlock.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(unlock.err()).contains("no lock with id no-such-lock in dir:" + store);
        Run check = main(env, "state", "check", "--samples", "1");
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.out()).contains("dir:" + store);
    }
}
