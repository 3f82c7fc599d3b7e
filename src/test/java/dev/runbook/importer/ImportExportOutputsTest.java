package dev.runbook.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What import and export write, attacked: a file that cannot be written is a clear error naming it and the OS's reason
 * (it was exit 70, "internal error"); no existing file is overwritten without --force, the JSON report included (it
 * was overwritten silently); a -o that validate would refuse is refused before anything is written (it was written,
 * then called "a bug in import"); control characters in a runbook are escaped in the exported page, on the terminal
 * and in the file alike (the file held raw ESC sequences: OSC 52, window title).
 */
class ImportExportOutputsTest {
    @TempDir
    Path dir;

    static final String PAGE = """
            # Flush the cache

            ## Runbook: flush

            ```bash
            redis-cli FLUSHALL
            ```
            """;

    Cli cli() {
        return new Cli(dir, Map.of(), ImportSupport.CATALOGUE);
    }

    @Test
    void an_output_that_cannot_be_written_is_a_clear_error_not_a_bug() throws Exception {
        Files.writeString(dir.resolve("page.md"), PAGE);
        Files.writeString(dir.resolve("a-file"), "x");
        for (String[] args : new String[][] {
                {"import", "page.md", "-o", "a-file/flush.yaml"},
                {"import", "page.md", "-o", "ok/flush.yaml", "--report", "a-file/report.json"},
        }) {
            Cli.Run r = cli().run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(r.toString()).contains("cannot use", "a-file", "check the path").doesNotContain("internal error");
        }
        assertThat(cli().run("import", "page.md", "-o", "rb/flush.yaml").exitCode()).isZero();
        Cli.Run export = cli().run("export", "rb/flush.yaml", "-o", "a-file/page.md");
        assertThat(export.exitCode()).as(export.toString()).isEqualTo(2);
        assertThat(export.err()).contains("cannot use", "a-file").doesNotContain("internal error");
    }

    @Test
    void the_json_report_is_never_overwritten_without_force() throws Exception {
        Files.writeString(dir.resolve("page.md"), PAGE);
        Path keep = Files.writeString(dir.resolve("keep.json"), "{\"mine\": true}\n");
        Cli.Run r = cli().run("import", "page.md", "--report", "keep.json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("keep.json already exists", "--force");
        assertThat(Files.readString(keep)).isEqualTo("{\"mine\": true}\n");
        assertThat(dir.resolve("runbooks/flush.yaml")).as("refused before anything was written").doesNotExist();
        Cli.Run forced = cli().run("import", "page.md", "--report", "keep.json", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(keep)).contains("\"page\"");
    }

    @Test
    void an_output_name_validate_would_refuse_is_refused_first() throws Exception {
        Files.writeString(dir.resolve("page.md"), PAGE);
        Cli.Run r = cli().run("import", "page.md", "--id", "flush", "-o", "other.yaml");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("other.yaml cannot hold runbook 'flush'", "-o flush.yaml").doesNotContain("bug");
        assertThat(dir.resolve("other.yaml")).doesNotExist();
        Cli.Run odd = cli().run("import", "page.md", "-o", "draft.txt");
        assertThat(odd.exitCode()).as(odd.toString()).isEqualTo(2);
        assertThat(dir.resolve("draft.txt")).doesNotExist();
    }

    @Test
    void control_characters_in_a_runbook_are_escaped_in_the_exported_page() throws Exception {
        Path rb = Files.createDirectories(dir.resolve("runbooks")).resolve("evil.yaml");
        Files.writeString(rb, """
                runbook: evil
                title: "Evil \\e]0;PWNED\\a title"
                severity: P3
                summary: "clip \\e]52;c;aGk=\\a board"
                diagnose:
                  - id: look
                    title: Look
                    uses: shell
                    effect: read
                    with:
                      command: [echo, "a\\rb"]
                """);
        Cli.Run out = cli().run("export", "evil");
        assertThat(out.exitCode()).as(out.toString()).isZero();
        Cli.Run file = cli().run("export", "evil", "-o", "page.md");
        assertThat(file.exitCode()).as(file.toString()).isZero();
        String page = Files.readString(dir.resolve("page.md"));
        for (String text : new String[] {out.out(), page}) {
            assertThat(text).contains("Evil \\u001B]0;PWNED\\u0007 title", "clip \\u001B]52;c;aGk=\\u0007 board");
            assertThat(text.chars().filter(c -> c < 0x20 && c != '\n' && c != '\t').count()).as(text).isZero();
        }
        Cli.Run again = cli().run("export", "evil", "-o", "page.md");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("page.md already exists");
    }
}
