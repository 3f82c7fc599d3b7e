package dev.runbook.expr;

import dev.runbook.expr.Type.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Static, structural type checking against the scope's {@link Type.Obj}. */
final class Checker {
    private final String src;
    private final Type.Obj scope;

    /** Variables bound by comprehensions, innermost first. */
    private record Env(String name, Type type, Env parent) {
        Type lookup(String n) {
            for (Env e = this; e != null; e = e.parent) if (e.name.equals(n)) return e.type;
            return null;
        }
    }

    Checker(String src, Type.Obj scope) {
        this.src = src;
        this.scope = scope == null ? Type.obj("scope", Map.of()) : scope;
    }

    Type check(Ast n) throws ExprException {
        return type(n, null);
    }

    private Type type(Ast n, Env env) throws ExprException {
        if (n instanceof Ast.Lit l) return literal(l.value());
        if (n instanceof Ast.Ident i) return ident(i, env);
        if (n instanceof Ast.Member m) return field(type(m.target(), env), m.target(), m.name(), m.nameOffset());
        if (n instanceof Ast.Index i) return index(i, env);
        if (n instanceof Ast.Has h) {
            Type target = type(h.select().target(), env);
            if (target instanceof Type.Obj) field(target, h.select().target(), h.select().name(), h.select().nameOffset());
            else if (!(target instanceof Type.MapOf) && !isDyn(target)) {
                throw new ExprException("has() needs a map or object, got " + describe(target), h.select().target().offset(), null);
            }
            return Type.BOOL;
        }
        if (n instanceof Ast.Comprehension c) return comprehension(c, env);
        if (n instanceof Ast.Unary u) return unary(u, env);
        if (n instanceof Ast.Binary b) return binary(b, env);
        if (n instanceof Ast.Conditional c) {
            Type cond = type(c.condition(), env);
            if (!isBoolish(cond)) {
                throw new ExprException("the condition of ?: must be bool, got " + describe(cond), c.condition().offset(), null);
            }
            return join(type(c.then(), env), type(c.otherwise(), env));
        }
        if (n instanceof Ast.ListLit l) {
            Type element = null;
            for (Ast e : l.elements()) {
                Type t = type(e, env);
                element = element == null ? t : join(element, t);
            }
            return Type.list(element == null ? Type.DYN : element);
        }
        if (n instanceof Ast.MapLit m) return mapLiteral(m, env);
        if (n instanceof Ast.Call c) return call(c, env);
        throw new IllegalStateException("unhandled node " + n);
    }

    private static Type literal(Object v) {
        if (v == null) return Type.NULL;
        if (v instanceof String) return Type.STRING;
        if (v instanceof Long) return Type.INT;
        if (v instanceof Double) return Type.DOUBLE;
        return Type.BOOL;
    }

    private Type ident(Ast.Ident i, Env env) throws ExprException {
        Type bound = env == null ? null : env.lookup(i.name());
        if (bound != null) return bound;
        Type t = scope.fields().get(i.name());
        if (t != null) return t;
        String hint = Hints.hyphen(src, i.offset(), null);
        if (hint == null) {
            List<String> names = new ArrayList<>(scope.fields().keySet());
            for (Env e = env; e != null; e = e.parent()) names.add(e.name());
            hint = Hints.didYouMean(i.name(), names);
            if (hint == null && !names.isEmpty()) hint = "names in scope: " + String.join(", ", names);
        }
        throw new ExprException("unknown name '" + i.name() + "'", i.offset(), hint);
    }

    private Type field(Type target, Ast targetNode, String name, int nameOffset) throws ExprException {
        if (target instanceof Type.Obj o) {
            Type t = o.fields().get(name);
            if (t != null) return t;
            String hint = Hints.hyphen(src, nameOffset, text(targetNode));
            if (hint == null) hint = Hints.didYouMean(name, o.fields().keySet());
            if (hint == null) {
                hint = o.fields().isEmpty() ? "it has no fields"
                        : o.fields().size() <= 12 ? "fields: " + String.join(", ", o.fields().keySet()) : null;
            }
            throw new ExprException(o.description() + " has no field '" + name + "'", nameOffset, hint);
        }
        if (target instanceof Type.MapOf m) return m.value();
        if (isDyn(target)) return Type.DYN;
        String hint = target instanceof Type.ListOf ? "a list has no fields; to read it from every element use "
                + text(targetNode) + ".map(e, e." + name + ")" : null;
        throw new ExprException("cannot read field '" + name + "' of " + describe(target) + " " + text(targetNode),
                nameOffset, hint);
    }

