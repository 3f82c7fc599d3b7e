package dev.runbook.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled expression: a side-effect-free subset of CEL syntax
 * (literals, {@code params.x}, {@code steps['id'].outputs.y}, {@code ! && || == != < <= > >= in + - * / % ?:},
 * list and map literals, functions such as {@code size}, {@code contains}, {@code startsWith}, {@code matches},
 * and the macros {@code has}, {@code all}, {@code exists}, {@code exists_one}, {@code filter}, {@code map}).
 * It cannot reach files, the network or Java classes. Immutable and thread-safe. See docs/expressions.md.
 */
public final class Expr {
    /** Longest accepted source text. */
    public static final int MAX_LENGTH = Parser.MAX_LENGTH;

    private final String source;
    private final Ast ast;
    private final List<Reference> references;

    private Expr(String source, Ast ast) {
        this.source = source;
        this.ast = ast;
        List<Reference> refs = new ArrayList<>();
        collect(ast, List.of(), false, refs);
        this.references = List.copyOf(refs);
    }

    /** True for CEL's keywords ({@code true}, {@code false}, {@code null}, {@code in}): they cannot be written as {@code params.<word>}. */
    public static boolean isKeyword(String word) {
        return Parser.isKeyword(word);
    }

    /** Parses; a syntax error carries the offset where it was found. */
    public static Expr parse(String source) throws ExprException {
        try {
            return new Expr(source, Parser.parse(source));
        } catch (RuntimeException | StackOverflowError e) {
            throw new ExprException("cannot parse expression: internal error (" + e.getClass().getSimpleName() + ")", 0, null);
        }
    }

    public String source() {
        return source;
    }

    /** Every scope path the expression reads, in source order. */
    public List<Reference> references() {
        return references;
    }

    /** Type-checks against the scope's static type; returns the result type. */
    public Type check(Type.Obj scope) throws ExprException {
        try {
            return new Checker(source, scope).check(ast);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ExprException("cannot check expression: internal error (" + e.getClass().getSimpleName() + ")", 0, null);
        }
    }

    /**
     * Evaluates over plain values (Map/List/String/Long/Double/Boolean/null); the scope's top-level keys are
     * {@code params}, {@code steps}, {@code run}, {@code env}. Integer, Short and Float inputs read as Long and Double.
     * Every failure, including an unexpected one, is an {@link ExprException}.
     */
    public Object evaluate(Map<String, Object> scope) throws ExprException {
        try {
            return new Interpreter(source, scope).evaluate(ast);
        } catch (StackOverflowError e) {
            throw new ExprException("cannot evaluate " + source + ": the data is nested too deeply", 0, null);
        } catch (RuntimeException e) {
            throw new ExprException("cannot evaluate " + source + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), 0, null);
        }
    }

    @Override
    public String toString() {
        return source;
    }

    private static void collect(Ast n, List<String> bound, boolean optional, List<Reference> out) {
        List<String> path = path(n, bound);
        if (path != null) {
            out.add(new Reference(path, n.offset(), n.end() - n.offset(), optional));
            return;
        }
        if (n instanceof Ast.Has h) {
            collect(h.select(), bound, true, out);
            return;
        }
        if (n instanceof Ast.Comprehension c) {
            collect(c.range(), bound, false, out);
            List<String> inner = new ArrayList<>(bound);
            inner.add(c.variable());
            if (c.filter() != null) collect(c.filter(), inner, false, out);
            collect(c.body(), inner, false, out);
            return;
        }
        if (n instanceof Ast.Binary b) {
            collect(b.left(), bound, false, out);
            collect(b.right(), bound, false, out);
            return;
        }
        for (Ast child : Parser.children(n)) collect(child, bound, false, out);
    }

    /** The constant path of a selection chain rooted at a scope name, or null. Walked twice, allocating only the result. */
    private static List<String> path(Ast n, List<String> bound) {
        int depth = 0;
        Ast at = n;
        while (true) {
            if (at instanceof Ast.Member m) {
                at = m.target();
            } else if (at instanceof Ast.Index i && i.index() instanceof Ast.Lit lit && lit.value() instanceof String) {
                at = i.target();
            } else {
                break;
            }
            depth++;
        }
        if (!(at instanceof Ast.Ident root) || bound.contains(root.name())) return null;
        String[] segments = new String[depth + 1];
        segments[0] = root.name();
        at = n;
        for (int k = depth; k > 0; k--) {
            if (at instanceof Ast.Member m) {
                segments[k] = m.name();
                at = m.target();
            } else {
                Ast.Index i = (Ast.Index) at;
                segments[k] = (String) ((Ast.Lit) i.index()).value();
                at = i.target();
            }
        }
        return List.of(segments);
    }
}
