package dev.runbook.ui;

import dev.runbook.text.Display;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The lines that show what a plan changes, the same at the gate, in its details and in a dry run: one line per
 * changed value ("workers: 2 → 4"), an unchanged one once ("sku: P1v2 (unchanged)"), a value with no before state as
 * itself ("rebootType: PrimaryNode"), the resource a step creates marked "(new)" instead of "null → name", and no
 * detail line that repeats one of these.
 */
final class PlanLines {
    private PlanLines() {}

    static List<String> of(Map<String, Object> before, Map<String, Object> after, List<String> details, String target) {
        List<String> out = changes(before, after, target);
        out.addAll(details(after, details));
        return out;
    }

    /** The plan's details, without those that repeat a change. */
    static List<String> details(Map<String, Object> after, List<String> details) {
        List<String> out = new ArrayList<>();
        for (String d : details) {
            if (!repeats(d, after)) out.add(d);
        }
        return out;
    }

    static List<String> changes(Map<String, Object> before, Map<String, Object> after, String target) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            Object was = before.get(e.getKey());
            String now = show(e.getValue());
            if (was != null) {
                out.add(e.getKey() + ": " + (Objects.equals(show(was), now) ? now + " (unchanged)" : show(was) + " → " + now));
            } else if (target != null && target.equals(String.valueOf(e.getValue()))
                    && (before.containsKey(e.getKey()) || isName(e.getKey()))) {
                out.add(e.getKey() + ": " + now + " (new)");
            } else {
                out.add(e.getKey() + ": " + now);
            }
        }
        return out;
    }

    private static boolean isName(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.equals("name") || k.equals("target") || k.endsWith("name") || k.endsWith("identifier") || k.endsWith("id");
    }

    /** A detail "sku: P1v3 → P2v3" that says again what an after entry says. */
    private static boolean repeats(String detail, Map<String, Object> after) {
        int colon = detail.indexOf(':');
        return colon > 0 && after.containsKey(detail.substring(0, colon).strip()) && detail.contains("→");
    }

    /** A value as an operator reads it (text.Display): whole doubles without ".0" (a count of 360851, not 360851.0). */
    static String show(Object v) {
        return Display.value(v instanceof Float f ? (Object) f.doubleValue() : v);
    }
}
