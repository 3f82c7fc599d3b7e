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
}
