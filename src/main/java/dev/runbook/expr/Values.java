package dev.runbook.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Runtime value helpers: canonical forms, CEL equality and ordering, text rendering. */
final class Values {
    private Values() {}

    /** Thrown for a value of a Java type the language does not know. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(Object v) {
            super("a value of unsupported type " + v.getClass().getSimpleName());
        }
    }

    /** Canonical form: Integer/Short/Byte become Long, Float becomes Double, other collections become Lists. */
    static Object canonical(Object v) throws Unsupported {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof Map || v instanceof List) return v;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        if (v instanceof BigDecimal b) return b.doubleValue();
        if (v instanceof CharSequence || v instanceof Character) return v.toString();
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof Collection<?> c) return new ArrayList<Object>(c);
        if (v instanceof Object[] a) return Arrays.asList(a);
        throw new Unsupported(v);
    }

    /** Orders strings by Unicode code point, as CEL does (String.compareTo orders UTF-16 units). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** CEL's trim(): removes Unicode White_Space (Go's unicode.IsSpace), which Java's strip() and trim() do not match. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) start++;
        while (end > start && isSpace(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    /** The White_Space property: every such character is in the BMP, so a UTF-16 unit decides. */
    static boolean isSpace(char c) {
        return (c >= '\t' && c <= '\r') || c == ' ' || c == '\u0085' || c == '\u00a0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029' || c == '\u202f'
                || c == '\u205f' || c == '\u3000';
    }

    static String typeName(Object v) {
        if (v == null) return "null";
        if (v instanceof String) return "string";
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return "int";
        if (v instanceof Double || v instanceof Float) return "double";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Map) return "map";
        if (v instanceof List || v instanceof Collection || v instanceof Object[]) return "list";
        return v.getClass().getSimpleName();
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    /** CEL equality: numbers compare by value across int and double; lists and maps deeply. */
    static boolean equal(Object a, Object b) throws Unsupported {
        a = canonical(a);
        b = canonical(b);
        if (a == null || b == null) return a == b;
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Long x && b instanceof Long y) return x.longValue() == y.longValue();
            Integer c = compareNumbers(a, b);
            return c != null && c == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) if (!equal(i.next(), j.next())) return false;
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    /** Numeric comparison without losing precision for large longs; null when a NaN is involved. */
    static Integer compareNumbers(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
        double da = ((Number) a).doubleValue();
        double db = ((Number) b).doubleValue();
        if (Double.isNaN(da) || Double.isNaN(db)) return null;
        if (Double.isInfinite(da) || Double.isInfinite(db)) return Double.compare(da, db);
        if (a instanceof Double && b instanceof Double) return Double.compare(da == 0 ? 0.0 : da, db == 0 ? 0.0 : db);
        return toDecimal(a).compareTo(toDecimal(b));
    }

    private static BigDecimal toDecimal(Object n) {
        return n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) n);
    }

    /**
     * CEL's string(double), made friendlier: shortest round-trip digits, no trailing ".0" (3.0 renders "3"),
     * exponent form (1e+21, 1e-05) only outside [1e-4, 1e21).
     */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
        if (d == 0) return "0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp >= -4 && exp < 21) return bd.toPlainString();
        String digits = bd.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (bd.signum() < 0) sb.append('-');
        sb.append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        sb.append('e').append(exp < 0 ? '-' : '+');
        int abs = Math.abs(exp);
        if (abs < 10) sb.append('0');
        return sb.append(abs).toString();
    }

    /** The text of a value in a template: scalars as string(), lists and maps as JSON. Null is not allowed here. */
    static String text(Object v) throws Unsupported {
        v = canonical(v);
        if (v instanceof String s) return s;
        if (v instanceof Double d) return formatDouble(d);
        if (v instanceof Map || v instanceof List) {
            StringBuilder sb = new StringBuilder();
            json(v, sb);
            return sb.toString();
        }
        return String.valueOf(v);
    }

    static void json(Object v, StringBuilder sb) throws Unsupported {
        v = canonical(v);
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            jsonString(s, sb);
        } else if (v instanceof Double d) {
            sb.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : formatDouble(d));
        } else if (v instanceof List<?> l) {
            sb.append('[');
            boolean first = true;
            for (Object e : l) {
                if (!first) sb.append(',');
                first = false;
                json(e, sb);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                jsonString(String.valueOf(canonical(e.getKey())), sb);
                sb.append(':');
                json(e.getValue(), sb);
            }
            sb.append('}');
        } else {
            sb.append(v);
        }
    }

    private static void jsonString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
