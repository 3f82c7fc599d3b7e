package dev.runbook.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compact, one-line renderings of journaled values for timelines and reports. */
final class Values {
    static final int MAX = 80;
    private static final int MAX_OUTPUTS = 8;

    private Values() {}

    static String show(Object v) {
        if (v == null) return "null";
        // mappings and lists through the one display form: {key: value}, never Java's {key=value}
        String s = v instanceof String str ? str : dev.runbook.text.Display.value(v);
        String line = firstLine(s);
        boolean cut = !line.equals(s.strip());
        if (line.length() > MAX) {
            line = line.substring(0, MAX);
            cut = true;
        }
        return cut ? line + " …" : line;
    }

    static String firstLine(String s) {
        return dev.runbook.text.Display.headline(s);
    }

    static List<String> lines(String text, int max) {
        if (text == null || text.isBlank()) return List.of();
        List<String> all = text.strip().lines().toList();
        if (all.size() <= max) return all;
        List<String> out = new ArrayList<>(all.subList(0, max));
        out.add("… " + (all.size() - max) + " more lines");
        return out;
    }

    /** The step's outputs as {@code name: value} lines, the first few only. */
    static List<String> outputs(Map<String, Object> outputs) {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Object> e : outputs.entrySet()) {
            if (n++ == MAX_OUTPUTS) {
                out.add("… " + (outputs.size() - MAX_OUTPUTS) + " more outputs");
                break;
            }
            out.add(e.getKey() + ": " + show(e.getValue()));
        }
        return out;
    }
}
