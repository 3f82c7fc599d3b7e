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

    /**
     * A lone carriage return (or a backspace) from a parameter, a program's output or an error message would put the
     * cursor back and let what follows write over what the operator was shown ("drop table" shown as "select 1"):
     * escaped at every sink, the run's display, its error messages, {@code runs show}, {@code report} (terminal and
     * file). A program's output is read line by line, so its CRLF endings and its lone CRs (progress counters) end
     * lines: nothing in it can go back over an earlier line either.
     */
    @Test
    void a_carriage_return_from_data_never_writes_over_earlier_text() throws Exception {
        Path rb = tmp.resolve("cr.yaml");
        Files.writeString(rb, """
                runbook: cr
                title: Prints carriage returns
                severity: P3
                summary: prints carriage returns
                parameters:
                  name: { type: string, default: x }
                  count: { type: int, default: 1 }
                  url: { type: string, default: "http://127.0.0.1:9/" }
                diagnose:
                  - id: look
                    title: Look
                    uses: shell
                    effect: read
                    with:
                      command: [sh, -c, "printf 'rm -rf /\\\\rls -la   \\\\r\\\\nwin\\\\r\\\\nback\\\\b\\\\b\\\\b\\\\bhid\\\\n'; echo \\"$N\\""]
                      env: { N: "${params.name}" }
                  - id: fetch
                    title: Fetch
                    uses: http.check
                    effect: read
                    with:
                      url: "${params.url}"
                """);
        HostileInputTest.tmp = tmp;
        HostileInputTest.Run run = HostileInputTest.main("exec", rb.toString(), "-p", "name=drop table\rselect 1", "-p", "url=http://x\rOK");
        assertThat(run.code()).as(run.toString()).isNotZero().isNotEqualTo(70);
        String id;
        try (Stream<Path> s = Files.list(tmp.resolve("state/runs"))) {
            id = s.findFirst().orElseThrow().getFileName().toString();
        }
        Path md = tmp.resolve("report.md");
        String state = tmp.resolve("state").toString();
        HostileInputTest.Run show = HostileInputTest.main("runs", "show", id, "--state-dir", state);
        HostileInputTest.Run report = HostileInputTest.main("report", id, "--state-dir", state);
        HostileInputTest.Run toFile = HostileInputTest.main("report", id, "--state-dir", state, "-o", md.toString());
        // a usage error quoting a parameter: messages are a sink too
        HostileInputTest.Run usage = HostileInputTest.main("exec", rb.toString(), "-p", "count=12\rOK");
        assertThat(usage.code()).as(usage.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("12\\u000DOK");
        for (HostileInputTest.Run r : List.of(run, show, report, toFile, usage)) {
            assertThat(r.code()).as(r.toString()).isNotEqualTo(70);
            assertNoControl(r.out() + r.err());
        }
        String file = Files.readString(md);
        assertNoControl(file);
        for (String shown : List.of(run.out() + run.err(), show.out(), report.out(), file)) {
            assertThat(shown).as(shown).contains("drop table\\u000Dselect 1").contains("http://x\\u000DOK");
        }
        // the program's output: its lines, each shown; backspaces escaped
        assertThat(run.out()).contains("│ ls -la\n").contains("│ win\n").contains("back\\u0008\\u0008\\u0008\\u0008hid");
        assertThat(show.out()).contains("stdout: rm -rf / …");
    }

    static void assertNoControl(String s) {
        for (char c : s.toCharArray()) {
            boolean unsafe = c < 0x20 && c != '\n' && c != '\t' || c == 0x7F || c >= 0x80 && c <= 0x9F;
            assertThat(unsafe).as("raw U+%04X in:\n%s", (int) c, s).isFalse();
        }
    }
}