    private Type index(Ast.Index i, Env env) throws ExprException {
        Type target = type(i.target(), env);
        Type idx = type(i.index(), env);
        if (target instanceof Type.ListOf l) {
            if (!isKind(idx, Kind.INT) && !isDyn(idx)) {
                throw new ExprException("a list index must be an int, got " + describe(idx), i.index().offset(), null);
            }
            return l.element();
        }
        if (target instanceof Type.Obj o) {
            if (i.index() instanceof Ast.Lit lit && lit.value() instanceof String key) {
                return field(o, i.target(), key, i.index().offset());
            }
            requireStringKey(idx, i.index());
            return Type.DYN;
        }
        if (target instanceof Type.MapOf m) {
            requireStringKey(idx, i.index());
            return m.value();
        }
        if (isDyn(target)) return Type.DYN;
        throw new ExprException("cannot index " + describe(target) + " " + text(i.target()), i.index().offset(),
                isKind(target, Kind.STRING) ? "strings cannot be indexed; use startsWith, contains or matches" : null);
    }

    private void requireStringKey(Type idx, Ast at) throws ExprException {
        if (!isKind(idx, Kind.STRING) && !isDyn(idx)) {
            throw new ExprException("a map key must be a string, got " + describe(idx), at.offset(), null);
        }
    }

    private Type comprehension(Ast.Comprehension c, Env env) throws ExprException {
        Type range = type(c.range(), env);
        Type element;
        if (range instanceof Type.ListOf l) element = l.element();
        else if (range instanceof Type.MapOf || range instanceof Type.Obj) element = Type.STRING;
        else if (isDyn(range)) element = Type.DYN;
        else {
            throw new ExprException(c.macro().text + "() needs a list or map, got " + describe(range) + " " + text(c.range()),
                    c.range().offset(), null);
        }
        Env inner = new Env(c.variable(), element, env);
        if (c.filter() != null) requireBool(type(c.filter(), inner), c.filter(), "the filter of map()");
        Type body = type(c.body(), inner);
        switch (c.macro()) {
            case MAP:
                return Type.list(body);
            case FILTER:
                requireBool(body, c.body(), "the condition of filter()");
                return Type.list(element);
            default:
                requireBool(body, c.body(), "the condition of " + c.macro().text + "()");
                return Type.BOOL;
        }
    }

    private void requireBool(Type t, Ast at, String what) throws ExprException {
        if (!isBoolish(t)) throw new ExprException(what + " must be bool, got " + describe(t), at.offset(), null);
    }

    private Type unary(Ast.Unary u, Env env) throws ExprException {
        Type t = type(u.operand(), env);
        if (u.op() == Ast.UnaryOp.NOT) {
            if (!isBoolish(t)) throw new ExprException("! needs a bool operand, got " + describe(t), u.operand().offset(), null);
            return Type.BOOL;
        }
        if (isNumeric(t) || isDyn(t)) return t;
        throw new ExprException("- needs a number, got " + describe(t), u.operand().offset(), null);
    }

