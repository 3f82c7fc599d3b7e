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

    /** The first line of a text ({@link #headline}); "…" marks that more followed. */
    public static String firstLine(String s) {
        java.util.List<String> lines = nonBlankLines(s);
        int used = used(lines);
        String h = headline(lines, used);
        return lines.size() > used ? h + " …" : h;
    }

    /**
     * The one place a message is made one line (a header's identity, a finding, a report cell, the end block): its
     * first non-blank line, and when that line only leads in to the detail (it ends with ':', as in
     * "caller identity not found in eu-west-1:" with the service's words on the next line), the first non-blank line
     * after it too. Cutting at the first line alone showed "...failed in eu-west-1:" with nothing after.
     */
    public static String headline(String s) {
        java.util.List<String> lines = nonBlankLines(s);
        return headline(lines, used(lines));
    }

    private static String headline(java.util.List<String> lines, int used) {
        return used == 0 ? "" : used == 1 ? lines.get(0) : lines.get(0) + " " + lines.get(1);
    }

    /** How many of the lines the headline takes: none, the first, or the first (a lead-in) and its detail. */
    private static int used(java.util.List<String> lines) {
        if (lines.isEmpty()) return 0;
        return lines.get(0).endsWith(":") && lines.size() > 1 ? 2 : 1;
    }

    private static java.util.List<String> nonBlankLines(String s) {
        // lines end at '\n' (or "\r\n"), never at a lone '\r': that is data, shown escaped (ControlChars), and splitting
        // there would hide what a carriage return was meant to write over ("drop table\rselect 1")
        return s == null ? java.util.List.of()
                : java.util.Arrays.stream(s.split("\r?\n", -1)).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
