package dev.runbook.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tree-walking evaluator over plain Java values. One instance per evaluation (it carries the budgets). */
final class Interpreter {
    static final long MAX_ITERATIONS = 100_000;
    static final long MAX_BUILT = 10_000_000;

    private final String src;
    private final Map<String, Object> scope;
    private long iterations;
    private long built;

    /** A variable bound by a comprehension; innermost first. */
    private record Env(String name, Object value, Env parent) {
        Env find(String n) {
            for (Env e = this; e != null; e = e.parent) if (e.name.equals(n)) return e;
            return null;
        }
    }

    Interpreter(String src, Map<String, Object> scope) {
        this.src = src;
        this.scope = scope == null ? Map.of() : scope;
    }

    Object evaluate(Ast n) throws ExprException {
        return eval(n, null);
    }

    private Object eval(Ast n, Env env) throws ExprException {
        if (n instanceof Ast.Lit l) return l.value();
        if (n instanceof Ast.Ident i) return ident(i, env);
        if (n instanceof Ast.Member m) return select(eval(m.target(), env), m.target(), m.name(), m.nameOffset());
        if (n instanceof Ast.Index i) return index(i, env);
        if (n instanceof Ast.Has h) return has(h, env);
        if (n instanceof Ast.Comprehension c) return comprehension(c, env);
        if (n instanceof Ast.Unary u) return unary(u, env);
        if (n instanceof Ast.Binary b) return binary(b, env);
        if (n instanceof Ast.Conditional c) {
            Object cond = eval(c.condition(), env);
            if (!(cond instanceof Boolean b)) {
                throw new ExprException("the condition of ?: must be bool, got " + describe(cond, c.condition()),
                        c.condition().offset(), null);
            }
            return b ? eval(c.then(), env) : eval(c.otherwise(), env);
        }
        if (n instanceof Ast.ListLit l) {
            build(l.elements().size(), l);
            List<Object> out = new ArrayList<>(l.elements().size());
            for (Ast e : l.elements()) out.add(eval(e, env));
            return Collections.unmodifiableList(out);
        }
        if (n instanceof Ast.MapLit m) return mapLiteral(m, env);
        if (n instanceof Ast.Call c) return call(c, env);
        throw new IllegalStateException("unhandled node " + n);
    }

    private Object canonical(Object v, Ast at) throws ExprException {
        try {
            return Values.canonical(v);
        } catch (Values.Unsupported e) {
            throw new ExprException(text(at) + " is " + e.getMessage(), at.offset(), null);
        }
    }

    private String text(Ast n) {
        return src.substring(n.offset(), n.end());
    }

    private String describe(Object v, Ast at) {
        return Values.typeName(v) + " (" + text(at) + ")";
    }

    private Object ident(Ast.Ident i, Env env) throws ExprException {
        Env bound = env == null ? null : env.find(i.name());
        if (bound != null) return bound.value();
        if (scope.containsKey(i.name())) return canonical(scope.get(i.name()), i);
        String hint = Hints.hyphen(src, i.offset(), null);
        if (hint == null) hint = Hints.didYouMean(i.name(), scope.keySet());
        throw new ExprException("unknown name '" + i.name() + "'", i.offset(), hint);
    }

    private Object select(Object target, Ast targetNode, String name, int nameOffset) throws ExprException {
        if (target instanceof Map<?, ?> m) {
            if (m.containsKey(name)) return canonical(m.get(name), targetNode);
            String hint = Hints.hyphen(src, nameOffset, text(targetNode));
            if (hint == null && m.size() <= 1000) {
                List<String> keys = new ArrayList<>();
                for (Object k : m.keySet()) if (k instanceof String s) keys.add(s);
                hint = Hints.didYouMean(name, keys);
            }
            throw new ExprException("no such key '" + name + "' in " + text(targetNode), nameOffset, hint);
        }
        if (target == null) {
            throw new ExprException(text(targetNode) + " is null; cannot read '" + name + "'", nameOffset,
                    "test it first, e.g. " + text(targetNode) + " != null && ...");
        }
        throw new ExprException("cannot read field '" + name + "' of " + describe(target, targetNode), nameOffset, null);
    }

