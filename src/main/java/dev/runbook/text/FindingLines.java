package dev.runbook.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.Findings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a step found, as lines of at most a given width, following the action's {@link Findings} declaration:
 * the one rendering used under step lines, in the gate's details view and in reports. Plain text, no indent
 * and no colour: the caller places it.
 */
public final class FindingLines {
    /** Rows shown unless {@code --full}. */
    public static final int ROWS = 5;
    /** Trailing lines of a program's output shown. */
    public static final int TAIL = 5;
    /** Lines of a failed response's body shown. */
    public static final int BODY = 6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FindingLines() {}

    /**
     * What {@code result} allows to be shown, laid out to {@code width}: a {@link StepResult.Found} result as its
     * action declares (rows as a table, fields, a program's output tail, an HTTP status), a {@link StepResult.CheckFailed}
     * one as the response or program output it observed (never fields or a table: a failed read has no rows, which is
     * not "no rows"), a
     * {@link StepResult.NotChecked} one as a single line naming what is unknown, and nothing else for the rest.
     *
     * @param full every row instead of the first {@link #ROWS}
     */
    public static List<String> render(Findings f, StepResult result, int width, boolean full) {
        List<String> out = new ArrayList<>();
        if (f.isEmpty()) return out;
        if (result instanceof StepResult.Found r) {
            found(out, f, r.outputs(), width, full);
        } else if (result instanceof StepResult.CheckFailed r) {
            observed(out, f, r.observed(), width);
        } else if (result instanceof StepResult.NotChecked) {
            out.addAll(Wrap.words(notChecked(f), width, "", "  "));
        }
        return out;
    }

    /** "not checked: state, availability, plan unknown": what a read that was never made would have shown. */
    static String notChecked(Findings f) {
        List<String> names = new ArrayList<>();
        if (f.http()) names.add("status");
        if (f.table() != null) names.add(f.table());
        names.addAll(f.fields());
        names.addAll(f.tail());
        return "not checked: " + String.join(", ", names) + " unknown";
    }

    private static void found(List<String> out, Findings f, Map<String, Object> outputs, int width, boolean full) {
        if (outputs.isEmpty()) return;
        if (f.http()) http(out, outputs, false, width);
        fields(out, f.fields(), outputs, width);
        if (f.table() != null) table(out, f, outputs, width, full);
        tails(out, f, outputs, width);
    }

    /**
     * A failed check: what the action observed before it failed (often nothing) as a response (status, body) or a
     * program's output, and never its fields or rows: a value or a row count of a read that failed would read as what
     * the system holds.
     */
    private static void observed(List<String> out, Findings f, Map<String, Object> observed, int width) {
        if (observed.isEmpty()) return;
        if (f.http()) http(out, observed, true, width);
        tails(out, f, observed, width);
    }

    private static void tails(List<String> out, Findings f, Map<String, Object> outputs, int width) {
        // a label per stream only when more than one has something to show
        long streams = f.tail().stream().filter(t -> outputs.get(t) instanceof String s && !s.isBlank()).count();
        for (String t : f.tail()) tail(out, t, streams > 1, outputs.get(t), width);
    }

    private static void http(List<String> out, Map<String, Object> o, boolean failed, int width) {
        if (!o.containsKey("status")) return;
        StringBuilder sb = new StringBuilder("status: ").append(Display.value(o.get("status")));
        if (o.get("latencyMs") != null) sb.append(" · latency: ").append(Display.value(o.get("latencyMs"))).append("ms");
        if (o.get("headers") instanceof Map<?, ?> h && h.get("content-type") != null) sb.append(" · ").append(Display.value(h.get("content-type")));
        out.add(Wrap.truncate(sb.toString(), width));
        boolean bad = failed || Boolean.FALSE.equals(o.get("ok"));
        if (!bad || !(o.get("body") instanceof String body) || body.isBlank()) return;
        List<String> lines = bodyLines(body);
        int shown = Math.min(BODY, lines.size());
        for (int i = 0; i < shown; i++) out.add(Wrap.truncate("│ " + lines.get(i), width));
        if (lines.size() > shown) out.add("│ … " + (lines.size() - shown) + " more lines (in the journal and --output json)");
    }

