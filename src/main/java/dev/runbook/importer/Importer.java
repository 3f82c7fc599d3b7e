package dev.runbook.importer;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.ParamSpec;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import dev.runbook.model.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Markdown page → draft runbook(s). Headings give phases and metadata, fenced blocks give steps (native actions
 * through {@link CliMap}, else {@code shell}), lists give manual steps, and every guess is a TODO.
 */
public final class Importer {
    private final Catalogue catalogue;
    private final CliMap map;

    public Importer(Catalogue catalogue, CliMap map) {
        this.catalogue = catalogue;
        this.map = map;
    }

    /** A page the importer cannot take (no such section, nothing to split). */
    public static final class ImportException extends Exception {
        public ImportException(String message) {
            super(message);
        }
    }

    /** A part of the page that becomes one runbook. */
    record Section(String title, int level, int start, int end) {}

    private static Parser parser() {
        return Parser.builder().extensions(List.of(TablesExtension.create())).includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
    }

    /**
     * Imports {@code text} (the page, named {@code page} in comments): the whole page, one {@code section}, or
     * with {@code split} one draft per procedure.
     */
    public List<Draft> importPage(String page, String text, String id, String section, boolean split) throws ImportException {
        String normal = text.replace("\r\n", "\n").replace('\r', '\n');
        if (normal.startsWith("\uFEFF")) normal = normal.substring(1);
        Node doc = parser().parse(normal);
        List<Node> blocks = new ArrayList<>();
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) blocks.add(n);
        String pageTitle = null;
        for (Node b : blocks) {
            if (b instanceof Heading h && h.getLevel() == 1) {
                pageTitle = clean(inline(h));
                break;
            }
        }
        String base = page.replaceAll(".*/", "").replaceFirst("\\.[^.]*$", "");
        explicitId = id != null;
        if (section != null) {
            Section s = find(blocks, section).orElseThrow(() -> new ImportException("no section '" + section + "' in " + page
                    + "; sections: " + String.join(", ", headings(blocks))));
            String t = sectionTitle(s.title());
            return List.of(build(page, blocks.subList(s.start() + 1, s.end()), t, id != null ? id : slug(t, "runbook")));
        }
        if (split) {
            List<Draft> out = new ArrayList<>();
            Set<String> ids = new LinkedHashSet<>();
            for (Section s : procedures(blocks)) {
                String t = sectionTitle(s.title());
                String sid = slug(t, "runbook");
                if (id != null) sid = id + "-" + sid;
                while (!ids.add(sid)) sid = sid + "-2";
                Draft d = build(page, blocks.subList(s.start() + 1, s.end()), t, sid);
                if (d.allSteps().stream().anyMatch(st -> st.line > 0 && !st.uses.equals("manual")) || d.allSteps().size() > 1) out.add(d);
            }
            if (out.isEmpty()) throw new ImportException(page + " holds no procedures with commands to split (import it whole)");
            return out;
        }
        String t = pageTitle != null ? pageTitle : base;
        List<Node> body = new ArrayList<>(blocks);
        return List.of(build(page, body, t, id != null ? id : slug(base, "runbook")));
    }

    private boolean explicitId;

    private Draft build(String page, List<Node> blocks, String title, String id) {
        Walk w = new Walk(page);
        w.d.id = id;
        w.d.title = title;
        w.d.source = page;
        for (Node b : blocks) w.block(b);
        w.finish();
        return w.d;
    }

    // ---------------------------------------------------------------- sections

    private static final Pattern PROCEDURE = Pattern.compile("(?i)^(runbook|procedure|playbook|issue|scenario|incident)\\s*[:\\-–—]\\s*.+");

    private static List<Section> sections(List<Node> blocks) {
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof Heading h)) continue;
            int end = blocks.size();
            for (int j = i + 1; j < blocks.size(); j++) {
                if (blocks.get(j) instanceof Heading n && n.getLevel() <= h.getLevel()) {
                    end = j;
                    break;
                }
            }
            out.add(new Section(clean(inline(h)), h.getLevel(), i, end));
        }
        return out;
    }

    static List<Section> procedures(List<Node> blocks) {
        List<Section> all = sections(blocks);
        List<Section> named = all.stream().filter(s -> PROCEDURE.matcher(s.title()).matches()).toList();
        if (!named.isEmpty()) return named;
        return all.stream().filter(s -> s.level() == 2).toList();
    }

    private static Optional<Section> find(List<Node> blocks, String wanted) {
        String w = norm(wanted);
        List<Section> all = sections(blocks);
        for (Section s : all) if (norm(s.title()).equals(w) || norm(sectionTitle(s.title())).equals(w)) return Optional.of(s);
        for (Section s : all) if (norm(s.title()).contains(w)) return Optional.of(s);
        return Optional.empty();
    }

    private static List<String> headings(List<Node> blocks) {
        List<String> out = new ArrayList<>();
        for (Section s : sections(blocks)) if (s.level() <= 3) out.add("'" + sectionTitle(s.title()) + "'");
        return out.size() > 20 ? out.subList(0, 20) : out;
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }

    static String sectionTitle(String heading) {
        return heading.replaceFirst("(?i)^(runbook|procedure|playbook|issue|scenario|incident)\\s*[:\\-–—]\\s*", "").trim();
    }

    // ---------------------------------------------------------------- text helpers

    /** The inline text of a node: code spans keep their text, links their label, line breaks become spaces. */
    static String inline(Node n) {
        StringBuilder b = new StringBuilder();
        inline(n, b);
        return b.toString().replaceAll("[ \\t]+", " ").trim();
    }

    private static void inline(Node n, StringBuilder b) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof Text t) b.append(t.getLiteral());
            else if (c instanceof Code code) b.append(code.getLiteral());
            else if (c instanceof SoftLineBreak || c instanceof HardLineBreak) b.append(' ');
            else if (c instanceof Link l) {
                int at = b.length();
                inline(c, b);
                String label = b.substring(at);
                if (!label.equals(l.getDestination()) && l.getDestination().matches("https?://.*")) b.append(" (").append(l.getDestination()).append(')');
            } else if (c instanceof Paragraph || c instanceof ListBlock || c instanceof ListItem) {
                if (b.length() > 0) b.append(' ');
                inline(c, b);
            } else if (!(c instanceof FencedCodeBlock)) inline(c, b);
        }
    }

    /** Without leading emoji, mojibake and punctuation; trailing ':' dropped. */
    static String clean(String s) {
        // leading words without an ASCII letter or digit: emoji, and emoji read as Latin-1 ("ðŸ“•")
        String t = s.trim().replaceAll("^(?:[^\\sA-Za-z0-9]*[^\\sA-Za-z0-9\\[(`]\\s+)+", "");
        t = t.replaceAll("^[^\\p{L}\\p{N}\\[(`]+", "").replaceAll("[\\s:]+$", "").trim();
        return t.isEmpty() ? s.trim() : t;
    }

    static String slug(String s, String fallback) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (t.length() > 40) {
            t = t.substring(0, 40);
            int dash = t.lastIndexOf('-');
            if (dash > 15) t = t.substring(0, dash);
            t = t.replaceAll("-+$", "");
        }
        if (t.isEmpty() || !Character.isLetter(t.charAt(0))) t = t.isEmpty() ? fallback : fallback + "-" + t;
        return t;
    }

    private static int line(Node n) {
        List<SourceSpan> spans = n.getSourceSpans();
        return spans.isEmpty() ? 0 : spans.get(0).getLineIndex() + 1;
    }

    // ---------------------------------------------------------------- headings → meaning

    enum Meta { SUMMARY, SEVERITY, SYMPTOMS, PREREQUISITES, ESCALATION, REFERENCES, PARAMETERS, COMMUNICATION, IGNORE }

    record Context(int level, String text, Phase phase, Meta meta, boolean pseudo) {}

    static Phase phaseOf(String heading) {
        String h = heading.toLowerCase(Locale.ROOT);
        if (h.matches(".*\\b(rollback|roll back|roll-back|revert|back out|undo)\\b.*")) return Phase.ROLLBACK;
        if (h.matches(".*\\b(verif\\w*|validat\\w*|confirm\\w*|smoke|post-deploy\\w*|monitor|watch)\\b.*")) return Phase.VERIFY;
        if (h.matches(".*\\b(diagnos\\w*|investigat\\w*|check\\w*|triage|detect\\w*|identify|assess\\w*|inspect\\w*|analy[sz]\\w*|troubleshoot\\w*|health)\\b.*")) return Phase.DIAGNOSE;
        if (h.matches(".*\\b(resolution|resolve|remediat\\w*|mitigat\\w*|fix\\w*|restore|recover\\w*|repair|workaround|restart|scal\\w*|rotate|rotating|deploy\\w*|backup|failover|immediate|action|pre-?warm\\w*|apply|execute)\\b.*")) return Phase.RESOLVE;
        return null;
    }

    static Meta metaOf(String heading) {
        String h = heading.toLowerCase(Locale.ROOT).trim();
        if (h.matches("(overview|summary|description|introduction|about|purpose|context)\\b.*")) return Meta.SUMMARY;
        if (h.matches("(severity|priority)\\b.*")) return Meta.SEVERITY;
        if (h.matches("(symptoms?|signs|triggers?|indicators)\\b.*")) return Meta.SYMPTOMS;
        if (h.matches("(prerequisites?|requirements|required access|before you (start|begin)|access|tools needed)\\b.*")) return Meta.PREREQUISITES;
        if (h.matches("(escalation|escalate|when to escalate)\\b.*")) return Meta.ESCALATION;
        if (h.matches("(references?|resources|links|related (documentation|docs|links)|see also|further reading)\\b.*")) return Meta.REFERENCES;
        if (h.matches("parameters?\\b.*")) return Meta.PARAMETERS;
        if (!h.contains("runbook") && h.matches(".*\\b(communicat\\w*|templates?|announcement|status page|message|notice|notification)\\b.*")) return Meta.COMMUNICATION;
        if (h.matches("(table of contents|contents|toc|changelog|revision history|document history)\\b.*")) return Meta.IGNORE;
        return null;
    }

    // ---------------------------------------------------------------- the walk

    private final class Walk {
        final Draft d = new Draft();
        final String page;
        final List<Context> stack = new ArrayList<>();
        final Set<String> ids = new LinkedHashSet<>();
        final List<String> conditions = new ArrayList<>();
        Map<String, Object> annotation;
        String leadTitle;
        final List<String> summary = new ArrayList<>();

        Walk(String page) {
            this.page = page.replaceAll(".*/", "");
        }

        Context ctx() {
            return stack.isEmpty() ? null : stack.get(stack.size() - 1);
        }

        Phase phase() {
            for (int i = stack.size() - 1; i >= 0; i--) if (stack.get(i).phase() != null) return stack.get(i).phase();
            return null;
        }

        Meta meta() {
            Context c = ctx();
            if (c == null) return null;
            for (int i = stack.size() - 1; i >= 0; i--) {
                if (stack.get(i).meta() != null) return stack.get(i).meta();
                if (stack.get(i).phase() != null) return null;
            }
            return null;
        }

        String headingText() {
            Context c = ctx();
            return c == null ? d.title : c.text();
        }

        void heading(int level, String text, boolean pseudo) {
            while (!stack.isEmpty() && (stack.get(stack.size() - 1).level() >= level || (!pseudo && stack.get(stack.size() - 1).pseudo()))) {
                stack.remove(stack.size() - 1);
            }
            String t = clean(text);
            Meta m = metaOf(t);
            Phase p = m == null ? phaseOf(t) : null;
            stack.add(new Context(level, t, p, m, pseudo));
            headingUsed = false;
            conditions.clear();
            leadTitle = null;
        }

        void block(Node n) {
            if (n instanceof Heading h) {
                if (h.getLevel() == 1 && stack.isEmpty() && clean(inline(h)).equals(d.title)) return;
                heading(h.getLevel(), inline(h), false);
            } else if (n instanceof FencedCodeBlock f) {
                code(f.getInfo(), f.getLiteral(), line(n) + 1, n);
            } else if (n instanceof IndentedCodeBlock ic) {
                code("", ic.getLiteral(), line(n), n);
            } else if (n instanceof Paragraph p) {
                paragraph(p);
            } else if (n instanceof ListBlock l) {
                list(l);
            } else if (n instanceof TableBlock t) {
                table(t);
            } else if (n instanceof HtmlBlock h) {
                html(h);
            } else if (n instanceof BlockQuote q) {
                for (Node c = q.getFirstChild(); c != null; c = c.getNext()) block(c);
            }
        }

        // ------------------------------------------------ paragraphs and metadata

        void paragraph(Paragraph p) {
            String text = inline(p);
            if (text.equals("None given.")) return;
            // **Investigation:** alone on a line acts as a heading
            if (p.getFirstChild() instanceof StrongEmphasis s && (p.getFirstChild().getNext() == null
                    || (p.getFirstChild().getNext() instanceof Text t && t.getLiteral().trim().matches(":?") && t.getNext() == null))) {
                int level = stack.isEmpty() ? 2 : stack.get(stack.size() - 1).level() + (stack.get(stack.size() - 1).pseudo() ? 0 : 1);
                heading(level, inline(s), true);
                return;
            }
            // **Trigger**: text
            Matcher label = Pattern.compile("(?i)^(trigger|symptoms?|severity|impact)\\s*:\\s*(.+)").matcher(text);
            if (p.getFirstChild() instanceof StrongEmphasis && label.matches()) {
                String k = label.group(1).toLowerCase(Locale.ROOT);
                if (k.startsWith("severity")) severity(label.group(2));
                else if (k.equals("impact")) summary.add(label.group(2));
                else d.symptoms.add(label.group(2));
                return;
            }
            Meta m = meta();
            if (m == Meta.SUMMARY) {
                summary.add(text);
                return;
            }
            if (m == Meta.SEVERITY) {
                severity(text);
                return;
            }
            if (m == Meta.SYMPTOMS) {
                d.symptoms.add(text);
                return;
            }
            if (m == Meta.PREREQUISITES) {
                d.prerequisites.add(text);
                return;
            }
            if (m == Meta.ESCALATION) {
                escalation(text, line(p));
                return;
            }
            if (m == Meta.REFERENCES) {
                d.references.add(text);
                return;
            }
            condition(text);
            leadTitle = text.length() <= 80 ? clean(CodeBlocks.title(text)) : null;
            leadUsed = false;
            skip(line(p), text, "prose");
        }

        void condition(String text) {
            Matcher c = Pattern.compile("(?i)\\bif\\b[^.;!?]*").matcher(text);
            while (c.find()) {
                String sentence = c.group().trim();
                if (sentence.split("\\s+").length >= 2) conditions.add(sentence);
            }
        }

        void severity(String text) {
            Matcher p = Pattern.compile("\\bP([0-3])\\b").matcher(text);
            String lower = text.toLowerCase(Locale.ROOT);
            if (p.find()) d.severity = "P" + p.group(1);
            else if (lower.contains("critical")) d.severity = "P0";
            else if (lower.contains("high")) d.severity = "P1";
            else if (lower.contains("medium")) d.severity = "P2";
            else if (lower.contains("low")) d.severity = "P3";
        }

        void escalation(String text, int line) {
            Matcher after = Pattern.compile("(?i)^after\\s+((?:\\d+(?:ms|s|m|h|d))+)\\s*:\\s*(.+)$").matcher(text);
            if (after.matches()) {
                d.escalation.add(new Draft.Escalation(after.group(1), after.group(2)));
                return;
            }
            Matcher m = Pattern.compile("(?i)(\\d+)\\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\\b").matcher(text);
            if (m.find()) {
                String u = m.group(2).toLowerCase(Locale.ROOT);
                String unit = u.startsWith("ms") ? "ms" : u.startsWith("s") ? "s" : u.startsWith("m") ? "m" : u.startsWith("h") ? "h" : "d";
                d.escalation.add(new Draft.Escalation(m.group(1) + unit, text));
            } else {
                d.todos.add(new Draft.Todo(line, "escalation '" + shorten(text, 60) + "' names no time: add it under escalation: with after:"));
            }
        }

        void table(TableBlock t) {
            if (meta() == Meta.PARAMETERS) {
                parametersTable(t);
                return;
            }
            skip(line(t), "table", "prose");
        }

        /** | name | type | required | default | secret | description | — as export writes it. */
        void parametersTable(TableBlock t) {
            List<List<String>> rows = new ArrayList<>();
            for (Node sec = t.getFirstChild(); sec != null; sec = sec.getNext()) {
                for (Node row = sec.getFirstChild(); row != null; row = row.getNext()) {
                    List<String> cells = new ArrayList<>();
                    for (Node c = row.getFirstChild(); c != null; c = c.getNext()) if (c instanceof TableCell) cells.add(inline(c));
                    rows.add(cells);
                }
            }
            if (rows.isEmpty()) return;
            List<String> head = rows.get(0).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
            for (List<String> r : rows.subList(1, rows.size())) {
                String name = cell(r, head, "name");
                if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) continue;
                Draft.Param p = params.declare(name, line(t));
                String type = cell(r, head, "type");
                if (type != null && ParamType.parse(type).isPresent()) p.type = type;
                p.required = "yes".equalsIgnoreCase(cell(r, head, "required"));
                String def = cell(r, head, "default");
                if (def != null && !def.isEmpty()) {
                    p.defaultValue = typedDefault(def, p.type);
                    p.required = false;
                }
                p.secret = "yes".equalsIgnoreCase(cell(r, head, "secret"));
                String desc = cell(r, head, "description");
                if (desc != null && !desc.isEmpty()) p.description = desc;
                p.todos.clear();
                p.declared = true;
            }
        }

        String cell(List<String> r, List<String> head, String col) {
            int i = head.indexOf(col);
            return i < 0 || i >= r.size() ? null : r.get(i).trim();
        }

        Object typedDefault(String def, String type) {
            String v = def.startsWith("`") && def.endsWith("`") && def.length() > 1 ? def.substring(1, def.length() - 1) : def;
            try {
                if (type.equals("int")) return Long.parseLong(v);
                if (type.equals("number")) return v.matches("-?\\d{1,18}") ? (Object) Long.parseLong(v) : (Object) Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
            if (type.equals("bool")) return Boolean.parseBoolean(v);
            return v;
        }

        void html(HtmlBlock h) {
            String lit = h.getLiteral();
            Matcher a = Pattern.compile("<!--\\s*runbook-step:?\\s*(\\{.*})\\s*-->", Pattern.DOTALL).matcher(lit);
            if (a.find()) {
                annotation = Annotations.read(a.group(1));
                return;
            }
            Matcher r = Pattern.compile("<!--\\s*runbook:?\\s*(\\{.*})\\s*-->", Pattern.DOTALL).matcher(lit);
            if (r.find()) {
                Map<String, Object> m = Annotations.read(r.group(1));
                if (m.get("severity") instanceof String s) d.severity = s;
                if (m.get("id") instanceof String id && !explicitId && id.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) d.id = id;
                if (m.get("env") instanceof List<?> env) d.extraEnv.addAll(env.stream().map(String::valueOf).toList());
                return;
            }
            // fences inside HTML (<details> without a blank line): parse the inside as Markdown
            String inner = lit.replaceAll("(?m)^\\s*</?(details|summary|div|section|p)\\b[^>]*>.*$", "");
            if (inner.contains("```") || inner.contains("~~~")) {
                int base = line(h) - 1;
                Node sub = parser().parse(inner);
                for (Node c = sub.getFirstChild(); c != null; c = c.getNext()) {
                    if (c instanceof FencedCodeBlock f) code(f.getInfo(), f.getLiteral(), base + line(c) + 1, c);
                }
                return;
            }
            skip(line(h), "HTML", "prose");
        }

        // ------------------------------------------------ lists → manual steps

        void list(ListBlock l) {
            Meta m = meta();
            List<ListItem> items = new ArrayList<>();
            for (Node c = l.getFirstChild(); c != null; c = c.getNext()) if (c instanceof ListItem li) items.add(li);
            if (m == Meta.SYMPTOMS || m == Meta.PREREQUISITES || m == Meta.REFERENCES || m == Meta.ESCALATION || m == Meta.SUMMARY) {
                for (ListItem li : items) {
                    String t = inline(li);
                    switch (m) {
                        case SYMPTOMS -> d.symptoms.add(t);
                        case PREREQUISITES -> d.prerequisites.add(t);
                        case REFERENCES -> d.references.add(t);
                        case ESCALATION -> escalation(t, line(li));
                        default -> skip(line(li), t, "prose");
                    }
                }
                return;
            }
            if (m == Meta.IGNORE || m == Meta.PARAMETERS) {
                skip(line(l), "list", "prose");
                return;
            }
            boolean anyCode = items.stream().anyMatch(Walk::hasCode);
            // an index: every item a link to another page
            if (!anyCode && items.stream().allMatch(li -> li.getFirstChild() instanceof Paragraph p && startsWithLink(p))) {
                for (ListItem li : items) skip(line(li), inline(li), "prose (links)");
                return;
            }
            if (anyCode) {
                for (ListItem li : items) item(li);
                return;
            }
            boolean tasks = items.stream().anyMatch(li -> TASK.matcher(lead(li)).lookingAt());
            boolean nested = items.stream().anyMatch(li -> sublist(li) != null);
            boolean instructions = tasks || l instanceof OrderedList || phase() != null;
            if (!instructions) {
                for (ListItem li : items) skip(line(li), inline(li), "prose");
                return;
            }
            if (nested && !tasks) {
                for (ListItem li : items) {
                    ListBlock sub = sublist(li);
                    String lead = clean(lead(li));
                    List<String> check = sub == null ? List.of() : subItems(sub);
                    Phase ip = phaseOf(lead);
                    Context pushed = ip == null ? null : new Context(99, lead, ip, null, true);
                    if (pushed != null) stack.add(pushed);
                    manual(line(li), lead, check, inline(li));
                    if (pushed != null) stack.remove(pushed);
                }
                return;
            }
            List<String> check = new ArrayList<>();
            StringBuilder all = new StringBuilder();
            for (ListItem li : items) {
                check.add(TASK.matcher(inline(li)).replaceFirst(""));
                all.append(inline(li)).append(' ');
            }
            String title = leadTitle != null ? leadTitle : headingText();
            manual(line(l), title, check, all.toString());
        }

        void item(ListItem li) {
            String lead = clean(lead(li));
            String saved = leadTitle;
            leadTitle = lead.isEmpty() ? null : shorten(lead, 80);
            leadUsed = false;
            condition(lead);
            Phase itemPhase = phaseOf(lead);
            Context pushed = null;
            if (itemPhase != null) {
                pushed = new Context(stack.isEmpty() ? 9 : stack.get(stack.size() - 1).level(), lead, itemPhase, null, true);
                stack.add(pushed);
            }
            for (Node c = li.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof Paragraph) continue;
                if (c instanceof ListBlock sub && !hasCode(sub)) {
                    manual(line(sub), lead.isEmpty() ? headingText() : lead, subItems(sub), inline(sub));
                } else {
                    block(c);
                }
            }
            if (pushed != null) stack.remove(pushed);
            leadTitle = saved;
        }

        static boolean startsWithLink(Paragraph p) {
            Node c = p.getFirstChild();
            while (c instanceof StrongEmphasis || c instanceof Emphasis) c = c.getFirstChild();
            return c instanceof Link;
        }

        static boolean hasCode(Node n) {
            for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof FencedCodeBlock || c instanceof IndentedCodeBlock || hasCode(c)) return true;
            }
            return false;
        }

        static String lead(ListItem li) {
            return li.getFirstChild() instanceof Paragraph p ? inline(p) : "";
        }

        static ListBlock sublist(ListItem li) {
            for (Node c = li.getFirstChild(); c != null; c = c.getNext()) if (c instanceof ListBlock l) return l;
            return null;
        }

        List<String> subItems(ListBlock l) {
            List<String> out = new ArrayList<>();
            for (Node c = l.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof ListItem li) out.add(TASK.matcher(inline(li)).replaceFirst(""));
            }
            return out;
        }

        void manual(int line, String title, List<String> checklist, String fullText) {
            Draft.Step s = new Draft.Step();
            s.title = shorten(clean(title), 80);
            s.uses = "manual";
            s.with.put("instructions", Templates.literal(title.isBlank() ? "Follow the page." : title));
            if (!checklist.isEmpty()) s.with.put("checklist", new ArrayList<Object>(checklist.stream().map(Templates::literal).toList()));
            s.line = line;
            s.command = null;
            condition(fullText);
            if (annotation != null && annotation.get("uses") instanceof String) {
                nativeStep(line);
                return;
            }
            add(s, Effect.READ, null);
        }

        // ------------------------------------------------ code blocks → steps

        void code(String info, String literal, int firstLine, Node n) {
            List<String> lines = List.of(literal.split("\n", -1));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines = lines.subList(0, lines.size() - 1);
            String lang = info == null ? "" : info.trim().split("[\\s{,]+", 2)[0].toLowerCase(Locale.ROOT);
            if (annotation != null && annotation.get("uses") instanceof String) {
                nativeStep(firstLine);
                return;
            }
            CodeBlocks.Dialect dialect = CodeBlocks.dialect(info, lines);
            if (dialect == null) {
                if (meta() == Meta.COMMUNICATION || lang.equals("text") && leadTitle != null && leadTitle.toLowerCase(Locale.ROOT).startsWith("message")) {
                    message(literal, firstLine, lang);
                } else {
                    for (int i = 0; i < lines.size(); i++) if (!lines.get(i).isBlank()) skip(firstLine + i, lines.get(i), "not a command (" + (lang.isEmpty() ? "unlabelled" : lang) + " block)");
                }
                return;
            }
            CodeBlocks.Result r = CodeBlocks.read(dialect, lines, firstLine);
            for (CodeBlocks.Skipped s : r.skipped()) skip(s.line(), s.text(), s.why());
            List<Object> items = new ArrayList<>();
            items.addAll(r.commands());
            items.addAll(r.notes());
            items.sort((a, b) -> Integer.compare(lineOf(a), lineOf(b)));
            for (Object o : items) {
                if (o instanceof CodeBlocks.Command c) command(c);
                else if (o instanceof CodeBlocks.Note note) manual(note.line(), note.text(), List.of(), note.text());
            }
        }

        int lineOf(Object o) {
            return o instanceof CodeBlocks.Command c ? c.line() : ((CodeBlocks.Note) o).line();
        }

        void message(String literal, int line, String lang) {
            Draft.Step s = new Draft.Step();
            String t = leadTitle != null ? leadTitle : headingText();
            s.title = shorten(clean(t.replaceFirst("(?i)^message:\\s*", "")), 80);
            s.uses = "message";
            s.with.put("title", Templates.literal(s.title));
            s.with.put("text", Templates.literal(literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal));
            s.line = line;
            if (!lang.isEmpty() && !lang.equals("text") && !lang.equals("markdown") && !lang.equals("md")) {
                s.todos.add("the template is " + lang + "; message renders text: adapt it, or post it with notify.webhook");
            }
            add(s, Effect.READ, null);
        }

        /** An exported step the page shows in words only: the annotation above the block holds it. */
        void nativeStep(int line) {
            Map<String, Object> step = annotation;
            Draft.Step s = new Draft.Step();
            s.uses = String.valueOf(step.get("uses"));
            if (step.get("with") instanceof Map<?, ?> w) w.forEach((k, v) -> s.with.put(String.valueOf(k), Templates.plain(v)));
            s.line = line;
            s.nativeAction = !s.uses.equals("shell") && !s.uses.equals("manual");
            Effect own = catalogue.spec(s.uses).map(ActionSpec::effect).orElse(Effect.WRITE);
            add(s, own, null);
        }

        void command(CodeBlocks.Command c) {
            String title = c.title() != null ? c.title() : null;
            Context cx = ctx();
            if (title != null) nextTitle = shorten(title, 80);
            else if (leadTitle != null && !leadUsed) nextTitle = leadTitle;
            else if (cx != null && cx.pseudo() && cx.phase() == null && cx.meta() == null && !headingUsed) nextTitle = shorten(cx.text(), 80);
            else nextTitle = display(c.text());
            headingUsed = true;
            Draft.Step s = switch (c.dialect()) {
                case KUSTO -> kusto(c);
                case PSQL, SQL -> sql(c);
                case SHELL -> shell(c);
            };
            if (s == null) return;
            s.line = c.line();
            s.command = c.text();
            leadUsed = true;
        }

        boolean leadUsed;
        boolean headingUsed;
        String nextTitle;
        Phase lastPhase;

        String display(String text) {
            String one = text.replaceAll("\\\\\\n\\s*", " ").replaceAll("\\s+", " ").trim();
            return shorten(one, 60);
        }

        Draft.Step kusto(CodeBlocks.Command c) {
            Draft.Step s = new Draft.Step();
            s.uses = "azure.monitor.logs-query";
            s.with.put("query", Templates.literal(c.text()));
            Draft.Param p = params.use("appInsightsResource", "appInsightsResource", c.line(), "string");
            if (p.description == null) p.description = "resource id of the Application Insights component (or use workspace:) the page's KQL queries run against";
            if (p.todos.isEmpty()) p.todos.add("the page does not say which Application Insights resource or Log Analytics workspace its KQL queries");
            s.with.put("resource", "${params.appInsightsResource}");
            s.nativeAction = true;
            s.line = c.line();
            s.title = c.title() != null ? shorten(c.title(), 80) : null;
            add(s, Effect.READ, null);
            return s;
        }

        Draft.Step sql(CodeBlocks.Command c) {
            Effects.Guess g = Effects.sql(c.text());
            Draft.Param conn = params.use("connection", "connection", c.line(), "string");
            if (conn.description == null) conn.description = "where to connect: postgresql://host:5432/db?user=... (the page's psql session)";
            if (conn.todos.isEmpty()) conn.todos.add("the page ran this in a psql session: give the connection (JDBC URL, postgresql:// URI)");
            Draft.Step s = new Draft.Step();
            s.line = c.line();
            if (g.effect() == Effect.READ && !c.text().strip().startsWith("\\")) {
                s.uses = "postgres.query";
                s.with.put("connection", "${params.connection}");
                s.with.put("sql", Templates.literal(c.text().strip().replaceFirst(";\\s*$", "")));
                s.nativeAction = true;
                add(s, Effect.READ, null);
                return s;
            }
            s.uses = "shell";
            s.with.put("command", new ArrayList<Object>(List.of("psql", "${params.connection}", "-X", "-c", Templates.literal(c.text().strip()))));
            if (c.text().strip().startsWith("\\")) s.todos.add("psql meta-command " + c.text().strip().split("\\s")[0] + ": postgres.query runs SQL only; kept as psql");
            else s.todos.add("SQL that writes (" + g.because() + "): no action runs it; kept as psql -c — review it");
            addShell(s, g);
            return s;
        }

        Draft.Step shell(CodeBlocks.Command c) {
            ShellSyntax.Parsed p;
            try {
                p = ShellSyntax.parse(c.text());
            } catch (ShellSyntax.Incomplete e) {
                Draft.Step s = new Draft.Step();
                s.line = c.line();
                s.uses = "shell";
                s.with.put("command", new ArrayList<Object>(List.of("sh", "-c", Templates.literal(c.text()))));
                s.todos.add("the command does not parse as shell (" + e.getMessage() + "): fix it");
                addShell(s, Effects.script(c.text()));
                return s;
            }
            String prog = p.program();
            // NAME=value alone: a value later commands read → a parameter with that default
            if (p.words().isEmpty() || "export".equals(prog) && p.simple() && p.words().size() >= 2) {
                List<ShellSyntax.Assignment> as = new ArrayList<>(p.assignments());
                if ("export".equals(prog)) {
                    for (ShellSyntax.Word w : p.words().subList(1, p.words().size())) {
                        String lit = w.literal();
                        if (lit != null && lit.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) as.add(new ShellSyntax.Assignment(lit.substring(0, lit.indexOf('=')), new ShellSyntax.Word(List.of(new ShellSyntax.Lit(lit.substring(lit.indexOf('=') + 1), false)))));
                    }
                }
                if (!as.isEmpty() && p.simple()) {
                    for (ShellSyntax.Assignment a : as) assignment(a, c.line());
                    skip(c.line(), c.text(), "assignment (became a parameter)");
                    return null;
                }
            }
            if ("cd".equals(prog) && p.simple()) {
                skip(c.line(), c.text(), "cd (steps run in the working directory: set workDir: on the steps that need it)");
                return null;
            }
            Optional<Draft.Step> nat = mapNative(p, c);
            if (nat.isPresent()) return nat.get();
            return shellStep(p, c);
        }

        void assignment(ShellSyntax.Assignment a, int line) {
            String name = Placeholders.name(a.name());
            Draft.Param p = params.use(name, a.name(), line, "string");
            String lit = a.value().literal();
            if (lit != null) {
                p.defaultValue = lit;
                p.required = false;
                p.todos.removeIf(t -> t.startsWith("no default"));
            } else {
                p.todos.add("the page computes it (" + a.name() + "=" + a.value().display() + "): pass it in, or capture it with a step's outputs");
            }
        }

        // ------------------------------------------------ native actions

        Optional<Draft.Step> mapNative(ShellSyntax.Parsed p, CodeBlocks.Command c) {
            if (!p.assignments().isEmpty() || p.words().isEmpty()) return Optional.empty();
            List<String> lits = new ArrayList<>();
            for (ShellSyntax.Word w : p.words()) {
                String l = w.literal();
                if (l == null) break;
                lits.add(l);
            }
            ShellSyntax.Word stdout = null;
            if (!p.simple() && !p.needsShell().equals(Set.of("command substitution"))) {
                stdout = redirectTarget(c.text());
                if (stdout == null) return Optional.empty();
            }
            for (CliMap.Row row : map.candidates(lits)) {
                Optional<ActionSpec> spec = catalogue.spec(row.action());
                if (spec.isEmpty()) continue;
                Params.Mark mark = params.mark();
                Mapping m = new Mapping(row, spec.get(), c.line());
                if (m.run(p.words(), stdout)) {
                    Draft.Step s = new Draft.Step();
                    s.uses = row.action();
                    s.with.putAll(m.with);
                    s.todos.addAll(m.todos);
                    if (row.note() != null) s.todos.add(row.note());
                    s.nativeAction = true;
                    s.line = c.line();
                    Effects.Guess g = Effects.argv(p.words().stream().map(ShellSyntax.Word::display).toList());
                    if (row.action().equals("postgres.query")) {
                        Object sql = s.with.get("sql");
                        g = Effects.sql(sql instanceof String str ? str : "");
                        if (g.effect() != Effect.READ) {
                            params.reset(mark);
                            continue;
                        }
                    }
                    add(s, spec.get().effect(), g);
                    return Optional.of(s);
                }
                params.reset(mark);
            }
            return Optional.empty();
        }

        /** {@code cmd ... > file} with nothing else a shell would do: the file. */
        ShellSyntax.Word redirectTarget(String text) {
            Matcher m = Pattern.compile("^(.*[^\\d>&])\\s>\\s*(\\S.*?)\\s*$", Pattern.DOTALL).matcher(text);
            if (!m.matches()) return null;
            try {
                ShellSyntax.Parsed left = ShellSyntax.parse(m.group(1));
                ShellSyntax.Parsed right = ShellSyntax.parse(m.group(2));
                Set<String> rightWhy = new java.util.HashSet<>(right.needsShell());
                rightWhy.remove("command substitution");
                if (!left.simple() && !left.needsShell().equals(Set.of("command substitution")) || right.words().size() != 1 || !rightWhy.isEmpty()) return null;
                return right.words().get(0);
            } catch (ShellSyntax.Incomplete e) {
                return null;
            }
        }

        final class Mapping {
            final CliMap.Row row;
            final ActionSpec spec;
            final int line;
            final Map<String, Object> with = new LinkedHashMap<>();
            final List<String> todos = new ArrayList<>();

            Mapping(CliMap.Row row, ActionSpec spec, int line) {
                this.row = row;
                this.spec = spec;
                this.line = line;
            }

            boolean run(List<ShellSyntax.Word> words, ShellSyntax.Word stdout) {
                // ${...} in a page that computes names in a sub-shell other than date: not mappable
                Set<String> seen = new LinkedHashSet<>();
                int pos = 0;
                for (int i = row.words().size(); i < words.size(); i++) {
                    ShellSyntax.Word w = words.get(i);
                    String lit = w.literal();
                    if (lit != null && lit.startsWith("-") && lit.length() > 1 && !lit.equals("--")) {
                        String flag = lit;
                        ShellSyntax.Word value = null;
                        int eq = lit.indexOf('=');
                        if (lit.startsWith("--") && eq > 0) {
                            flag = lit.substring(0, eq);
                            value = new ShellSyntax.Word(List.of(new ShellSyntax.Lit(lit.substring(eq + 1), false)));
                        }
                        Optional<CliMap.Arg> a = row.flag(flag);
                        if (a.isEmpty() && !lit.startsWith("--") && lit.length() > 2) {
                            // -fsS: each letter a flag without a value
                            boolean all = true;
                            for (char ch : lit.substring(1).toCharArray()) {
                                Optional<CliMap.Arg> one = row.flag("-" + ch);
                                if (one.isEmpty() || one.get().kind() != CliMap.Kind.BOOLEAN) all = false;
                                else if (!apply(one.get(), null)) return false;
                            }
                            if (all) continue;
                            return false;
                        }
                        if (a.isEmpty()) return false;
                        seen.addAll(a.get().flags());
                        if (a.get().kind() == CliMap.Kind.BOOLEAN) {
                            if (value != null) return false;
                            if (!apply(a.get(), null)) return false;
                            continue;
                        }
                        if (value == null) {
                            if (i + 1 >= words.size()) return false;
                            value = words.get(++i);
                        }
                        if (!apply(a.get(), value)) return false;
                    } else {
                        pos++;
                        Optional<CliMap.Arg> a = row.positional(pos);
                        if (a.isEmpty() || !apply(a.get(), w)) return false;
                    }
                }
                if (stdout != null) {
                    Optional<CliMap.Arg> a = row.stdout();
                    if (a.isEmpty() || !apply(a.get(), stdout)) return false;
                }
                if (!row.requires().isEmpty() && row.requires().stream().noneMatch(seen::contains)) return false;
                for (ParamSpec ps : spec.parameters()) {
                    if (ps.required() && !with.containsKey(ps.name())) {
                        Draft.Param p = params.use(ps.name(), ps.name(), line, ps.type().id());
                        if (p.todos.isEmpty()) p.todos.add("the page's " + row.command() + " did not say: give " + ps.name());
                        with.put(ps.name(), "${params." + p.name + "}");
                    }
                }
                return true;
            }

            boolean apply(CliMap.Arg a, ShellSyntax.Word value) {
                switch (a.kind()) {
                    case CONSTANT -> {
                        return value != null && a.value().equals(value.literal());
                    }
                    case BOOLEAN -> {
                        if (a.param().equals("-")) return true;
                        return put(a.param(), a.value() != null ? a.value() : Boolean.TRUE, null);
                    }
                    default -> {
                        if (a.param().equals("-")) return true;
                        String t = templates.of(value, line);
                        if (t == null) return false;
                        if (a.unit() != null && t.matches("\\d+")) t = t + a.unit();
                        if (a.param().contains("{")) return pattern(a.param(), t);
                        if (a.container().equals("[]")) {
                            Object cur = with.computeIfAbsent(a.param(), k -> new ArrayList<Object>());
                            if (!(cur instanceof List<?>)) return false;
                            @SuppressWarnings("unchecked") List<Object> l = (List<Object>) cur;
                            l.add(t);
                            return true;
                        }
                        if (a.container().equals("{}")) {
                            int colon = t.indexOf(':');
                            if (colon <= 0) return false;
                            @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) with.computeIfAbsent(a.param(), k -> new LinkedHashMap<String, Object>());
                            mm.put(t.substring(0, colon).trim(), t.substring(colon + 1).trim());
                            return true;
                        }
                        return put(a.param(), t, value);
                    }
                }
            }

            /** service/{cluster}/{service}: each {name} takes one path segment. */
            boolean pattern(String pattern, String value) {
                List<String> names = new ArrayList<>();
                StringBuilder re = new StringBuilder();
                Matcher m = Pattern.compile("\\{([A-Za-z]+)}").matcher(pattern);
                int at = 0;
                while (m.find()) {
                    re.append(Pattern.quote(pattern.substring(at, m.start()))).append("([^/]+)");
                    names.add(m.group(1));
                    at = m.end();
                }
                re.append(Pattern.quote(pattern.substring(at)));
                Matcher v = Pattern.compile(re.toString()).matcher(value);
                if (!v.matches()) return false;
                for (int i = 0; i < names.size(); i++) if (!put(names.get(i), v.group(i + 1), null)) return false;
                return true;
            }

            boolean put(String param, Object value, ShellSyntax.Word word) {
                String top = param.contains(".") ? param.substring(0, param.indexOf('.')) : param;
                Optional<ParamSpec> ps = spec.parameter(top);
                if (ps.isEmpty()) return false;
                if (param.contains(".")) {
                    Object cur = with.get(top);
                    if (cur instanceof String) return false;
                    @SuppressWarnings("unchecked") Map<String, Object> mm = cur == null ? new LinkedHashMap<>() : (Map<String, Object>) cur;
                    mm.put(param.substring(param.indexOf('.') + 1), value);
                    with.put(top, mm);
                    return true;
                }
                if (with.containsKey(top) && with.get(top) instanceof Map) return false;
                Object typed = Templates.typed(value, ps.get().type(), params);
                if (typed == null) return false;
                with.put(top, typed);
                return true;
            }
        }

        // ------------------------------------------------ shell

        Draft.Step shellStep(ShellSyntax.Parsed p, CodeBlocks.Command c) {
            Draft.Step s = new Draft.Step();
            s.uses = "shell";
            s.line = c.line();
            Params.Mark mark = params.mark();
            List<Object> argv = new ArrayList<>();
            boolean plain = p.simple();
            if (plain) {
                for (ShellSyntax.Word w : p.words()) {
                    String t = templates.of(w, c.line());
                    if (t == null) {
                        plain = false;
                        break;
                    }
                    argv.add(t);
                }
            }
            Map<String, Object> env = new LinkedHashMap<>();
            if (plain) {
                for (ShellSyntax.Assignment a : p.assignments()) {
                    String t = templates.of(a.value(), c.line());
                    if (t == null) {
                        plain = false;
                        break;
                    }
                    env.put(a.name(), t);
                }
            }
            if (plain && params.secretUsedSince(mark)) plain = false;
            Effects.Guess g;
            if (plain) {
                s.with.put("command", argv);
                if (!env.isEmpty()) s.with.put("env", env);
                g = Effects.argv(p.words().stream().map(ShellSyntax.Word::display).toList());
                if ("sudo".equals(p.program())) s.todos.add("runs with sudo: the runbook's user needs the rights, or drop sudo");
            } else {
                params.reset(mark);
                Scripts.Script sc = Scripts.rewrite(c.text(), params, c.line());
                s.with.put("command", new ArrayList<Object>(List.of("sh", "-c", sc.script())));
                if (!sc.env().isEmpty()) s.with.put("env", sc.env());
                Set<String> why = new LinkedHashSet<>(p.needsShell());
                if (why.isEmpty()) why.add(params.secretUsedSince(mark) ? "a secret passed through env:" : "shell expansion");
                s.todos.add("runs through sh -c (" + String.join(", ", why) + "): review the script, or split it into steps");
                g = Effects.script(c.text());
            }
            addShell(s, g);
            return s;
        }

        void addShell(Draft.Step s, Effects.Guess g) {
            s.effect = g.effect().id();
            s.todos.add(0, "effect '" + g.effect().id() + "' guessed from '" + g.because() + "': confirm it");
            add(s, g.effect(), null);
        }

        // ------------------------------------------------ adding a step

        void add(Draft.Step s, Effect own, Effects.Guess guess) {
            for (String n : templates.notes) if (!s.todos.contains(n)) s.todos.add(n);
            templates.notes.clear();
            Effect eff = own;
            if (guess != null && guess.effect().compareTo(own) > 0) {
                eff = guess.effect();
                s.effect = eff.id();
                s.todos.add("effect raised to '" + eff.id() + "' from '" + guess.because() + "' (the action alone is " + own.id() + ")");
            }
            if (s.uses.equals("manual") || s.uses.equals("shell")) {
                if (s.effect == null) s.effect = eff.id();
            }
            s.finalEffect = eff.id();
            Phase ph = phase();
            if (ph == null && eff == Effect.READ && lastPhase != null && (s.uses.equals("manual") || s.uses.equals("message"))) ph = lastPhase;
            if (ph == null) ph = eff == Effect.READ ? Phase.DIAGNOSE : Phase.RESOLVE;
            s.phase = ph;
            lastPhase = ph;
            boolean annotated = annotation != null;
            if (annotated) {
                applyAnnotation(s, annotation);
                if (!annotation.containsKey("title")) {
                    s.title = null;
                    nextTitle = null;
                }
                annotation = null;
            }
            if (s.title == null && nextTitle != null) s.title = nextTitle;
            nextTitle = null;
            if (s.id == null) {
                String base = slug(s.title != null ? s.title : s.uses, "step");
                String id = base;
                for (int n = 2; !ids.add(id); n++) id = base + "-" + n;
                s.id = id;
            } else {
                ids.add(s.id);
            }
            if (s.title == null && s.uses.equals("manual") && !annotated) s.title = headingText();
            for (String cnd : conditions) s.todos.add("the page says '" + shorten(cnd, 90) + "': write an if: for this step");
            conditions.clear();
            d.steps(s.phase).add(s);
        }

        void applyAnnotation(Draft.Step s, Map<String, Object> a) {
            if (a.get("id") instanceof String id) s.id = id;
            if (a.get("phase") instanceof String ph) Phase.parse(ph).ifPresent(p -> s.phase = p);
            if (a.get("effect") instanceof String e) {
                s.effect = e;
                s.finalEffect = e;
                s.todos.removeIf(t -> t.startsWith("effect "));
            } else if (!s.uses.equals("shell") && !s.uses.equals("manual")) {
                s.effect = null;
                s.todos.removeIf(t -> t.startsWith("effect raised"));
                s.finalEffect = catalogue.spec(s.uses).map(sp -> sp.effect().id()).orElse(s.finalEffect);
            }
            if (a.get("title") instanceof String t) s.title = t;
            for (var e : a.entrySet()) {
                if (!Set.of("id", "phase", "effect", "title", "uses", "with").contains(e.getKey())) s.extra.put(e.getKey(), e.getValue());
            }
        }

        void skip(int line, String text, String why) {
            d.skipped.add(new Draft.Skip(line, shorten(text.replace('\n', ' '), 100), why));
        }

        // ------------------------------------------------ the end

        final Params params = new Params(d);
        final Templates templates = new Templates(params);

        void finish() {
            if (!summary.isEmpty()) d.summary = String.join("\n\n", summary);
            if (d.severity == null) {
                d.severity = "P2";
                d.todos.add(new Draft.Todo(0, "the page names no severity: P2 is a guess"));
            }
            if (d.allSteps().isEmpty()) {
                Draft.Step s = new Draft.Step();
                s.title = "Follow " + page;
                s.uses = "manual";
                s.with.put("instructions", Templates.literal("Follow the procedure in " + page + "."));
                s.todos.add("the page has no commands or instructions the importer recognised: write the steps");
                s.line = 1;
                stack.clear();
                add(s, Effect.READ, null);
            }
            for (Draft.Param p : d.parameters.values()) {
                if (Placeholders.secret(p.raw != null ? p.raw : p.name) && !p.declared) p.secret = true;
            }
        }
    }

    static final Pattern TASK = Pattern.compile("^\\s*\\[[ xX]]\\s*");

    static String shorten(String s, int max) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() <= max ? t : t.substring(0, max - 1).trim() + "…";
    }

    /** The names of every action the tables map, for tests and {@code actions}. */
    public CliMap map() {
        return map;
    }
}