    private Type binary(Ast.Binary b, Env env) throws ExprException {
        Type l = type(b.left(), env);
        Type r = type(b.right(), env);
        String op = b.op().text;
        switch (b.op()) {
            case AND, OR -> {
                if (!isBoolish(l)) throw new ExprException(op + " needs bool operands, got " + describe(l), b.left().offset(), null);
                if (!isBoolish(r)) throw new ExprException(op + " needs bool operands, got " + describe(r), b.right().offset(), null);
                return Type.BOOL;
            }
            case EQ, NE -> {
                if (!comparable(l, r)) {
                    throw new ExprException(op + " cannot compare " + describe(l) + " with " + describe(r), b.opOffset(),
                            conversionHint(l, r));
                }
                return Type.BOOL;
            }
            case LT, LE, GT, GE -> {
                if (!orderable(l, r)) {
                    throw new ExprException(op + " cannot compare " + describe(l) + " with " + describe(r), b.opOffset(),
                            isKind(l, Kind.NULL) || isKind(r, Kind.NULL) ? "null has no order; test x != null first"
                                    : conversionHint(l, r));
                }
                return Type.BOOL;
            }
            case IN -> {
                if (r instanceof Type.ListOf list) {
                    if (!comparable(l, list.element())) {
                        throw new ExprException("in: cannot look for " + describe(l) + " in " + describe(r), b.opOffset(), null);
                    }
                } else if (r instanceof Type.MapOf || r instanceof Type.Obj) {
                    if (!isKind(l, Kind.STRING) && !isDyn(l) && !isKind(l, Kind.NULL)) {
                        throw new ExprException("in: map keys are strings, got " + describe(l), b.left().offset(), null);
                    }
                } else if (!isDyn(r)) {
                    throw new ExprException("in needs a list or map on the right, got " + describe(r), b.right().offset(),
                            isKind(r, Kind.STRING) ? "to look for a substring use s.contains(t)" : null);
                }
                return Type.BOOL;
            }
            case ADD -> {
                if (isNumeric(l) && isNumeric(r)) return arithmetic(l, r);
                if (isKind(l, Kind.STRING) && isKind(r, Kind.STRING)) return Type.STRING;
                if (l instanceof Type.ListOf a && r instanceof Type.ListOf c) return Type.list(join(a.element(), c.element()));
                if (isDyn(l) || isDyn(r)) {
                    Type other = isDyn(l) ? r : l;
                    if (isKind(other, Kind.STRING)) return Type.STRING;
                    if (other instanceof Type.ListOf) return Type.list(Type.DYN);
                    if (isDyn(other) || isNumeric(other)) return Type.DYN;
                }
                throw new ExprException("+ cannot add " + describe(l) + " and " + describe(r), b.opOffset(),
                        isKind(l, Kind.STRING) || isKind(r, Kind.STRING)
                                ? "convert the other side with string(x)" : null);
            }
            case SUB, MUL, DIV -> {
                if (isNumeric(l) && isNumeric(r)) return arithmetic(l, r);
                if ((isDyn(l) || isNumeric(l)) && (isDyn(r) || isNumeric(r))) return Type.DYN;
                throw new ExprException(op + " needs numbers, got " + describe(l) + " and " + describe(r), b.opOffset(),
                        isKind(l, Kind.STRING) || isKind(r, Kind.STRING) ? "convert a numeric string with int(x) or double(x)" : null);
            }
            case MOD -> {
                if ((isKind(l, Kind.INT) || isDyn(l)) && (isKind(r, Kind.INT) || isDyn(r))) return Type.INT;
                throw new ExprException("% needs int operands, got " + describe(l) + " and " + describe(r), b.opOffset(),
                        isKind(l, Kind.DOUBLE) || isKind(r, Kind.DOUBLE) ? "convert with int(x)" : null);
            }
            default -> throw new IllegalStateException("unhandled operator " + op);
        }
    }

    private static Type arithmetic(Type l, Type r) {
        return isKind(l, Kind.INT) && isKind(r, Kind.INT) ? Type.INT : Type.DOUBLE;
    }

    private static String conversionHint(Type l, Type r) {
        boolean str = isKind(l, Kind.STRING) || isKind(r, Kind.STRING);
        boolean num = isNumeric(l) || isNumeric(r);
        if (str && num) return "convert one side: string(x), int(x) or double(x)";
        return null;
    }