    private Object index(Ast.Index i, Env env) throws ExprException {
        Object target = eval(i.target(), env);
        Object idx = eval(i.index(), env);
        if (target instanceof List<?> list) {
            long k;
            if (idx instanceof Long l) k = l;
            else if (idx instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) k = d.longValue();
            else throw new ExprException("a list index must be an int, got " + describe(idx, i.index()), i.index().offset(), null);
            if (k < 0 || k >= list.size()) {
                throw new ExprException("index " + k + " is out of range for " + text(i.target()) + " (size " + list.size() + ")",
                        i.index().offset(), list.isEmpty() ? "the list is empty; test size(...) > 0 first" : null);
            }
            return canonical(list.get((int) k), i);
        }
        if (target instanceof Map<?, ?>) {
            if (!(idx instanceof String key)) {
                throw new ExprException("a map key must be a string, got " + describe(idx, i.index()), i.index().offset(), null);
            }
            return select(target, i.target(), key, i.index().offset());
        }
        if (target == null) {
            throw new ExprException(text(i.target()) + " is null; cannot index it", i.index().offset(), null);
        }
        throw new ExprException("cannot index " + describe(target, i.target()), i.index().offset(), null);
    }

    private Object has(Ast.Has h, Env env) throws ExprException {
        Ast.Member select = h.select();
        Object target = eval(select.target(), env);
        if (target == null) return false;
        if (target instanceof Map<?, ?> m) return m.containsKey(select.name());
        throw new ExprException("has() needs a map, got " + describe(target, select.target()), select.target().offset(), null);
    }

    private Object comprehension(Ast.Comprehension c, Env env) throws ExprException {
        Object range = eval(c.range(), env);
        List<Object> items = new ArrayList<>();
        if (range instanceof List<?> l) {
            items.addAll(l);
        } else if (range instanceof Map<?, ?> m) {
            items.addAll(m.keySet());
        } else {
            throw new ExprException(c.macro().text + "() needs a list or map, got " + describe(range, c.range()),
                    c.range().offset(), null);
        }
        List<Object> out = new ArrayList<>();
        int matched = 0;
        for (Object raw : items) {
            if (++iterations > MAX_ITERATIONS) {
                throw new ExprException("expression iterates too much (more than " + MAX_ITERATIONS + " steps)",
                        c.offset(), "filter the data in the step that produces it");
            }
            Object item = canonical(raw, c.range());
            Env inner = new Env(c.variable(), item, env);
            if (c.filter() != null && !bool(eval(c.filter(), inner), c.filter(), "the filter of map()")) continue;
            Object body = eval(c.body(), inner);
            switch (c.macro()) {
                case MAP -> {
                    build(1, c);
                    out.add(body);
                }
                case FILTER -> {
                    if (bool(body, c.body(), "the condition of filter()")) {
                        build(1, c);
                        out.add(item);
                    }
                }
                case ALL -> {
                    if (!bool(body, c.body(), "the condition of all()")) return false;
                }
                case EXISTS -> {
                    if (bool(body, c.body(), "the condition of exists()")) return true;
                }
                case EXISTS_ONE -> {
                    // no early exit: CEL evaluates every element, so an error after the second match is reported
                    if (bool(body, c.body(), "the condition of exists_one()")) matched++;
                }
                default -> throw new IllegalStateException("unhandled macro " + c.macro());
            }
        }
        return switch (c.macro()) {
            case ALL -> true;
            case EXISTS -> false;
            case EXISTS_ONE -> matched == 1;
            default -> Collections.unmodifiableList(out);
        };
    }

    private boolean bool(Object v, Ast at, String what) throws ExprException {
        if (v instanceof Boolean b) return b;
        throw new ExprException(what + " must be bool, got " + describe(v, at), at.offset(), null);
    }

    private void build(long n, Ast at) throws ExprException {
        built += n;
        if (built > MAX_BUILT) {
            throw new ExprException("expression builds too much data (more than " + MAX_BUILT + " characters or elements)",
                    at.offset(), null);
        }
    }

