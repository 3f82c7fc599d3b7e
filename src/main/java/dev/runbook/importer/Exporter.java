package dev.runbook.importer;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.model.Effect;
import dev.runbook.model.Node;
import dev.runbook.model.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A runbook (its YAML tree) → a wiki page in the seeds' runbook template, each native action shown as the CLI
 * command it replaces (the mapping tables read backwards). What Markdown cannot say (a step's id, if, needs,
 * undo, an action no command expresses) goes into HTML comments, invisible in a wiki, so that importing the
 * page gives the same runbook back. Each rendered command is imported again before it is written: when that
 * would not give the same step, the step itself goes into the comment.
 */
public final class Exporter {
    private final Catalogue catalogue;
    private final CliMap map;
    private int fallbacks;

    public Exporter(Catalogue catalogue, CliMap map) {
        this.catalogue = catalogue;
        this.map = map;
    }

    /** Steps whose command alone would not import back to the same step (their uses/with are in the comment). */
    public int fallbacks() {
        return fallbacks;
    }

    private static final Map<Phase, String> HEADINGS = Map.of(Phase.DIAGNOSE, "Diagnostic Steps", Phase.RESOLVE, "Resolution Steps",
            Phase.VERIFY, "Verification Steps", Phase.ROLLBACK, "Rollback Plan");
    private static final Set<String> STEP_FIELDS = Set.of("id", "title", "uses", "with", "effect");

    /** {@code root}: the runbook file's YAML tree (a valid runbook). */
    public String markdown(Node.Mapping root) {
        Map<String, Object> rb = plainMap(root);
        StringBuilder b = new StringBuilder();
        String title = str(rb.get("title"), String.valueOf(rb.get("runbook")));
        b.append("# ").append(oneLine(title)).append("\n\n");
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("id", rb.get("runbook"));
        if (rb.get("env") != null) head.put("env", rb.get("env"));
        b.append("<!-- runbook: ").append(Annotations.write(head)).append(" -->\n\n");
        b.append("## Overview\n\n").append(rb.get("summary") == null ? "" : String.valueOf(rb.get("summary")).strip() + "\n").append('\n');
        b.append("## Severity\n\n").append(rb.get("severity")).append(" (").append(severityWord(String.valueOf(rb.get("severity")))).append(")\n\n");
        list(b, "Symptoms", rb.get("symptoms"));
        list(b, "Prerequisites", rb.get("prerequisites"));
        parameters(b, rb.get("parameters"));
        Map<String, Object> params = rb.get("parameters") instanceof Map<?, ?> m ? cast(m) : Map.of();
        for (Phase ph : Phase.values()) {
            if (!(rb.get(ph.id()) instanceof List<?> steps) || steps.isEmpty()) continue;
            b.append("## ").append(HEADINGS.get(ph)).append("\n\n");
            int n = 1;
            for (Object s : steps) step(b, ph, cast((Map<?, ?>) s), n++, params);
        }
        b.append("## Escalation\n\n");
        if (rb.get("escalation") instanceof List<?> esc && !esc.isEmpty()) {
            for (Object e : esc) {
                Map<String, Object> m = cast((Map<?, ?>) e);
                b.append("- After ").append(m.get("after")).append(": ").append(oneLine(String.valueOf(m.get("to")))).append('\n');
            }
        } else {
            b.append("None given.\n");
        }
        b.append('\n');
        list(b, "References", rb.get("references"));
        return b.toString().replaceAll("\n{3,}", "\n\n");
    }

    private static String severityWord(String s) {
        return switch (s) {
            case "P0" -> "Critical";
            case "P1" -> "High";
            case "P2" -> "Medium";
            default -> "Low";
        };
    }

    private static void list(StringBuilder b, String heading, Object items) {
        b.append("## ").append(heading).append("\n\n");
        if (items instanceof List<?> l && !l.isEmpty()) {
            for (Object i : l) b.append("- ").append(escapeLine(String.valueOf(i))).append('\n');
        } else {
            b.append("None given.\n");
        }
        b.append('\n');
    }

    private static void parameters(StringBuilder b, Object params) {
        if (!(params instanceof Map<?, ?> m) || m.isEmpty()) return;
        b.append("## Parameters\n\n| name | type | required | default | secret | description |\n| --- | --- | --- | --- | --- | --- |\n");
        for (var e : m.entrySet()) {
            Map<String, Object> p = cast((Map<?, ?>) e.getValue());
            b.append("| ").append(e.getKey()).append(" | ").append(str(p.get("type"), "string")).append(" | ")
                    .append(Boolean.TRUE.equals(p.get("required")) ? "yes" : "no").append(" | ")
                    .append(p.get("default") == null ? "" : "`" + cell(String.valueOf(p.get("default"))) + "`").append(" | ")
                    .append(Boolean.TRUE.equals(p.get("secret")) ? "yes" : "no").append(" | ")
                    .append(p.get("description") == null ? "" : cell(String.valueOf(p.get("description")))).append(" |\n");
        }
        b.append('\n');
    }

