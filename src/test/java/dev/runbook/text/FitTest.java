package dev.runbook.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitTest {
    @Test
    void a_line_that_fits_is_kept_as_written() {
        assertThat(Fit.line("a  b   c", 80)).containsExactly("a  b   c");
        assertThat(Fit.line("x".repeat(200), 0)).containsExactly("x".repeat(200));
    }

    @Test
    void a_long_last_column_goes_on_under_itself_between_words() {
        String line = "aws-database-backup             P2   4/2/1/0   Manual database backup before a deployment (Aurora snapshot + DynamoDB backup)";
        List<String> out = Fit.line(line, 80);
        assertThat(out).allMatch(l -> l.length() <= 80);
        assertThat(out.get(0)).startsWith("aws-database-backup             P2   4/2/1/0   Manual database");
        assertThat(out.subList(1, out.size())).allMatch(l -> l.startsWith(" ".repeat(47)) && !l.startsWith(" ".repeat(48)));
        assertThat(String.join(" ", out).replaceAll("\\s+", " ")).isEqualTo(line.replaceAll("\\s+", " "));
    }

    @Test
    void without_a_column_it_hangs_two_under_its_indent_and_colour_takes_no_room() {
        String red = "\u001b[31m";
        String line = "    " + red + "word\u001b[0m " + "lorem ipsum dolor sit amet ".repeat(5).strip();
        List<String> out = Fit.line(line, 50);
        assertThat(out).allMatch(l -> Fit.visible(l) <= 50);
        assertThat(out.get(1)).startsWith("      ").doesNotStartWith("       ");
        assertThat(out.get(0)).contains(red + "word");
    }

    @Test
    void a_word_wider_than_the_line_is_never_cut_it_overflows_on_its_own_line() {
        String url = "https://docs.aws.amazon.com/" + "z".repeat(80) + ".html";
        List<String> out = Fit.line("  key:  see " + url + " end", 60);
        assertThat(out).containsExactly("  key:  see", "        " + url, "        end");
    }

    @Test
    void a_column_gap_inside_the_text_stays_two_wide_while_it_stays_on_the_line() {
        List<String> out = Fit.line("  recoveryTable    string · default fintech-sessions-recovery  new table to restore into and more words", 70);
        assertThat(out.get(0)).contains("fintech-sessions-recovery  new");
    }

    @Test
    void a_coloured_label_still_makes_a_column() {
        String line = "        \u001b[2mconfirm:\u001b[0m    Users see errors for about 30 s while ${params.app} restarts the app.";
        List<String> out = Fit.line(line, 80);
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).startsWith(" ".repeat(20)).doesNotStartWith(" ".repeat(21));
    }

    @Test
    void the_writer_fits_whole_lines_and_passes_a_line_open_at_a_flush() {
        StringWriter sink = new StringWriter();
        PrintWriter w = Fit.writer(new PrintWriter(sink), 40);
        w.println("ID  " + "word ".repeat(20).strip());
        w.print("prompt: ");
        w.flush();
        w.println("answer " + "x ".repeat(30).strip());
        w.flush();
        List<String> lines = sink.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("ID  word");
        assertThat(lines.get(1)).startsWith("    word");
        assertThat(lines).filteredOn(l -> l.startsWith("prompt")).singleElement().satisfies(l -> assertThat(l.length()).isGreaterThan(40));
    }
}
