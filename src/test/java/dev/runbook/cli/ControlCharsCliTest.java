package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program's output and a parameter full of terminal control sequences (window title, clipboard OSC 52, clear
 * screen, bell) reach the operator escaped in every text rendering: the run's own display, messages, {@code runs show},
 * {@code report} to the terminal and to a Markdown file. {@code \n} and {@code \t} stay as they are.
 */
class ControlCharsCliTest {
    @TempDir
    Path tmp;

    static final String EVIL = "printf 'title\\033]0;PWNED\\007 clip\\033]52;c;aGk=\\007 clear\\033[2J bell\\007 c1\\302\\233 tab\\tend\\n'";

    @Test
    void control_sequences_from_data_are_shown_never_obeyed() throws Exception {
        Path rb = tmp.resolve("evil.yaml");
        Files.writeString(rb, """
                runbook: evil
                title: Prints escapes
                severity: P3
                summary: prints terminal escapes
                parameters:
                  name: { type: string, default: x }
                diagnose:
                  - id: look
                    title: Look
                    uses: shell
                    effect: read
                    with:
                      command: [sh, -c, "%s; echo \\"$N\\""]
                      env: { N: "${params.name}" }
                """.formatted(EVIL.replace("\\", "\\\\").replace("\"", "\\\"")));
        HostileInputTest.tmp = tmp;
        HostileInputTest.Run run = HostileInputTest.main("exec", rb.toString(), "-p", "name=a\u001b]0;T\u0007b");
        assertThat(run.code()).as(run.toString()).isZero();
        String id;
        try (Stream<Path> s = Files.list(tmp.resolve("state/runs"))) {
            id = s.findFirst().orElseThrow().getFileName().toString();
        }
        Path md = tmp.resolve("report.md");
        String state = tmp.resolve("state").toString();
        List<HostileInputTest.Run> shown = List.of(run, HostileInputTest.main("runs", "show", id, "--state-dir", state),
                HostileInputTest.main("report", id, "--state-dir", state), HostileInputTest.main("report", id, "--state-dir", state, "-o", md.toString()));
        for (HostileInputTest.Run r : shown) {
            assertThat(r.code()).as(r.toString()).isZero();
            assertNoControl(r.out() + r.err());
        }
        assertThat(shown.get(1).out()).contains("title\\u001B]0;PWNED\\u0007 clip\\u001B]52;c;aGk=\\u0007 clear\\u001B[2J bell\\u0007 c1\\u009B tab\tend");
        assertThat(shown.get(1).out()).contains("a\\u001B]0;T\\u0007b");
        String file = Files.readString(md);
        assertNoControl(file);
        assertThat(file).contains("\\u001B]52;c;aGk=");
    }

    static void assertNoControl(String s) {
        for (char c : s.toCharArray()) {
            boolean unsafe = c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7F || c >= 0x80 && c <= 0x9F;
            assertThat(unsafe).as("raw U+%04X in:\n%s", (int) c, s).isFalse();
        }
    }
}