    private static String cell(String s) {
        return oneLine(s).replace("|", "\\|");
    }

    // ------------------------------------------------ steps

    private void step(StringBuilder b, Phase ph, Map<String, Object> s, int n, Map<String, Object> params) {
        String uses = String.valueOf(s.get("uses"));
        Map<String, Object> with = s.get("with") instanceof Map<?, ?> w ? cast(w) : new LinkedHashMap<>();
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("id", s.get("id"));
        for (var e : s.entrySet()) if (!STEP_FIELDS.contains(e.getKey())) note.put(e.getKey(), e.getValue());
        String title = s.get("title") == null ? null : oneLine(String.valueOf(s.get("title")));
        if (title != null) note.put("title", s.get("title"));
        Effect effect = effective(uses, s.get("effect"));
        String block;
        String lang = "bash";
        if (uses.equals("manual") || uses.equals("message")) {
            note.put("uses", uses);
            note.put("with", with);
            if (s.get("effect") != null) note.put("effect", s.get("effect"));
            block = null;
        } else {
            String command = uses.equals("shell") ? shellCommand(with) : nativeCommand(uses, withoutDefaults(catalogue, uses, with));
            Draft.Step back = command == null ? null : reimport(ph, command, params);
            if (back == null || !same(catalogue, back, uses, with)) {
                fallbacks++;
                note.put("uses", uses);
                note.put("with", with);
                if (command == null) {
                    lang = "text";
                    command = "runbook action " + uses + " " + Annotations.write(with);
                }
            }
            Effect imported = back == null ? null : Effect.parse(back.finalEffect).orElse(null);
            if (s.get("effect") != null || imported != effect) note.put("effect", effect.id());
            block = command;
            // the reimported step's phase is the section's; a step whose own heading would move it keeps it here
            if (back != null && back.phase != ph) note.put("phase", ph.id());
        }
        b.append("Step ").append(n).append(": ").append(title == null ? "(untitled)" : escapeLine(title)).append("\n\n");
        b.append("<!-- runbook-step: ").append(Annotations.write(note)).append(" -->\n\n");
        if (uses.equals("manual")) {
            b.append(escapeLine(String.valueOf(with.getOrDefault("instructions", "")))).append("\n\n");
            List<?> check = with.get("checklist") instanceof List<?> l && !l.isEmpty() ? l : List.of("Done");
            for (Object c : check) b.append("- [ ] ").append(escapeLine(String.valueOf(c))).append('\n');
            b.append('\n');
        } else if (uses.equals("message")) {
            fence(b, "text", String.valueOf(with.getOrDefault("text", "")));
        } else {
            fence(b, lang, block);
        }
    }

    private static void fence(StringBuilder b, String lang, String body) {
        String f = "```";
        while (body.contains(f)) f += "`";
        b.append(f).append(lang).append('\n').append(body).append('\n').append(f).append("\n\n");
    }

    private Effect effective(String uses, Object declared) {
        Effect own = catalogue.spec(uses).map(ActionSpec::effect).orElse(Effect.WRITE);
        Effect d = declared == null ? null : Effect.parse(String.valueOf(declared)).orElse(null);
        if (d == null) return own;
        if (catalogue.spec(uses).map(ActionSpec::authorDeclaresEffect).orElse(false)) return d;
        return d.compareTo(own) > 0 ? d : own;
    }

    /** Imports the one command as the page would and returns its step (null when it gives none). */
    private Draft.Step reimport(Phase ph, String command, Map<String, Object> params) {
        StringBuilder page = new StringBuilder("# x\n\n");
        StringBuilder pb = new StringBuilder();
        parameters(pb, params);
        page.append(pb).append("## ").append(HEADINGS.get(ph)).append("\n\n");
        fence(page, "bash", command);
        try {
            List<Draft> d = new Importer(catalogue, map).importPage("x.md", page.toString(), "x", null, false);
            List<Draft.Step> steps = d.get(0).allSteps();
            return steps.size() == 1 && steps.get(0).line > 0 ? steps.get(0) : null;
        } catch (Importer.ImportException e) {
            return null;
        }
    }