    private Type mapLiteral(Ast.MapLit m, Env env) throws ExprException {
        Type value = null;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < m.keys().size(); i++) {
            Ast k = m.keys().get(i);
            requireStringKey(type(k, env), k);
            if (k instanceof Ast.Lit lit && lit.value() instanceof String s && !seen.add(s)) {
                throw new ExprException("duplicate key '" + s + "' in map literal", k.offset(), null);
            }
            Type t = type(m.values().get(i), env);
            value = value == null ? t : join(value, t);
        }
        return Type.map(value == null ? Type.DYN : value);
    }

    private Type call(Ast.Call c, Env env) throws ExprException {
        Builtin b = Builtin.resolve(c);
        List<Ast> operands = new ArrayList<>();
        if (c.receiver() != null) operands.add(c.receiver());
        operands.addAll(c.args());
        List<Type> types = new ArrayList<>();
        for (Ast a : operands) types.add(type(a, env));
        switch (b) {
            case SIZE -> {
                Type t = types.get(0);
                if (isKind(t, Kind.STRING) || t instanceof Type.ListOf || t instanceof Type.MapOf
                        || t instanceof Type.Obj || isDyn(t)) return Type.INT;
                throw operandError(b, "a string, list or map", t, operands.get(0));
            }
            case CONTAINS, STARTS_WITH, ENDS_WITH, MATCHES -> {
                if (b == Builtin.CONTAINS && types.get(0) instanceof Type.ListOf) {
                    throw new ExprException("contains() works on strings; got " + describe(types.get(0)),
                            operands.get(0).offset(), "to test list membership write: x in list");
                }
                requireStrings(b, types, operands);
                if (b == Builtin.MATCHES && operands.get(1) instanceof Ast.Lit lit && lit.value() instanceof String re) {
                    Regex.check(re, lit.offset());
                }
                return Type.BOOL;
            }
            case LOWER_ASCII, UPPER_ASCII, TRIM, REPLACE -> {
                requireStrings(b, types, operands);
                return Type.STRING;
            }
            case SPLIT -> {
                requireStrings(b, types, operands);
                return Type.list(Type.STRING);
            }
            case JOIN -> {
                Type t = types.get(0);
                boolean ok = isDyn(t) || (t instanceof Type.ListOf l && (isKind(l.element(), Kind.STRING) || isDyn(l.element())));
                if (!ok) throw operandError(b, "a list of strings", t, operands.get(0));
                requireStrings(b, types.subList(1, types.size()), operands.subList(1, operands.size()));
                return Type.STRING;
            }
            case INT, DOUBLE -> {
                Type t = types.get(0);
                if (isNumeric(t) || isKind(t, Kind.STRING) || isDyn(t)) return b == Builtin.INT ? Type.INT : Type.DOUBLE;
                throw operandError(b, "a number or string", t, operands.get(0));
            }
            case STRING -> {
                Type t = types.get(0);
                if (t instanceof Type.Prim p && p.kind() != Kind.NULL) return Type.STRING;
                throw new ExprException("string() cannot convert " + describe(t), operands.get(0).offset(),
                        isKind(t, Kind.NULL) ? "test for null first: x != null ? string(x) : ''"
                                : "a template (\"${...}\") renders lists and maps as JSON");
            }
            default -> throw new IllegalStateException("unhandled function " + b);
        }
    }

    private void requireStrings(Builtin b, List<Type> types, List<Ast> operands) throws ExprException {
        for (int i = 0; i < types.size(); i++) {
            Type t = types.get(i);
            if (!isKind(t, Kind.STRING) && !isDyn(t)) throw operandError(b, "strings", t, operands.get(i));
        }
    }

    private ExprException operandError(Builtin b, String wanted, Type got, Ast at) {
        return new ExprException(b.text + "() needs " + wanted + ", got " + describe(got), at.offset(), "call it as " + b.usage);
    }

    private String text(Ast n) {
        return src.substring(n.offset(), n.end());
    }

    static String describe(Type t) {
        return t instanceof Type.Obj o ? "object " + o.description() : t.toString();
    }

    static boolean isKind(Type t, Kind k) {
        return t instanceof Type.Prim p && p.kind() == k;
    }

    static boolean isDyn(Type t) {
        return isKind(t, Kind.DYN);
    }

    static boolean isNumeric(Type t) {
        return isKind(t, Kind.INT) || isKind(t, Kind.DOUBLE);
    }

    private static boolean isBoolish(Type t) {
        return isKind(t, Kind.BOOL) || isDyn(t);
    }

    private static boolean isMapLike(Type t) {
        return t instanceof Type.MapOf || t instanceof Type.Obj;
    }

    static boolean comparable(Type l, Type r) {
        if (isDyn(l) || isDyn(r) || isKind(l, Kind.NULL) || isKind(r, Kind.NULL)) return true;
        if (isNumeric(l) && isNumeric(r)) return true;
        if (l instanceof Type.Prim a && r instanceof Type.Prim b) return a.kind() == b.kind();
        if (l instanceof Type.ListOf a && r instanceof Type.ListOf b) return comparable(a.element(), b.element());
        return isMapLike(l) && isMapLike(r);
    }

    private static boolean orderable(Type l, Type r) {
        if (isKind(l, Kind.NULL) || isKind(r, Kind.NULL)) return false;
        boolean lo = isNumeric(l) || isKind(l, Kind.STRING) || isKind(l, Kind.BOOL);
        boolean ro = isNumeric(r) || isKind(r, Kind.STRING) || isKind(r, Kind.BOOL);
        if (isDyn(l)) return ro || isDyn(r);
        if (isDyn(r)) return lo;
        if (isNumeric(l) && isNumeric(r)) return true;
        return lo && ro && ((Type.Prim) l).kind() == ((Type.Prim) r).kind();
    }

    /** The type of a value that is one of two branches or elements. */
    static Type join(Type a, Type b) {
        if (a.equals(b)) return a;
        if (isKind(a, Kind.NULL)) return b;
        if (isKind(b, Kind.NULL)) return a;
        if (a instanceof Type.ListOf x && b instanceof Type.ListOf y) return Type.list(join(x.element(), y.element()));
        if (a instanceof Type.MapOf x && b instanceof Type.MapOf y) return Type.map(join(x.value(), y.value()));
        return Type.DYN;
    }
}
