package dev.runbook.expr;

import java.util.List;
import java.util.Map;

/**
 * A string with {@code ${...}} expressions. {@code $${} writes a literal {@code ${}. A string that is
 * exactly one {@code ${expr}} renders to the expression's value with its type (a number stays a number);
 * anything else renders to a String.
 */
public final class Template {
    /** A piece of a template; {@code offset} is where it starts in the template text (for an expression: after "${"). */
    public sealed interface Part permits Literal, Embedded {
        int offset();
    }

    public record Literal(String text, int offset) implements Part {}

    public record Embedded(Expr expr, int offset) implements Part {}

    private Template() {}

    public static Template parse(String text) throws ExprException {
        throw new IllegalStateException("expression engine not built yet");
    }

    public String text() {
        throw new IllegalStateException("expression engine not built yet");
    }

    public List<Part> parts() {
        throw new IllegalStateException("expression engine not built yet");
    }

    /** True when there is no expression at all. */
    public boolean isLiteral() {
        throw new IllegalStateException("expression engine not built yet");
    }

    /** True when the whole text is exactly one ${expr}. */
    public boolean isSingleExpression() {
        throw new IllegalStateException("expression engine not built yet");
    }

    public List<Expr> expressions() {
        throw new IllegalStateException("expression engine not built yet");
    }

    /** References of every embedded expression, offsets relative to the template text. */
    public List<Reference> references() {
        throw new IllegalStateException("expression engine not built yet");
    }

    /** Type-checks each expression; errors carry offsets relative to the template text. Returns STRING, or the single expression's type. */
    public Type check(Type.Obj scope) throws ExprException {
        throw new IllegalStateException("expression engine not built yet");
    }

    public Object render(Map<String, Object> scope) throws ExprException {
        throw new IllegalStateException("expression engine not built yet");
    }
}