    private static boolean same(Catalogue catalogue, Draft.Step s, String uses, Map<String, Object> with) {
        return s.uses.equals(uses) && Objects.equals(withoutDefaults(catalogue, uses, s.with), withoutDefaults(catalogue, uses, with));
    }

    /**
     * The arguments an action would not take as given by default: two steps are the same when they differ only in
     * writing out a default ({@code expect: {status: 200}} of http.check, which {@code curl -f} means).
     */
    public static Map<String, Object> withoutDefaults(Catalogue catalogue, String uses, Map<String, Object> with) {
        Map<String, Object> out = new LinkedHashMap<>();
        ActionSpec spec = catalogue.spec(uses).orElse(null);
        for (var e : with.entrySet()) {
            Object dflt = spec == null ? null : spec.parameter(e.getKey()).map(p -> p.defaultValue()).orElse(null);
            Object v = normal(e.getValue());
            if (dflt != null && Objects.equals(normal(dflt), v)) continue;
            out.put(e.getKey(), v);
        }
        return out;
    }

    static Object normal(Object v) {
        if (v instanceof Integer i) return i.longValue();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normal(x)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(Exporter::normal).toList();
        return v;
    }

    /** A shell step's argv as one line a shell would split back to it; [sh, -c, script] as the script. */
    static String shellCommand(Map<String, Object> with) {
        if (!(with.get("command") instanceof List<?> argv) || argv.isEmpty()) return null;
        for (Object o : argv) if (!(o instanceof String)) return null;
        if (argv.size() == 3 && argv.get(0).equals("sh") && argv.get(1).equals("-c")) return unTemplate((String) argv.get(2));
        StringBuilder b = new StringBuilder();
        if (with.get("env") instanceof Map<?, ?> env) {
            for (var e : env.entrySet()) b.append(e.getKey()).append('=').append(word(String.valueOf(e.getValue()))).append(' ');
        }
        for (Object o : argv) b.append(word((String) o)).append(' ');
        return b.toString().strip();
    }

    /** A template as shell text: ${params.x} → {x}, $${ → ${. */
    private static String unTemplate(String t) {
        return t.replace("$${", "\u0000").replaceAll("\\$\\{params\\.([A-Za-z_][A-Za-z0-9_]*)}", "{$1}").replace("\u0000", "${");
    }

