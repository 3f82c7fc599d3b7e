package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RootHelpTest {
    static final Path DIR = Path.of("src/main/resources/dev/runbook/cli");

    @Test
    void committed_root_help_is_what_picocli_renders_now() throws IOException {
        String hint = "stale pre-rendered help: run 'mvn -o -B -q -DskipTests package' and commit src/main/resources/dev/runbook/cli";
        assertThat(Files.readString(DIR.resolve(RootHelp.PLAIN))).as(hint).isEqualTo(RootHelp.render(false));
        assertThat(Files.readString(DIR.resolve(RootHelp.ANSI))).as(hint).isEqualTo(RootHelp.render(true));
    }

    @Test
    void plain_text_without_a_terminal_or_with_no_color() {
        assertThat(RootHelp.prerendered(Map.of(), "--help")).hasValue(RootHelp.render(false));
        assertThat(RootHelp.prerendered(Map.of("NO_COLOR", "1"), "-h")).hasValue(RootHelp.render(false));
        assertThat(RootHelp.render(true)).contains("\u001B[");
        assertThat(RootHelp.render(false)).doesNotContain("\u001B[").contains("Usage: runbook").contains("rehearse");
    }

    @Test
    void only_a_bare_help_request_takes_the_shortcut() {
        assertThat(RootHelp.asked("--help")).isTrue();
        assertThat(RootHelp.asked("-h", "--no-color")).isTrue();
        assertThat(RootHelp.asked()).isFalse();
        assertThat(RootHelp.asked("exec", "--help")).isFalse();
        assertThat(RootHelp.asked("--help", "--debug")).isFalse();
        assertThat(RootHelp.asked("--version")).isFalse();
    }
}
