package dev.runbook.expr;

import dev.runbook.model.ParamType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Static types of the expression language. {@link Obj} is a record-like value with known fields
 * (the scope: params, steps, run, env); a member access on an unknown field is a type error.
 * {@link #DYN} accepts anything (values whose shape is only known at run time).
 */
public sealed interface Type permits Type.Prim, Type.ListOf, Type.MapOf, Type.Obj {
    enum Kind { STRING, INT, DOUBLE, BOOL, NULL, DYN }

    record Prim(Kind kind) implements Type {
        // Written out: the generated equals links through ObjectMethods, spinning method-handle classes (~5 ms) on
        // the first type check of every validate.
        @Override
        public boolean equals(Object o) {
            return o instanceof Prim p && p.kind == kind;
        }

        @Override
        public int hashCode() {
            return kind.hashCode();
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record ListOf(Type element) implements Type {
        @Override
        public String toString() {
            return "list(" + element + ")";
        }
    }

    /** A map with dynamic string keys. */
    record MapOf(Type value) implements Type {
        @Override
        public String toString() {
            return "map(string, " + value + ")";
        }
    }

    /** Known fields; {@code description} names it in messages ("outputs of step 'app'"). */
    record Obj(Map<String, Type> fields, String description) implements Type {
        public Obj {
            if (!(fields instanceof LazyFields)) fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String toString() {
            return description;
        }
    }

    Type STRING = new Prim(Kind.STRING);
    Type INT = new Prim(Kind.INT);
    Type DOUBLE = new Prim(Kind.DOUBLE);
    Type BOOL = new Prim(Kind.BOOL);
    Type NULL = new Prim(Kind.NULL);
    Type DYN = new Prim(Kind.DYN);

    static Type list(Type element) {
        return new ListOf(element);
    }

    static Type map(Type value) {
        return new MapOf(value);
    }

    static Obj obj(String description, Map<String, Type> fields) {
        return new Obj(fields, description);
    }

    /**
     * An object whose fields are looked up one by one ({@code lookup}: the field's type, or null) and listed
     * only when a message needs them ({@code all}: every field in order, exactly those {@code lookup} answers).
     */
    static Obj lazyObj(String description, Function<String, Type> lookup, Supplier<Map<String, Type>> all) {
        return new Obj(new LazyFields(lookup, all), description);
    }

    /** The expression type of a runbook parameter, action argument or output type. */
    static Type of(ParamType t) {
        return switch (t) {
            case STRING, URL, DURATION -> STRING;
            case INT -> INT;
            case NUMBER -> DOUBLE;
            case BOOL -> BOOL;
            case LIST -> list(DYN);
            case MAP -> map(DYN);
            case ANY -> DYN;
        };
    }
}
