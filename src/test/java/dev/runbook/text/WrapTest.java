package dev.runbook.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WrapTest {

    @Test
    void a_command_to_type_is_never_split_over_two_lines() {
        String id = "20261207-122603-interrupt-local-3b7b";
        List<String> lines = Wrap.words("interrupted; the journal is complete. Continue with: runbook resume " + id, 60, "  ", "    ");
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("runbook resume " + id));
        assertThat(lines).allSatisfy(l -> assertThat(l.strip()).isNotEqualTo(id));
    }

    @Test
    void a_command_wider_than_the_line_overflows_instead_of_being_cut() {
        String id = "x".repeat(70);
        List<String> lines = Wrap.words("read the journal: runbook runs show " + id, 40, "", "  ");
        assertThat(lines).contains("  runbook runs show " + id);
    }

    @Test
    void prose_still_wraps_and_a_long_word_is_still_cut() {
        assertThat(Wrap.words("one two three four five six seven eight nine ten eleven twelve", 40, "", "  "))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40)).hasSizeGreaterThan(1);
        assertThat(Wrap.words("runbook is a word here: " + "y".repeat(100), 40, "", "")).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
    }
}
