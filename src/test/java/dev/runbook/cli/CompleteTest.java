package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runbook __complete}, in process: every odd input gives no candidates, no output on stderr and exit 0. */
class CompleteTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RunbookCommand root = new RunbookCommand(tmp, env, () -> {
            throw new AssertionError("completion must not load the catalogue");
        });
        int code = Main.run(root, args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void odd_input_prints_nothing_anywhere_and_exits_0() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("broken.yaml"), "runbook: [\n");
        Files.write(runbooks.resolve("huge.yaml"), new byte[9 * 1024 * 1024]);
        Files.createDirectories(runbooks.resolve("dir.yaml"));
        Path stateFile = Files.writeString(tmp.resolve("state-is-a-file"), "x");
        Map<String, String> env = Map.of("HOME", tmp.toString(), "RUNBOOK_STATE_DIR", stateFile.toString());
        for (String[] args : List.of(new String[] {"__complete"}, new String[] {"__complete", ""}, new String[] {"__complete", "nonsense"},
                new String[] {"__complete", "params"}, new String[] {"__complete", "params", ""}, new String[] {"__complete", "params", "nope"},
                new String[] {"__complete", "params", "broken"}, new String[] {"__complete", "steps", "huge"},
                new String[] {"__complete", "params", "dir"}, new String[] {"__complete", "values", "broken"},
                new String[] {"__complete", "scenarios", "/dev/null"}, new String[] {"__complete", "params", "\u0000"},
                new String[] {"__complete", "runs"}, new String[] {"__complete", "runs", "--state-dir"},
                new String[] {"__complete", "runs", "--state-dir", "\u0000bad"}, new String[] {"__complete", "runs", "--state", "s3://"},
                new String[] {"__complete", "runs", "--state", "file:"}, new String[] {"__complete", "team-runs", "--state-dir", "/proc/self/fd/0"})) {
            Result r = run(env, args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err()).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void params_are_offered_as_name_equals_without_secrets() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.copy(Path.of("src/test/resources/cli/runbooks/api-down.yaml"), runbooks.resolve("api-down.yaml"));
        Result r = run(Map.of("HOME", tmp.toString()), "__complete", "params", "api-down");
        assertThat(r.out().lines()).containsExactly("app=", "healthUrl=");
        assertThat(run(Map.of("HOME", tmp.toString()), "__complete", "params", "runbooks/api-down.yaml").out().lines())
                .as("a path works as on the command line").containsExactly("app=", "healthUrl=");
        assertThat(r.err()).isEmpty();
    }

    /**
     * A candidate lands on the operator's command line as it is (bash does not quote it): one that is not a plain shell
     * word would run as code when Enter is pressed ({@code --approve $(touch x)}), glob in the script's unquoted
     * {@code $(...)}, or split in two. Names, parameters, enum values, step ids and scenario names from files on the
     * search path are offered only when they are plain words; the rest are left out (the operator types them).
     */
    @Test
    void a_candidate_that_is_not_a_plain_shell_word_is_never_offered() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("evil.yaml"), """
                runbook: evil
                title: t
                severity: P3
                parameters:
                  "$(touch PWN_P)": { type: string }
                  "a b": { type: string }
                  "`id`": { type: string }
                  ok_param: { type: string }
                  mode: { type: string, enum: ["$(touch PWN_E)", "x y", "*", "~root", "a;b", "fast"] }
                diagnose:
                  - id: look
                    uses: shell
                    effect: read
                    with: { command: [sh, -c, "true"] }
                resolve:
                  - id: "$(touch PWN_S)"
                    uses: shell
                    effect: write
                    with: { command: [sh, -c, "true"] }
                  - id: restart
                    uses: shell
                    effect: write
                    with: { command: [sh, -c, "true"] }
                """);
        Path scenarios = Files.createDirectories(runbooks.resolve("scenarios/evil"));
        for (String n : List.of("$(touch PWN_C)", "a b", "drill", "x|y", "\u001b[2J")) Files.writeString(scenarios.resolve(n + ".yaml"), "scenario: x\n");
        for (String n : List.of("$(touch PWN_R)", "`touch PWN_R2`", "a b", "*", "{a,b}", "q'uote", "$HOME", "\u001b]0;x\u0007", "-rf", "good")) {
            Files.writeString(runbooks.resolve(n + ".yaml"), "runbook: x\n");
        }
        Map<String, String> env = Map.of("HOME", tmp.toString());
        assertThat(run(env, "__complete", "runbooks").out().lines()).as("-rf is a plain word: an option to picocli, never code")
                .containsExactlyInAnyOrder("evil", "good", "-rf");
        assertThat(run(env, "__complete", "params", "evil").out().lines()).containsExactly("ok_param=", "mode=");
        assertThat(run(env, "__complete", "values", "evil", "mode").out().lines()).containsExactly("fast");
        assertThat(run(env, "__complete", "steps", "evil").out().lines()).containsExactly("restart");
        assertThat(run(env, "__complete", "scenarios", "evil").out().lines()).containsExactly("drill");
        // the runbook stored with a run (resume RUN --approve <Tab>) goes through the same one filter
        Path runDir = Files.createDirectories(tmp.resolve("state/runs/20261207-120000-evil-abcd"));
        Files.writeString(runDir.resolve("journal.jsonl"), "{}\n");
        Files.copy(runbooks.resolve("evil.yaml"), runDir.resolve("runbook.yaml"));
        Map<String, String> withState = Map.of("HOME", tmp.toString(), "RUNBOOK_STATE_DIR", tmp.resolve("state").toString());
        assertThat(run(withState, "__complete", "run-steps", "last").out().lines()).containsExactly("restart");
        assertThat(run(withState, "__complete", "run-steps", "abcd").out().lines()).containsExactly("restart");
        // a run folder whose name is not a plain word is never a run here (nor offered, nor resolved)
        Path odd = Files.createDirectories(tmp.resolve("state/runs/$(touch PWN_RUN)"));
        Files.writeString(odd.resolve("journal.jsonl"), "{}\n");
        Files.copy(runbooks.resolve("evil.yaml"), odd.resolve("runbook.yaml"));
        assertThat(run(withState, "__complete", "runs").out().lines()).containsExactly("last", "20261207-120000-evil-abcd");
        assertThat(run(withState, "__complete", "confirm", "$(touch PWN_RUN)").out()).isEmpty();
        assertThat(run(withState, "__complete", "run-steps", "$(touch PWN_RUN)").out()).isEmpty();
    }
}
