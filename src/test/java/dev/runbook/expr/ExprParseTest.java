package dev.runbook.expr;

import static dev.runbook.expr.Fixtures.eval;
import static dev.runbook.expr.Fixtures.parseError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExprParseTest {

    @Test
    void parses_literals_of_every_kind() throws Exception {
        assertThat(eval("'single'")).isEqualTo("single");
        assertThat(eval("\"double\"")).isEqualTo("double");
        assertThat(eval("42")).isEqualTo(42L);
        assertThat(eval("0x1F")).isEqualTo(31L);
        assertThat(eval("2.5")).isEqualTo(2.5);
        assertThat(eval("1e3")).isEqualTo(1000.0);
        assertThat(eval("1.5e-2")).isEqualTo(0.015);
        assertThat(eval("true")).isEqualTo(true);
        assertThat(eval("false")).isEqualTo(false);
        assertThat(eval("null")).isNull();
        assertThat(eval("[1, 'a', [true]]")).isEqualTo(List.of(1L, "a", List.of(true)));
        assertThat(eval("[1, 2,]")).isEqualTo(List.of(1L, 2L));
        assertThat(eval("[]")).isEqualTo(List.of());
        assertThat(eval("{'a': 1, \"b\": [2]}")).isEqualTo(Map.of("a", 1L, "b", List.of(2L)));
        assertThat(eval("{}")).isEqualTo(Map.of());
    }

    @Test
    void decodes_string_escapes() throws Exception {
        assertThat(eval("'it\\'s'")).isEqualTo("it's");
        assertThat(eval("\"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
        assertThat(eval("'a\\\\b'")).isEqualTo("a\\b");
        assertThat(eval("'l1\\nl2\\tx'")).isEqualTo("l1\nl2\tx");
        assertThat(eval("'\\u00e9\\x41'")).isEqualTo("éA");
        assertThat(eval("'\\U0001F600'")).isEqualTo("\uD83D\uDE00");
        assertThat(eval("r'\\d+'")).isEqualTo("\\d+");
        assertThat(eval("'''multi\nline'''")).isEqualTo("multi\nline");
        assertThat(eval("'a\"b'")).isEqualTo("a\"b");
    }

    @Test
    void negative_numbers_include_the_smallest_long() throws Exception {
        assertThat(eval("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(eval("-2.5")).isEqualTo(-2.5);
        assertThat(eval("- -3")).isEqualTo(3L);
        assertThat(parseError("9223372036854775808").getMessage()).contains("too large");
    }

    @Test
    void follows_cel_precedence() throws Exception {
        assertThat(eval("1 + 2 * 3")).isEqualTo(7L);
        assertThat(eval("(1 + 2) * 3")).isEqualTo(9L);
        assertThat(eval("10 - 4 - 3")).isEqualTo(3L);
        assertThat(eval("20 / 2 / 5")).isEqualTo(2L);
        assertThat(eval("7 % 4 * 2")).isEqualTo(6L);
        assertThat(eval("true || false && false")).isEqualTo(true);
        assertThat(eval("(true || false) && false")).isEqualTo(false);
        assertThat(eval("1 + 1 == 2 && 3 > 2")).isEqualTo(true);
        assertThat(eval("!false && true")).isEqualTo(true);
        assertThat(eval("-2 * -2")).isEqualTo(4L);
        assertThat(eval("false ? 1 : true ? 2 : 3")).isEqualTo(2L);
        assertThat(eval("true ? 1 : 2 + 10")).isEqualTo(1L);
        assertThat(eval("1 < 2 == true")).isEqualTo(true);
        assertThat(eval("'a' in ['a'] && true")).isEqualTo(true);
        assertThat(eval("-params.replicas")).isEqualTo(-3L);
        assertThat(eval("!!true")).isEqualTo(true);
    }

    @Test
    void allows_comments_and_line_breaks() throws Exception {
        assertThat(eval("1 +\n  2 // three\n")).isEqualTo(3L);
    }

    @Test
    void reports_syntax_errors_with_offsets() {
        ExprException e = parseError("params.app == ");
        assertThat(e.getMessage()).contains("ends where a value was expected");
        assertThat(e.offset()).isEqualTo(14);

        e = parseError("(1 + 2");
        assertThat(e.getMessage()).isEqualTo("expected ')' but found end of expression");
        assertThat(e.offset()).isEqualTo(6);
        assertThat(e.hint()).contains("offset 0");

        e = parseError("params.app = 'x'");
        assertThat(e.offset()).isEqualTo(11);
        assertThat(e.hint()).contains("==");

        e = parseError("a & b");
        assertThat(e.hint()).contains("&&");

        e = parseError("a and b");
        assertThat(e.offset()).isEqualTo(2);
        assertThat(e.hint()).contains("&&");

        e = parseError("'open");
        assertThat(e.getMessage()).isEqualTo("unterminated string");
        assertThat(e.offset()).isEqualTo(0);

        e = parseError("1 + #");
        assertThat(e.getMessage()).isEqualTo("unexpected character '#'");
        assertThat(e.offset()).isEqualTo(4);

        e = parseError("'\\q'");
        assertThat(e.getMessage()).contains("unknown escape \\q");
        assertThat(e.hint()).contains("r'...'");

        e = parseError("1)");
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.hint()).contains("no matching opening");

        e = parseError("items.0");
        assertThat(e.hint()).isEqualTo("use index syntax for list elements: items[0]");

        e = parseError("${params.app}");
        assertThat(e.hint()).contains("without ${...}");

        e = parseError("1u");
        assertThat(e.getMessage()).contains("unsigned");

        e = parseError("params.in");
        assertThat(e.getMessage()).contains("keyword");
        assertThat(e.hint()).contains("['in']");

        e = parseError("if");
        assertThat(e.getMessage()).contains("reserved");
    }

    @Test
    void rejects_empty_and_missing_expressions() {
        assertThat(parseError("").getMessage()).isEqualTo("expression is empty");
        assertThat(parseError("   ").getMessage()).isEqualTo("expression is empty");
        assertThat(parseError(null).getMessage()).isEqualTo("expression is missing");
    }

    @Test
    void rejects_macros_without_a_variable() {
        ExprException e = parseError("params.zones.exists('a', true)");
        assertThat(e.getMessage()).contains("must be a variable name");
        assertThat(e.offset()).isEqualTo(20);
        e = parseError("has(params)");
        assertThat(e.getMessage()).contains("field selection");
    }

    @Test
    void hints_index_syntax_for_hyphenated_step_ids_in_numbers() {
        ExprException e = parseError("steps.scale-2x.outputs");
        assertThat(e.getMessage()).contains("invalid number '2x'");
        assertThat(e.hint()).contains("steps['scale-2x']");
    }

    @Test
    void rejects_long_input_quickly() {
        String huge = "1 + ".repeat(250_000) + "1";
        long start = System.nanoTime();
        ExprException e = parseError(huge);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.getMessage()).contains("the limit is 4096");
        assertThat(e.offset()).isEqualTo(4096);
        assertThat(millis).isLessThan(50);
    }

    @Test
    void rejects_deep_nesting_without_overflowing_the_stack() {
        String deep = "(".repeat(1000) + "1" + ")".repeat(1000);
        ExprException e = parseError(deep);
        assertThat(e.getMessage()).contains("nests too deeply");
        assertThat(parseError("[".repeat(100) + "]".repeat(100)).getMessage()).contains("nests too deeply");
        assertThat(parseError("!".repeat(1000) + "true").getMessage()).contains("too complex");
        assertThat(parseError("1" + " + 1".repeat(800)).getMessage()).contains("too complex");
        assertThat(parseError("a" + ".b".repeat(1000)).getMessage()).contains("too complex");
    }

    @Test
    void accepts_nesting_up_to_the_limit() throws Exception {
        assertThat(eval("(".repeat(60) + "1" + ")".repeat(60))).isEqualTo(1L);
        assertThat(eval("1" + " + 1".repeat(150))).isEqualTo(151L);
    }

    @Test
    void source_is_kept() throws Exception {
        assertThat(Expr.parse(" params.app ").source()).isEqualTo(" params.app ");
        assertThat(Expr.parse("params.app")).hasToString("params.app");
    }
}
