package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random programs from the grammar (and random junk) may fail, but only ever with an ExprException. */
class ExprPropertyTest {
    private static final String[] ATOMS = {
        "1", "0", "-3", "2.5", "0.0", "'a'", "\"b c\"", "''", "true", "false", "null", "[]", "{}", "[1, 'x']",
        "{'k': 1}", "params.app", "params.replicas", "params.ratio", "params.zones", "params.sizes", "params.nothing",
        "steps.app.outputs", "steps.app.outputs.count", "steps['scale-out'].before.workers", "run.dryRun", "env",
        "steps.app.outputs.missing", "nope", "9223372036854775807", "x"
    };
    private static final String[] BINARY = {"||", "&&", "==", "!=", "<", "<=", ">", ">=", "in", "+", "-", "*", "/", "%"};
    private static final String[] CALLS = {"size", "contains", "startsWith", "endsWith", "matches", "lowerAscii",
        "upperAscii", "trim", "split", "replace", "join", "int", "double", "string", "nosuch"};
    private static final String[] MACROS = {"all", "exists", "exists_one", "filter", "map"};

    private final Random random = new Random(20240611L);

    private String gen(int depth) {
        if (depth <= 0) return ATOMS[random.nextInt(ATOMS.length)];
        return switch (random.nextInt(10)) {
            case 0, 1 -> gen(depth - 1) + " " + BINARY[random.nextInt(BINARY.length)] + " " + gen(depth - 1);
            case 2 -> (random.nextBoolean() ? "!" : "-") + gen(depth - 1);
            case 3 -> gen(depth - 1) + " ? " + gen(depth - 1) + " : " + gen(depth - 1);
            case 4 -> "(" + gen(depth - 1) + ")." + CALLS[random.nextInt(CALLS.length)] + "(" + args(depth) + ")";
            case 5 -> CALLS[random.nextInt(CALLS.length)] + "(" + args(depth) + ")";
            case 6 -> "(" + gen(depth - 1) + ")[" + gen(depth - 1) + "]";
            case 7 -> "(" + gen(depth - 1) + ")." + MACROS[random.nextInt(MACROS.length)] + "(x, " + gen(depth - 1) + ")";
            case 8 -> "[" + gen(depth - 1) + ", " + gen(depth - 1) + "]";
            default -> "has(" + gen(depth - 1).replaceAll("[^a-z.]", "") + "a.b)";
        };
    }

    private String args(int depth) {
        int n = random.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(gen(depth - 1));
        }
        return sb.toString();
    }

    @Test
    void random_programs_fail_only_with_expr_exceptions() {
        Map<String, Object> scope = Fixtures.scope();
        Type.Obj type = Fixtures.type();
        int evaluated = 0;
        int checked = 0;
        for (int i = 0; i < 3000; i++) {
            String src = gen(1 + random.nextInt(4));
            Expr expr;
            try {
                expr = Expr.parse(src);
            } catch (ExprException e) {
                assertOffsetWithin(e, src);
                continue;
            } catch (Throwable t) {
                throw new AssertionError("parse threw " + t + " for: " + src, t);
            }
            try {
                expr.check(type);
                checked++;
            } catch (ExprException e) {
                assertOffsetWithin(e, src);
            } catch (Throwable t) {
                throw new AssertionError("check threw " + t + " for: " + src, t);
            }
            try {
                expr.evaluate(scope);
                evaluated++;
            } catch (ExprException e) {
                assertOffsetWithin(e, src);
            } catch (Throwable t) {
                throw new AssertionError("evaluate threw " + t + " for: " + src, t);
            }
        }
        assertThat(evaluated).as("some random programs evaluate").isGreaterThan(100);
        assertThat(checked).as("some random programs type-check").isGreaterThan(100);
    }

    @Test
    void random_junk_fails_only_with_expr_exceptions() {
        String alphabet = "ab.[]()'\"\\${}!-+*/%<>=&|?:,0123456789 \nux_rR";
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(30);
            for (int j = 0; j < len; j++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String src = sb.toString();
            try {
                Expr.parse(src).evaluate(Fixtures.scope());
            } catch (ExprException e) {
                assertOffsetWithin(e, src);
            } catch (Throwable t) {
                fail("expression threw " + t + " for: " + src, t);
            }
            try {
                Template.parse(src).render(Fixtures.scope());
            } catch (ExprException e) {
                assertOffsetWithin(e, src);
            } catch (Throwable t) {
                fail("template threw " + t + " for: " + src, t);
            }
        }
    }

    private static void assertOffsetWithin(ExprException e, String src) {
        assertThat(e.offset()).as("offset of '%s' in %s", e.getMessage(), src).isBetween(0, src.length());
        assertThat(e.getMessage()).doesNotContain("internal error").doesNotContain("Exception");
    }
}
