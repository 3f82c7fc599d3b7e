package dev.runbook.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A string with {@code ${...}} expressions. {@code $${} writes a literal {@code ${}. A string that is
 * exactly one {@code ${expr}} renders to the expression's value with its type (a number stays a number);
 * anything else renders to a String: strings as they are, numbers as CEL's {@code string()} writes them
 * (a double without a trailing ".0"), lists and maps as JSON; a null value is an error, because an empty
 * string silently standing in for a missing value is the wrong default in a runbook.
 */
public final class Template {
    /** A piece of a template; {@code offset} is where it starts in the template text (for an expression: after "${"). */
    public sealed interface Part permits Literal, Embedded {
        int offset();
    }

    public record Literal(String text, int offset) implements Part {}

    public record Embedded(Expr expr, int offset) implements Part {}

    private final String text;
    private final List<Part> parts;

    private Template(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** Cheap test whether {@code text} needs {@link #parse} at all (it contains "${", possibly escaped as "$${"). */
    public static boolean isTemplate(String text) {
        return text != null && text.contains("${");
    }

    public static Template parse(String text) throws ExprException {
        if (text == null) throw new ExprException("template text is missing", 0, null);
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int literalStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            // the text up to the next "${" is literal; a '$' right before it makes it the escape "$${"
            int open = text.indexOf("${", i);
            if (open < 0) {
                literal.append(text, i, n);
                break;
            }
            if (open > i && text.charAt(open - 1) == '$') {
                literal.append(text, i, open - 1).append("${");
                i = open + 2;
                continue;
            }
            literal.append(text, i, open);
            i = open;
            if (literal.length() > 0) parts.add(new Literal(literal.toString(), literalStart));
            literal.setLength(0);
            int start = i + 2;
            int end = closingBrace(text, i);
            String source = text.substring(start, end);
            if (source.isBlank()) {
                throw new ExprException("empty ${} in text", i, "write an expression inside, or $${ for a literal ${");
            }
            try {
                parts.add(new Embedded(Expr.parse(source), start));
            } catch (ExprException e) {
                throw e.shifted(start);
            }
            i = end + 1;
            literalStart = i;
        }
        if (literal.length() > 0 || parts.isEmpty()) parts.add(new Literal(literal.toString(), literalStart));
        return new Template(text, parts);
    }

    /** The index of the '}' closing the "${" at {@code open}, skipping string literals and nested braces. */
    private static int closingBrace(String text, int open) throws ExprException {
        int depth = 0;
        int i = open + 2;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                boolean raw = i > 0 && (text.charAt(i - 1) == 'r' || text.charAt(i - 1) == 'R')
                        && (i < 2 || !Lexer.isIdentPart(text.charAt(i - 2)));
                boolean triple = text.startsWith(String.valueOf(c).repeat(3), i);
                i = skipString(text, i, c, raw, triple);
                continue;
            }
            if (c == '{') depth++;
            if (c == '}') {
                if (depth == 0) return i;
                depth--;
            }
            i++;
        }
        throw new ExprException("unterminated ${ in text", open, "close the expression with }, or write $${ for a literal ${");
    }

    private static int skipString(String text, int quoteAt, char quote, boolean raw, boolean triple) throws ExprException {
        String close = triple ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
        int i = quoteAt + close.length();
        while (i < text.length()) {
            if (!raw && text.charAt(i) == '\\') {
                i += 2;
            } else if (text.startsWith(close, i)) {
                return i + close.length();
            } else {
                i++;
            }
        }
        throw new ExprException("unterminated string inside ${...}", quoteAt, "close it with " + quote);
    }

    public String text() {
        return text;
    }

    public List<Part> parts() {
        return parts;
    }

    /** True when there is no expression at all. */
    public boolean isLiteral() {
        for (Part p : parts) if (p instanceof Embedded) return false;
        return true;
    }

    /** True when the whole text is exactly one ${expr}. */
    public boolean isSingleExpression() {
        return parts.size() == 1 && parts.get(0) instanceof Embedded && text.startsWith("${") && text.endsWith("}");
    }

    public List<Expr> expressions() {
        List<Expr> out = new ArrayList<>();
        for (Part p : parts) if (p instanceof Embedded e) out.add(e.expr());
        return out;
    }

    /** References of every embedded expression, offsets relative to the template text. */
    public List<Reference> references() {
        List<Reference> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Embedded e) for (Reference r : e.expr().references()) out.add(r.shifted(e.offset()));
        }
        return out;
    }

    /** Type-checks each expression; errors carry offsets relative to the template text. Returns STRING, or the single expression's type. */
    public Type check(Type.Obj scope) throws ExprException {
        Type single = null;
        for (Part p : parts) {
            if (p instanceof Embedded e) {
                try {
                    single = e.expr().check(scope);
                } catch (ExprException ex) {
                    throw ex.shifted(e.offset());
                }
                if (!isSingleExpression() && Checker.isKind(single, Type.Kind.NULL)) {
                    throw new ExprException("${" + e.expr().source() + "} is always null and cannot be written into text",
                            e.offset(), null);
                }
            }
        }
        return isSingleExpression() ? single : Type.STRING;
    }

    public Object render(Map<String, Object> scope) throws ExprException {
        if (isSingleExpression()) return evaluate((Embedded) parts.get(0), scope);
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                sb.append(l.text());
            } else {
                Embedded e = (Embedded) p;
                Object v = evaluate(e, scope);
                if (v == null) {
                    throw new ExprException("${" + e.expr().source() + "} is null and cannot be written into text",
                            e.offset(), "give a default: ${x != null ? x : 'none'}");
                }
                try {
                    sb.append(Values.text(v));
                } catch (Values.Unsupported ex) {
                    throw new ExprException("${" + e.expr().source() + "} is " + ex.getMessage(), e.offset(), null);
                } catch (StackOverflowError ex) {
                    throw new ExprException("${" + e.expr().source() + "} is nested too deeply to write as text",
                            e.offset(), null);
                }
            }
        }
        return sb.toString();
    }

    private static Object evaluate(Embedded e, Map<String, Object> scope) throws ExprException {
        try {
            return e.expr().evaluate(scope);
        } catch (ExprException ex) {
            throw ex.shifted(e.offset());
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
