package dev.runbook.importer;

import dev.runbook.model.Phase;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes a {@link Draft} as runbook YAML, with {@code # from PAGE:LINE} and {@code # TODO(import):} comments. */
public final class DraftYaml {
    private DraftYaml() {}

    public static String write(Draft d) {
        StringBuilder b = new StringBuilder();
        b.append("# yaml-language-server: $schema=../schema/runbook.schema.json\n");
        b.append("# Imported from ").append(oneLine(d.source)).append(" by 'runbook import': a draft. Review each TODO(import),\n");
        b.append("# then check it with: runbook validate\n");
        b.append("runbook: ").append(d.id).append('\n');
        b.append("title: ").append(scalar(d.title)).append('\n');
        for (Draft.Todo t : d.todos) todo(b, "", t.text());
        b.append("severity: ").append(d.severity).append('\n');
        if (d.summary != null && !d.summary.isBlank()) b.append("summary: ").append(block(d.summary, "  ")).append('\n');
        list(b, "symptoms", d.symptoms);
        list(b, "prerequisites", d.prerequisites);
        if (!d.escalation.isEmpty()) {
            b.append("escalation:\n");
            for (Draft.Escalation e : d.escalation) b.append("  - after: ").append(e.after()).append("\n    to: ").append(scalar(e.to())).append('\n');
        }
        list(b, "references", d.references);
        if (!d.parameters.isEmpty()) {
            b.append("\nparameters:\n");
            for (Draft.Param p : d.parameters.values()) {
                if (p.line > 0 && !p.declared) b.append("  # from ").append(oneLine(d.source)).append(':').append(p.line).append('\n');
                for (String t : p.todos) todo(b, "  ", t);
                b.append("  ").append(p.name).append(": { type: ").append(p.type);
                if (p.defaultValue != null) b.append(", default: ").append(scalar(p.defaultValue));
                else if (p.required) b.append(", required: true");
                if (p.secret) b.append(", secret: true");
                if (p.description != null) b.append(", description: ").append(scalar(p.description));
                b.append(" }\n");
            }
        }
        if (!d.extraEnv.isEmpty()) b.append("env: ").append(flow(List.copyOf(d.extraEnv))).append('\n');
        for (Phase ph : Phase.values()) {
            List<Draft.Step> steps = d.phases.getOrDefault(ph, List.of());
            if (steps.isEmpty()) continue;
            b.append('\n').append(ph.id()).append(":\n");
            for (Draft.Step s : steps) step(b, d, s);
        }
        return b.toString();
    }


    private static void step(StringBuilder b, Draft d, Draft.Step s) {
        if (s.line > 0) b.append("  # from ").append(oneLine(d.source)).append(':').append(s.line).append('\n');
        for (String t : s.todos) todo(b, "  ", t);
        b.append("  - id: ").append(s.id).append('\n');
        if (s.title != null) b.append("    title: ").append(scalar(s.title)).append('\n');
        b.append("    uses: ").append(s.uses).append('\n');
        if (s.effect != null) b.append("    effect: ").append(s.effect).append('\n');
        if (!s.with.isEmpty()) {
            b.append("    with:\n");
            for (var e : s.with.entrySet()) value(b, "      ", e.getKey(), e.getValue());
        }
        for (var e : s.extra.entrySet()) value(b, "    ", e.getKey(), e.getValue());
    }

    private static void todo(StringBuilder b, String indent, String text) {
        b.append(indent).append("# TODO(import): ").append(oneLine(text)).append('\n');
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    }

    private static void list(StringBuilder b, String key, List<String> items) {
        if (items.isEmpty()) return;
        b.append(key).append(":\n");
        for (String i : items) b.append("  - ").append(scalar(i)).append('\n');
    }

    /** key: value at {@code indent}; maps and lists of non-scalars as blocks, short scalar lists in flow style. */
    static void value(StringBuilder b, String indent, String key, Object v) {
        b.append(indent).append(key(key)).append(':');
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append(" {}\n");
                return;
            }
            b.append('\n');
            for (var e : m.entrySet()) value(b, indent + "  ", String.valueOf(e.getKey()), e.getValue());
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append(" []\n");
                return;
            }
            if (l.stream().allMatch(x -> !(x instanceof Map) && !(x instanceof List) && !(x instanceof String s && s.contains("\n")))
                    && flow(l).length() + indent.length() + key.length() < 110) {
                b.append(' ').append(flow(l)).append('\n');
                return;
            }
            b.append('\n');
            for (Object x : l) {
                if (x instanceof Map<?, ?> xm && !xm.isEmpty()) {
                    boolean first = true;
                    for (var e : xm.entrySet()) {
                        StringBuilder one = new StringBuilder();
                        value(one, "", String.valueOf(e.getKey()), e.getValue());
                        String[] ls = one.toString().split("\n", -1);
                        for (int i = 0; i < ls.length; i++) {
                            if (ls[i].isEmpty() && i == ls.length - 1) continue;
                            b.append(indent).append(first ? "  - " : "    ").append(ls[i]).append('\n');
                            first = false;
                        }
                    }
                } else if (x instanceof String s && s.contains("\n")) {
                    b.append(indent).append("  - ").append(block(s, indent + "    ")).append('\n');
                } else {
                    b.append(indent).append("  - ").append(scalar(x)).append('\n');
                }
            }
        } else if (v instanceof String s && s.contains("\n")) {
            b.append(' ').append(block(s, indent + "  ")).append('\n');
        } else {
            b.append(' ').append(scalar(v)).append('\n');
        }
    }

    private static String key(String k) {
        return k.matches("[A-Za-z_][A-Za-z0-9_-]*") ? k : quote(k);
    }

    static String flow(List<?> l) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(scalar(l.get(i)));
        }
        return b.append(']').toString();
    }

    /** A multi-line text as a literal block when YAML keeps it exactly, else double-quoted. */
    static String block(String s, String indent) {
        if (!s.contains("\n")) return scalar(s);
        boolean literalOk = !s.startsWith(" ") && !s.startsWith("\t") && !s.contains("\t") && !s.contains("\r")
                && s.lines().noneMatch(l -> l.endsWith(" ")) && s.chars().noneMatch(c -> c < 0x20 && c != '\n')
                && !s.startsWith("\n");
        if (!literalOk) return quote(s);
        String chomp = s.endsWith("\n") ? (s.endsWith("\n\n") ? "+" : "") : "-";
        if (chomp.equals("+")) return quote(s);
        StringBuilder b = new StringBuilder("|").append(chomp);
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        for (String l : body.split("\n", -1)) {
            b.append('\n');
            if (!l.isEmpty()) b.append(indent).append(l);
        }
        return b.toString();
    }

    static String scalar(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean || v instanceof Long || v instanceof Integer) return String.valueOf(v);
        if (v instanceof Double dbl) return dbl.isNaN() ? ".nan" : dbl.isInfinite() ? (dbl > 0 ? ".inf" : "-.inf") : String.valueOf(dbl);
        String s = String.valueOf(v);
        if (s.matches("[A-Za-z_/][A-Za-z0-9_./@-]*") && !s.matches("(?i)true|false|null|yes|no|on|off|y|n|~|\\.inf|\\.nan")
                && !s.contains("${")) {
            return s;
        }
        return quote(s);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
