package dev.runbook.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

class ControlCharsTest {
    static String through(String... writes) throws Exception {
        StringWriter sw = new StringWriter();
        Writer w = ControlChars.terminalSafe(sw);
        for (String s : writes) w.write(s);
        w.close();
        return sw.toString();
    }

    @Test
    void escape_keeps_newline_and_tab_and_shows_the_rest() {
        assertThat(ControlChars.escape("a\tb\nc\u001b]52;c;x\u0007d\u009b\u007f\r"))
                .isEqualTo("a\tb\nc\\u001B]52;c;x\\u0007d\\u009B\\u007F\\u000D");
        assertThat(ControlChars.escape("plain ✓")).isEqualTo("plain ✓");
    }

    @Test
    void the_terminal_writer_passes_colours_and_the_carriage_return_only() throws Exception {
        assertThat(through("\u001b[1;31mred\u001b[0m\r")).isEqualTo("\u001b[1;31mred\u001b[0m\r");
        assertThat(through("\u001b[2J\u001b]0;title\u0007")).isEqualTo("\\u001B[2J\\u001B]0;title\\u0007");
        assertThat(through("\u001b[38;5;", "12m x")).isEqualTo("\u001b[38;5;12m x");
        assertThat(through("end\u001b")).isEqualTo("end\\u001B");
        assertThat(through("\u001b\u001b[0m")).isEqualTo("\\u001B\u001b[0m");
    }
}