    /** One argument as a shell word that the importer reads back as the same template. */
    static String word(String template) {
        String t = template.replaceAll("\\$\\{params\\.([A-Za-z_][A-Za-z0-9_]*)}", "\u0001$1\u0002");
        if (t.matches("[A-Za-z0-9_@%+=:,./\\u0001\\u0002-]+") && !t.startsWith("-") || t.matches("-[A-Za-z0-9_=.,/-]*")) {
            return t.replace("\u0001", "{").replace("\u0002", "}");
        }
        if (!t.contains("${") && !t.contains("$${")) {
            // single quotes keep everything but a placeholder: close the quote around it
            String q = "'" + t.replace("'", "'\\''") + "'";
            return q.replace("\u0001", "'{").replace("\u0002", "}'").replace("''", "");
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (t.startsWith("$${", i)) {
                b.append("\\${");
                i += 2;
            } else if (t.startsWith("${", i)) {
                int end = t.indexOf('}', i);
                b.append(t, i, end + 1);
                i = end;
            } else if (c == '"' || c == '\\' || c == '`' || c == '$') {
                b.append('\\').append(c);
            } else if (c == '\u0001') {
                b.append('{');
            } else if (c == '\u0002') {
                b.append('}');
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The CLI command a native step replaces, from the first mapping row that can say every argument; null if none can. */
    String nativeCommand(String uses, Map<String, Object> with) {
        for (CliMap.Row row : map.rows()) {
            if (!row.action().equals(uses)) continue;
            String c = render(row, with);
            if (c != null) return c;
        }
        return null;
    }

    private static String render(CliMap.Row row, Map<String, Object> with) {
        List<String> words = new ArrayList<>(row.words());
        Map<Integer, String> positional = new java.util.TreeMap<>();
        String stdout = null;
        Set<String> done = new java.util.HashSet<>();
        for (CliMap.Arg a : row.args()) {
            if (a.kind() == CliMap.Kind.CONSTANT) {
                words.add(a.flag());
                words.add(word(a.value()));
            } else if (a.kind() == CliMap.Kind.BOOLEAN && a.exported() && a.param().equals("-")) {
                words.add(a.flag());
            }
        }
        for (var e : with.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            boolean ok = false;
            for (CliMap.Arg a : row.args()) {
                if (a.param() == null || a.param().equals("-")) continue;
                if (a.param().contains("{") && a.param().contains("{" + k + "}")) {
                    // a pattern (service/{cluster}/{service}): written once, when every part is there
                    if (done.contains(a.param())) {
                        ok = true;
                        break;
                    }
                    String filled = a.param();
                    boolean all = true;
                    for (var m = java.util.regex.Pattern.compile("\\{([A-Za-z]+)}").matcher(a.param()); m.find(); ) {
                        Object part = with.get(m.group(1));
                        if (!(part instanceof String ps) || ps.contains("/")) all = false;
                        else filled = filled.replace(m.group(), ps);
                    }
                    if (!all) return null;
                    done.add(a.param());
                    words.add(a.flag());
                    words.add(word(filled));
                    ok = true;
                    break;
                }
                if (a.param().startsWith(k + ".") && v instanceof Map<?, ?> vm) {
                    // connection: {host, user, ...} from the nested rules
                    boolean all = true;
                    for (var ne : vm.entrySet()) {
                        CliMap.Arg r = row.args().stream().filter(x -> (k + "." + ne.getKey()).equals(x.param()) && x.flag() != null).findFirst().orElse(null);
                        if (r == null || ne.getValue() instanceof Map || ne.getValue() instanceof List) all = false;
                        else {
                            words.add(r.flag());
                            words.add(word(String.valueOf(ne.getValue())));
                        }
                    }
                    if (!all) return null;
                    ok = true;
                    break;
                }
                if (!a.param().equals(k)) continue;
                switch (a.kind()) {
                    case BOOLEAN -> {
                        if (a.value() != null ? a.value().equals(v) : Boolean.TRUE.equals(v)) {
                            words.add(a.flag());
                            ok = true;
                        }
                    }
                    case POSITIONAL -> {
                        if (v instanceof String || v instanceof Long) {
                            String s = String.valueOf(v);
                            if (a.unit() != null && s.endsWith(a.unit()) && s.substring(0, s.length() - a.unit().length()).matches("\\d+")) {
                                s = s.substring(0, s.length() - a.unit().length());
                            }
                            positional.put(a.position(), word(s));
                            ok = true;
                        }
                    }
                    case STDOUT -> {
                        if (v instanceof String s && a.flag() == null && stdout == null && row.args().stream().noneMatch(x -> x.kind() == CliMap.Kind.VALUE && k.equals(x.param()))) {
                            stdout = word(s);
                            ok = true;
                        }
                    }
                    default -> {
                        if (a.container().equals("[]") && v instanceof List<?> l) {
                            for (Object o : l) {
                                if (o instanceof Map || o instanceof List) return null;
                                words.add(a.flag());
                                words.add(word(String.valueOf(o)));
                            }
                            ok = true;
                        } else if (a.container().equals("{}") && v instanceof Map<?, ?> m) {
                            for (var me : m.entrySet()) {
                                words.add(a.flag());
                                words.add(word(me.getKey() + ": " + me.getValue()));
                            }
                            ok = true;
                        } else if (a.container().isEmpty() && (v instanceof String || v instanceof Long || v instanceof Double)) {
                            words.add(a.flag());
                            words.add(word(String.valueOf(v)));
                            ok = true;
                        }
                    }
                }
                if (ok) break;
            }
            if (!ok) return null;
        }
        words.addAll(positional.values());
        if (stdout != null) {
            words.add(">");
            words.add(stdout);
        }
        return wrap(words);
    }

    /** Long commands as the seeds write them: one flag and its value per continuation line. */
    private static String wrap(List<String> words) {
        String one = String.join(" ", words);
        if (one.length() <= 100) return one;
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) b.append(w.startsWith("-") ? " \\\n  " : " ");
            b.append(w);
        }
        return b.toString();
    }

    // ------------------------------------------------ helpers

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static Map<String, Object> plainMap(Node.Mapping m) {
        return cast((Map<?, ?>) plain(m));
    }

    /** The tree as plain values, a typed plain scalar as written (012 stays "012", 1.50 stays "1.50" only for strings). */
    private static Object plain(Node n) {
        if (n instanceof Node.Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        if (n instanceof Node.Sequence s) return s.items().stream().map(Exporter::plain).toList();
        Object v = ((Node.Scalar) n).value();
        return v instanceof Integer i ? i.longValue() : v;
    }

    private static String str(Object o, String dflt) {
        return o == null ? dflt : String.valueOf(o);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    /** Text for one Markdown line: no leading marker that would make it a list, heading or quote. */
    private static String escapeLine(String s) {
        String t = oneLine(s);
        if (t.matches("^([#>+*-]|\\d+[.)]).*")) t = "\\" + t;
        return t;
    }
}
