package dev.runbook.expr;

import java.util.List;
import java.util.Map;

/**
 * A compiled expression: a side-effect-free subset of CEL syntax
 * (literals, {@code params.x}, {@code steps['id'].outputs.y}, {@code ! && || == != < <= > >= in + - * / % ?:},
 * list literals and functions such as {@code size}, {@code contains}, {@code startsWith}, {@code matches}).
 * It cannot reach files, the network or Java classes. Immutable and thread-safe.
 */
public final class Expr {
    private Expr() {}

    /** Parses; a syntax error carries the offset where it was found. */
    public static Expr parse(String source) throws ExprException {
        throw new IllegalStateException("expression engine not built yet");
    }

    public String source() {
        throw new IllegalStateException("expression engine not built yet");
    }

    /** Every scope path the expression reads, in source order. */
    public List<Reference> references() {
        throw new IllegalStateException("expression engine not built yet");
    }

    /** Type-checks against the scope's static type; returns the result type. */
    public Type check(Type.Obj scope) throws ExprException {
        throw new IllegalStateException("expression engine not built yet");
    }

    /**
     * Evaluates over plain values (Map/List/String/Long/Double/Boolean/null); the scope's top-level keys are
     * {@code params}, {@code steps}, {@code run}, {@code env}.
     */
    public Object evaluate(Map<String, Object> scope) throws ExprException {
        throw new IllegalStateException("expression engine not built yet");
    }
}
