package dev.runbook.action.sim;

import dev.runbook.model.ParamType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Plain-value helpers: one number representation, loose equality for scenario conditions, typed defaults. */
final class Values {
    private Values() {}

    /** Integers become Long and decimals Double, recursively, so YAML and computed values compare alike. */
    static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof java.math.BigInteger b) return b.longValue();
        if (v instanceof java.math.BigDecimal b) return b.doubleValue();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(normalize(x)));
            return out;
        }
        return v;
    }

    static Map<String, Object> normalizeMap(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(k, normalize(x)));
        return out;
    }

    /** Numbers compare by value (1 == 1.0), a number equals its decimal text, everything else by equals. */
    static boolean same(Object a, Object b) {
        a = normalize(a);
        b = normalize(b);
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        if (a instanceof Number x && b instanceof String s) return numericText(s, x);
        if (b instanceof Number y && a instanceof String s) return numericText(s, y);
        return Objects.equals(a, b);
    }

    private static boolean numericText(String s, Number n) {
        try {
            return Double.parseDouble(s.trim()) == n.doubleValue();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Object typedDefault(ParamType type) {
        return switch (type) {
            case STRING, URL -> "";
            case DURATION -> "0s";
            case INT -> 0L;
            case NUMBER -> 0.0;
            case BOOL -> false;
            case LIST -> List.of();
            case MAP -> Map.of();
            case ANY -> null;
        };
    }

    /** Converts a value to the declared output type where it is a lossless change (a numeric string to INT). */
    static Object coerce(Object v, ParamType type) {
        v = normalize(v);
        if (v == null) return null;
        switch (type) {
            case INT:
                if (v instanceof Double d && d == Math.rint(d)) return d.longValue();
                if (v instanceof String s) {
                    try {
                        return Long.parseLong(s.trim());
                    } catch (NumberFormatException e) {
                        return v;
                    }
                }
                return v;
            case NUMBER:
                if (v instanceof Long l) return l.doubleValue();
                if (v instanceof String s) {
                    try {
                        return Double.parseDouble(s.trim());
                    } catch (NumberFormatException e) {
                        return v;
                    }
                }
                return v;
            case BOOL:
                if (v instanceof String s && (s.equals("true") || s.equals("false"))) return Boolean.parseBoolean(s);
                return v;
            case STRING, URL, DURATION:
                return v instanceof String || v instanceof Map || v instanceof List ? v : String.valueOf(v);
            default:
                return v;
        }
    }

    /** A short rendering for summaries and the debrief: long lists become a count, long text is cut. */
    static String show(Object v) {
        if (v == null) return "(none)";
        if (v instanceof String s) return s.isEmpty() ? "''" : cut(s);
        String text = dev.runbook.text.Display.value(v);
        if (v instanceof List<?> l && text.length() > 60) return "[" + l.size() + (l.size() == 1 ? " item]" : " items]");
        return cut(text);
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