    /** A JSON body as indented {@code key: value} lines (a one-line 503 body becomes readable), any other text as it is. */
    private static List<String> bodyLines(String body) {
        String text = body.strip();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                List<String> out = new ArrayList<>();
                outline(out, JSON.readTree(text), "");
                return out;
            } catch (java.io.IOException e) {
                // not JSON after all (or cut at 4 KiB): shown as text
            }
        }
        return text.lines().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
    }

    private static void outline(List<String> out, JsonNode n, String indent) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                if (v.isContainerNode() && !v.isEmpty()) {
                    out.add(indent + e.getKey() + ":");
                    outline(out, v, indent + "  ");
                } else {
                    out.add(indent + e.getKey() + ": " + scalar(v));
                }
            });
        } else if (n.isArray()) {
            for (JsonNode v : n) {
                if (v.isContainerNode() && !v.isEmpty()) {
                    out.add(indent + "-");
                    outline(out, v, indent + "  ");
                } else {
                    out.add(indent + "- " + scalar(v));
                }
            }
        } else {
            out.add(indent + scalar(n));
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isTextual()) return v.asText();
        if (v.isContainerNode()) return v.isArray() ? "[]" : "{}";
        return v.toString();
    }

    /** key: value items, several to a line when they fit, an item never split across lines. */
    private static void fields(List<String> out, List<String> names, Map<String, Object> o, int width) {
        StringBuilder line = new StringBuilder();
        for (String n : names) {
            if (!o.containsKey(n) || o.get(n) == null) continue;
            Object v = o.get(n);
            // nothing found is not a finding: an empty list or text would only push the real ones off the screen
            if (v instanceof String s && s.isEmpty() || v instanceof java.util.Collection<?> c && c.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty()) continue;
            String item = Wrap.truncate(n + ": " + Display.value(v), width);
            if (line.length() > 0 && line.length() + 3 + item.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(" · ");
            line.append(item);
        }
        if (line.length() > 0) out.add(line.toString());
    }

    @SuppressWarnings("unchecked")
    private static void table(List<String> out, Findings f, Map<String, Object> o, int width, boolean full) {
        if (!(o.get(f.table()) instanceof List<?> list)) return;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object x : list) if (x instanceof Map<?, ?> m) rows.add((Map<String, Object>) m);
        long total = f.count() != null && o.get(f.count()) instanceof Number c ? c.longValue() : rows.size();
        if (rows.isEmpty()) {
            out.add(total == 0 ? "no rows" : total + " rows (none returned)");
            return;
        }
        LinkedHashSet<String> cols = new LinkedHashSet<>();
        if (f.columns() != null && o.get(f.columns()) instanceof List<?> named) named.forEach(c -> cols.add(String.valueOf(c)));
        if (cols.isEmpty()) rows.forEach(r -> cols.addAll(r.keySet()));
        List<Map<String, Object>> shown = full ? rows : rows.subList(0, Math.min(ROWS, rows.size()));
        out.addAll(Table.render(List.copyOf(cols), shown, width));
        long more = total - shown.size();
        if (more > 0) {
            String why = shown.size() < rows.size() ? " (--full shows all)" : "";
            out.add("… " + more + " more row" + (more == 1 ? "" : "s") + why);
        }
    }

    private static void tail(List<String> out, String name, boolean label, Object v, int width) {
        if (!(v instanceof String s) || s.isBlank()) return;
        List<String> lines = s.strip().lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
        if (label) out.add(name + ":");
        if (lines.size() > last.size()) out.add("│ … " + (lines.size() - last.size()) + " earlier lines");
        for (String l : last) out.add(Wrap.truncate("│ " + l.stripTrailing(), width));
    }
}
