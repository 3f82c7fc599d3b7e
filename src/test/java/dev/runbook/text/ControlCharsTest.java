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
    void the_terminal_writer_passes_colours_only() throws Exception {
        assertThat(through("\u001b[1;31mred\u001b[0m")).isEqualTo("\u001b[1;31mred\u001b[0m");
        assertThat(through("\u001b[2J\u001b]0;title\u0007")).isEqualTo("\\u001B[2J\\u001B]0;title\\u0007");
        assertThat(through("\u001b[38;5;", "12m x")).isEqualTo("\u001b[38;5;12m x");
        assertThat(through("end\u001b")).isEqualTo("end\\u001B");
        assertThat(through("\u001b\u001b[0m")).isEqualTo("\\u001B\u001b[0m");
    }

    @Test
    void a_carriage_return_from_data_cannot_write_over_what_was_printed() throws Exception {
        // "rm -rf /" hidden behind a harmless-looking text: the terminal would show only "ls -la   "
        assertThat(through("rm -rf /\rls -la   \n")).isEqualTo("rm -rf /\\u000Dls -la   \n");
        assertThat(through("end\r")).isEqualTo("end\\u000D");
        assertThat(through("a\r", "b")).isEqualTo("a\\u000Db");
        assertThat(through("a\r\r\nb")).isEqualTo("a\\u000D\nb");
        // the other characters that move the cursor back or away: backspace, vertical tab, form feed, cursor movement
        assertThat(through("secret\b\b\b\b\b\bpublic\u000b\f\u001b[1A\u001b[10D\u001b[H"))
                .isEqualTo("secret\\u0008\\u0008\\u0008\\u0008\\u0008\\u0008public\\u000B\\u000C\\u001B[1A\\u001B[10D\\u001B[H");
        assertThat(ControlChars.escape("rm -rf /\rls")).isEqualTo("rm -rf /\\u000Dls");
    }

    @Test
    void crlf_line_endings_are_plain_line_breaks() throws Exception {
        assertThat(through("one\r\ntwo\r\n")).isEqualTo("one\ntwo\n");
        assertThat(through("one\r", "\ntwo")).isEqualTo("one\ntwo");
        assertThat(ControlChars.escape("one\r\ntwo\r\n")).isEqualTo("one\ntwo\n");
    }

    @Test
    void a_flush_shows_a_held_carriage_return() throws Exception {
        StringWriter sw = new StringWriter();
        Writer w = ControlChars.terminalSafe(sw);
        w.write("50%\r");
        w.flush();
        assertThat(sw.toString()).isEqualTo("50%\\u000D");
        w.write("\n");
        w.flush();
        assertThat(sw.toString()).isEqualTo("50%\\u000D\n");
    }

    @Test
    void only_our_own_line_start_returns_the_cursor() throws Exception {
        String ls = ControlChars.LINE_START;
        assertThat(through("spinner" + ls + "       " + ls + "next")).isEqualTo("spinner\r       \rnext");
        // split anywhere across writes
        for (int i = 1; i < ls.length(); i++) {
            assertThat(through("a" + ls.substring(0, i), ls.substring(i) + "b")).isEqualTo("a\rb");
        }
        // a look-alike with another number is text
        String other = "\u001b[" + "1".repeat(ls.length() - 3) + "r";
        assertThat(other).isNotEqualTo(ls);
        assertThat(through(other)).isEqualTo("\\u001B[" + "1".repeat(ls.length() - 3) + "r");
        assertThat(through("\u001b[r")).isEqualTo("\\u001B[r");
    }
}