    private Object unary(Ast.Unary u, Env env) throws ExprException {
        Object v = eval(u.operand(), env);
        if (u.op() == Ast.UnaryOp.NOT) return !bool(v, u.operand(), "the operand of !");
        if (v instanceof Long l) {
            if (l == Long.MIN_VALUE) throw new ExprException("integer overflow", u.offset(), null);
            return -l;
        }
        if (v instanceof Double d) return -d;
        throw new ExprException("- needs a number, got " + describe(v, u.operand()), u.operand().offset(), null);
    }

    private Object binary(Ast.Binary b, Env env) throws ExprException {
        String op = b.op().text;
        if (b.op() == Ast.BinaryOp.AND || b.op() == Ast.BinaryOp.OR) {
            boolean l = bool(eval(b.left(), env), b.left(), "the left side of " + op);
            if (b.op() == Ast.BinaryOp.AND ? !l : l) return l;
            return bool(eval(b.right(), env), b.right(), "the right side of " + op);
        }
        Object l = eval(b.left(), env);
        Object r = eval(b.right(), env);
        try {
            switch (b.op()) {
                case EQ:
                    return Values.equal(l, r);
                case NE:
                    return !Values.equal(l, r);
                case LT: case LE: case GT: case GE:
                    return compare(b, l, r);
                case IN:
                    return in(b, l, r);
                case ADD:
                    if (l instanceof String x && r instanceof String y) {
                        build((long) x.length() + y.length(), b);
                        return x + y;
                    }
                    if (l instanceof List<?> x && r instanceof List<?> y) {
                        build((long) x.size() + y.size(), b);
                        List<Object> out = new ArrayList<>(x.size() + y.size());
                        out.addAll(x);
                        out.addAll(y);
                        return Collections.unmodifiableList(out);
                    }
                    return arithmetic(b, l, r);
                default:
                    return arithmetic(b, l, r);
            }
        } catch (Values.Unsupported e) {
            throw new ExprException(text(b) + " compares " + e.getMessage(), b.offset(), null);
        }
    }

