package dev.runbook.text;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * The one way a value (plain data from outputs, arguments, plans) becomes text for a person: mappings as
 * {@code {key: value, ...}}, lists as {@code a, b, c}, numbers without a spurious {@code .0}. Never Java's
 * {@code Map.toString()} ({@code {a=1}}), which the operator should not have to read.
 */
public final class Display {
    private Display() {}

    /** One line: strings keep only their first line (with … when cut); nested data stays compact. */
    public static String value(Object v) {
        if (v instanceof String s) return firstLine(s);
        if (v instanceof Collection<?> c) {
            if (c.isEmpty()) return "(none)";
            StringBuilder sb = new StringBuilder();
            for (Object x : c) {
                if (sb.length() > 0) sb.append(", ");
                nested(sb, x);
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder();
        nested(sb, v);
        return sb.toString();
    }

    private static void nested(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            sb.append(firstLine(s));
        } else if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            sb.append(d.longValue());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sb.append(e.getKey()).append(": ");
                nested(sb, e.getValue());
                if (it.hasNext()) sb.append(", ");
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                nested(sb, it.next());
                if (it.hasNext()) sb.append(", ");
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }

    /** The first line of a text, stripped; "…" marks that more followed. */
    public static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).stripTrailing() + " …";
    }
}
