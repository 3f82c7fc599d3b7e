package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser builds plain selection chains ({@code params.app}, {@code steps['x'].before.y}) without tokens, and
 * templates are split by searching for "${": both must give exactly what the general code gives, trees, offsets
 * and errors included.
 */
class ParseShortcutTest {
    private static final String[] PIECES = {
        "params", "steps", "run", "env", "app", "a", "x1", "_", "r", "b", "in", "true", "false", "null", "if", "package",
        "namespace", "outputs", ".", ".", ".", "[", "]", "'", "\"", "'k'", "'scale-out'", "\"q\"", "''", "'''", "\\", "\\n",
        "\n", " ", "(", ")", "1", "0x", "-", "==", "$", "${", "}", "{", "é", "//", "\t"
    };

    private final Random random = new Random(20240612L);

    private String chainish() {
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(4) > 0) sb.append(PIECES[random.nextInt(4)]);
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(4)) {
                case 0 -> sb.append('.').append(PIECES[4 + random.nextInt(14)]);
                case 1 -> sb.append("['").append(PIECES[random.nextInt(PIECES.length)]).append("']");
                default -> sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return sb.toString();
    }

    private static String outcome(String src, boolean shortcut) {
        try {
            return "tree " + Parser.parse(src, shortcut);
        } catch (ExprException e) {
            return "error " + e.getMessage() + " @" + e.offset() + " hint " + e.hint();
        }
    }

    @Test
    void selection_chains_parse_exactly_as_the_parser_parses_them() {
        List<String> samples = new ArrayList<>(List.of("params.app", "steps.app.outputs.state", "steps['scale-out'].before.desiredCount",
                "steps[\"a\"].b", "run.id", "env.PAGER_TEAM", "a.in", "a.true", "true.a", "in.a", "null", "a.package", "package.a",
                "a['']", "a[''']", "a['\\'']", "a['x'", "a['x']b", "a.", "a..b", "a.1", "a.b(", "r'x'", "a ['x']", "a[ 'x']", "x"));
        samples.add("a" + ".b".repeat(40));
        samples.add("a" + ".b".repeat(250));
        samples.add("a" + "['b']".repeat(31));
        for (int i = 0; i < 50_000; i++) samples.add(chainish());
        int shortcut = 0;
        for (String src : samples) {
            if (src.isBlank()) continue;
            assertThat(outcome(src, true)).as("source %s", src).isEqualTo(outcome(src, false));
            if (outcome(src, true).startsWith("tree")) shortcut++;
        }
        assertThat(shortcut).as("trees compared").isGreaterThan(1000);
    }

    /** The splitting the template parser did before it searched for "${": one character at a time. */
    private static String reference(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int literalStart = 0;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                if (literal.length() > 0) parts.add("L" + literalStart + ":" + literal);
                literal.setLength(0);
                Template one;
                try {
                    one = Template.parse(text.substring(i));
                } catch (ExprException e) {
                    return "error " + e.getMessage() + " @" + (e.offset() + i);
                }
                Template.Embedded e = (Template.Embedded) one.parts().get(0);
                parts.add("E" + (e.offset() + i) + ":" + e.expr().source());
                i = e.offset() + i + e.expr().source().length() + 1;
                literalStart = i;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (literal.length() > 0 || parts.isEmpty()) parts.add("L" + literalStart + ":" + literal);
        return parts.toString();
    }

    private static String split(String text) {
        try {
            List<String> parts = new ArrayList<>();
            for (Template.Part p : Template.parse(text).parts()) {
                parts.add(p instanceof Template.Literal l ? "L" + l.offset() + ":" + l.text()
                        : "E" + p.offset() + ":" + ((Template.Embedded) p).expr().source());
            }
            return parts.toString();
        } catch (ExprException e) {
            return "error " + e.getMessage() + " @" + e.offset();
        }
    }

    @Test
    void templates_split_as_one_character_at_a_time() {
        String[] pieces = {"$", "$", "${", "$${", "}", "{", "a", "x.y", " ", "'", "params.app", "-web"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int k = 0; k < n; k++) sb.append(pieces[random.nextInt(pieces.length)]);
            String text = sb.toString();
            assertThat(split(text)).as("template %s", text).isEqualTo(reference(text));
        }
    }
}