    private boolean compare(Ast.Binary b, Object l, Object r) throws ExprException {
        int c;
        if (Values.isNumber(l) && Values.isNumber(r)) {
            Integer cmp = Values.compareNumbers(l, r);
            if (cmp == null) return false;
            c = cmp;
        } else if (l instanceof String x && r instanceof String y) {
            c = Values.compareCodePoints(x, y);
        } else if (l instanceof Boolean x && r instanceof Boolean y) {
            c = Boolean.compare(x, y);
        } else {
            throw new ExprException(b.op().text + " cannot compare " + describe(l, b.left()) + " with " + describe(r, b.right()),
                    b.opOffset(), l == null || r == null ? "null has no order; test x != null first" : null);
        }
        return switch (b.op()) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
        };
    }

    private boolean in(Ast.Binary b, Object l, Object r) throws ExprException, Values.Unsupported {
        if (r instanceof List<?> list) {
            for (Object e : list) if (Values.equal(l, e)) return true;
            return false;
        }
        if (r instanceof Map<?, ?> m) return l instanceof String && m.containsKey(l);
        throw new ExprException("in needs a list or map on the right, got " + describe(r, b.right()), b.right().offset(),
                r instanceof String ? "to look for a substring use s.contains(t)" : null);
    }

    private Object arithmetic(Ast.Binary b, Object l, Object r) throws ExprException {
        String op = b.op().text;
        if (!Values.isNumber(l) || !Values.isNumber(r)) {
            throw new ExprException(op + " cannot combine " + describe(l, b.left()) + " and " + describe(r, b.right()),
                    b.opOffset(), l instanceof String || r instanceof String ? "convert with string(x), int(x) or double(x)" : null);
        }
        if (l instanceof Long x && r instanceof Long y) {
            try {
                return switch (b.op()) {
                    case ADD -> Math.addExact(x, y);
                    case SUB -> Math.subtractExact(x, y);
                    case MUL -> Math.multiplyExact(x, y);
                    case DIV -> {
                        if (y == 0) throw new ExprException("division by zero", b.opOffset(), null);
                        if (x == Long.MIN_VALUE && y == -1) throw new ArithmeticException();
                        yield x / y;
                    }
                    case MOD -> {
                        if (y == 0) throw new ExprException("modulo by zero", b.opOffset(), null);
                        yield y == -1 ? 0L : x % y;
                    }
                    default -> throw new IllegalStateException("unhandled operator " + op);
                };
            } catch (ArithmeticException e) {
                throw new ExprException("integer overflow in " + text(b), b.opOffset(), "use double values for large numbers");
            }
        }
        if (b.op() == Ast.BinaryOp.MOD) {
            throw new ExprException("% needs int operands, got " + describe(l, b.left()) + " and " + describe(r, b.right()),
                    b.opOffset(), "convert with int(x)");
        }
        double x = ((Number) l).doubleValue();
        double y = ((Number) r).doubleValue();
        double result = switch (b.op()) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            default -> {
                if (y == 0) throw new ExprException("division by zero", b.opOffset(), null);
                yield x / y;
            }
        };
        if (Double.isInfinite(result) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
            throw new ExprException("number overflow in " + text(b), b.opOffset(), null);
        }
        return result;
    }

    private Object mapLiteral(Ast.MapLit m, Env env) throws ExprException {
        build(m.keys().size(), m);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < m.keys().size(); i++) {
            Ast k = m.keys().get(i);
            Object key = eval(k, env);
            if (!(key instanceof String s)) {
                throw new ExprException("a map key must be a string, got " + describe(key, k), k.offset(), null);
            }
            if (out.containsKey(s)) throw new ExprException("duplicate key '" + s + "' in map literal", k.offset(), null);
            out.put(s, eval(m.values().get(i), env));
        }
        return Collections.unmodifiableMap(out);
    }

    private Object call(Ast.Call c, Env env) throws ExprException {
        Builtin b = Builtin.resolve(c);
        List<Ast> nodes = new ArrayList<>();
        if (c.receiver() != null) nodes.add(c.receiver());
        nodes.addAll(c.args());
        List<Object> args = new ArrayList<>();
        for (Ast a : nodes) args.add(eval(a, env));
        Object x = args.get(0);
        switch (b) {
            case SIZE -> {
                if (x instanceof String s) return (long) s.codePointCount(0, s.length());
                if (x instanceof List<?> l) return (long) l.size();
                if (x instanceof Map<?, ?> m) return (long) m.size();
                throw operandError(b, "a string, list or map", x, nodes.get(0));
            }
            case CONTAINS -> {
                return string(b, args, nodes, 0).contains(string(b, args, nodes, 1));
            }
            case STARTS_WITH -> {
                return string(b, args, nodes, 0).startsWith(string(b, args, nodes, 1));
            }
            case ENDS_WITH -> {
                return string(b, args, nodes, 0).endsWith(string(b, args, nodes, 1));
            }
            case MATCHES -> {
                String s = string(b, args, nodes, 0);
                String re = string(b, args, nodes, 1);
                return Regex.find(s, re, nodes.get(1).offset(), c.nameOffset());
            }
            case LOWER_ASCII, UPPER_ASCII -> {
                String s = string(b, args, nodes, 0);
                char[] chars = s.toCharArray();
                for (int i = 0; i < chars.length; i++) {
                    char ch = chars[i];
                    if (b == Builtin.LOWER_ASCII && ch >= 'A' && ch <= 'Z') chars[i] = (char) (ch + 32);
                    if (b == Builtin.UPPER_ASCII && ch >= 'a' && ch <= 'z') chars[i] = (char) (ch - 32);
                }
                return new String(chars);
            }
            case TRIM -> {
                return Values.trim(string(b, args, nodes, 0));
            }
            case SPLIT -> {
                return split(string(b, args, nodes, 0), string(b, args, nodes, 1), c);
            }
            case REPLACE -> {
                String s = string(b, args, nodes, 0);
                String from = string(b, args, nodes, 1);
                String to = string(b, args, nodes, 2);
                long worst = from.isEmpty() ? (long) (s.length() + 1) * to.length() + s.length()
                        : (long) (s.length() / from.length()) * to.length() + s.length();
                build(worst, c);
                return s.replace(from, to);
            }
            case JOIN -> {
                if (!(x instanceof List<?> list)) throw operandError(b, "a list of strings", x, nodes.get(0));
                String sep = args.size() > 1 ? string(b, args, nodes, 1) : "";
                StringBuilder sb = new StringBuilder();
                for (Object e : list) {
                    Object v = canonical(e, nodes.get(0));
                    if (!(v instanceof String s)) {
                        throw new ExprException("join() needs a list of strings; it contains " + Values.typeName(v),
                                nodes.get(0).offset(), "convert first: list.map(x, string(x)).join(', ')");
                    }
                    build((long) s.length() + sep.length(), c);
                    if (sb.length() > 0) sb.append(sep);
                    sb.append(s);
                }
                return sb.toString();
            }
            case INT -> {
                return toInt(x, nodes.get(0));
            }
            case DOUBLE -> {
                return toDouble(x, nodes.get(0));
            }
            case STRING -> {
                if (x instanceof String) return x;
                if (x instanceof Double d) return Values.formatDouble(d);
                if (x instanceof Long || x instanceof Boolean) return x.toString();
                throw new ExprException("string() cannot convert " + describe(x, nodes.get(0)), nodes.get(0).offset(),
                        x == null ? "test for null first: x != null ? string(x) : ''"
                                : "a template (\"${...}\") renders lists and maps as JSON");
            }
            default -> throw new IllegalStateException("unhandled function " + b);
        }
    }

    private String string(Builtin b, List<Object> args, List<Ast> nodes, int i) throws ExprException {
        Object v = args.get(i);
        if (v instanceof String s) return s;
        throw operandError(b, "strings", v, nodes.get(i));
    }

    private ExprException operandError(Builtin b, String wanted, Object got, Ast at) {
        return new ExprException(b.text + "() needs " + wanted + ", got " + describe(got, at), at.offset(), "call it as " + b.usage);
    }

    private List<Object> split(String s, String sep, Ast.Call c) throws ExprException {
        List<Object> out = new ArrayList<>();
        if (sep.isEmpty()) {
            build(s.length(), c);
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return Collections.unmodifiableList(out);
        }
        int from = 0;
        while (true) {
            int at = s.indexOf(sep, from);
            build(1, c);
            if (at < 0) {
                out.add(s.substring(from));
                return Collections.unmodifiableList(out);
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
    }

    private Object toInt(Object x, Ast at) throws ExprException {
        if (x instanceof Long) return x;
        if (x instanceof Double d) {
            // CEL's range is open at both ends: -2^63 itself is refused too (cel-spec double_int_min_range)
            if (Double.isNaN(d) || d <= -9.223372036854775808E18 || d >= 9.223372036854775808E18) {
                throw new ExprException("int() cannot convert " + Values.formatDouble(d) + ": out of range", at.offset(), null);
            }
            return d.longValue();
        }
        if (x instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ExprException("int() cannot convert '" + abbreviate(s) + "' to an integer", at.offset(),
                        s.strip().equals(s) ? null : "remove the surrounding spaces with .trim()");
            }
        }
        throw new ExprException("int() cannot convert " + describe(x, at), at.offset(), null);
    }

    private Object toDouble(Object x, Ast at) throws ExprException {
        if (x instanceof Double) return x;
        if (x instanceof Long l) return l.doubleValue();
        if (x instanceof String s) {
            boolean plain = !s.isEmpty();
            for (int i = 0; i < s.length() && plain; i++) {
                char ch = s.charAt(i);
                plain = Lexer.isDigit(ch) || ch == '.' || ch == 'e' || ch == 'E' || ch == '+' || ch == '-';
            }
            if (plain) {
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
            throw new ExprException("double() cannot convert '" + abbreviate(s) + "' to a number", at.offset(), null);
        }
        throw new ExprException("double() cannot convert " + describe(x, at), at.offset(), null);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
