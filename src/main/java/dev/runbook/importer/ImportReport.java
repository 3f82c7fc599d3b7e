package dev.runbook.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an import did, for a human (text ending with the counts) and for CI (JSON). */
public final class ImportReport {
    private ImportReport() {}

    public record Counts(int steps, int nativeActions, int shell, int manual, int messages, int todos, int skipped) {
        Counts plus(Counts o) {
            return new Counts(steps + o.steps, nativeActions + o.nativeActions, shell + o.shell, manual + o.manual, messages + o.messages,
                    todos + o.todos, skipped + o.skipped);
        }
    }

    public static Counts counts(Draft d) {
        int nat = 0, shell = 0, manual = 0, msg = 0;
        for (Draft.Step s : d.allSteps()) {
            switch (s.uses) {
                case "shell" -> shell++;
                case "manual" -> manual++;
                case "message" -> msg++;
                default -> nat++;
            }
        }
        return new Counts(d.allSteps().size(), nat, shell, manual, msg, d.todoCount(), d.skipped.size());
    }

    /** {@code files}: where each draft was written, in order. */
    public static String text(String page, List<Draft> drafts, List<String> files) {
        StringBuilder b = new StringBuilder();
        Counts total = new Counts(0, 0, 0, 0, 0, 0, 0);
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            b.append("imported ").append(page).append(" → ").append(files.get(i)).append(" (").append(d.title).append(")\n");
            for (Draft.Todo t : d.todos) b.append("  TODO ").append(t.text()).append('\n');
            for (Draft.Step s : d.allSteps()) {
                b.append(String.format("  %5s  %-9s %-42s %-12s %s%n", s.line > 0 ? "L" + s.line : "", s.phase.id(), s.uses, s.finalEffect, s.id));
                for (String t : s.todos) b.append("                TODO ").append(t).append('\n');
            }
            if (!d.parameters.isEmpty()) {
                b.append("  parameters:");
                for (Draft.Param p : d.parameters.values()) b.append(' ').append(p.name).append(p.secret ? " (secret)" : "");
                b.append('\n');
                for (Draft.Param p : d.parameters.values()) for (String t : p.todos) b.append("    TODO ").append(p.name).append(": ").append(t).append('\n');
            }
            Counts c = counts(d);
            total = total.plus(c);
            if (drafts.size() > 1) b.append("  ").append(line(c)).append('\n');
        }
        b.append(line(total)).append('\n');
        return b.toString();
    }

    static String line(Counts c) {
        return c.steps() + " steps: " + c.nativeActions() + " native actions, " + c.shell() + " shell steps, " + c.manual() + " manual, "
                + c.messages() + " messages; " + c.todos() + " TODOs; " + c.skipped() + " lines skipped as output or prose";
    }

    public static String json(String page, List<Draft> drafts, List<String> files) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("page", page);
        List<Object> rbs = new ArrayList<>();
        Counts total = new Counts(0, 0, 0, 0, 0, 0, 0);
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", d.id);
            r.put("file", files.get(i));
            r.put("title", d.title);
            r.put("todos", d.todos.stream().map(Draft.Todo::text).toList());
            List<Object> steps = new ArrayList<>();
            for (Draft.Step s : d.allSteps()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id);
                m.put("line", s.line);
                m.put("command", s.command);
                m.put("action", s.uses);
                m.put("effect", s.finalEffect);
                m.put("phase", s.phase.id());
                m.put("todos", List.copyOf(s.todos));
                steps.add(m);
            }
            r.put("steps", steps);
            List<Object> params = new ArrayList<>();
            for (Draft.Param p : d.parameters.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", p.name);
                m.put("type", p.type);
                m.put("secret", p.secret);
                m.put("required", p.defaultValue == null && p.required);
                m.put("from", p.raw);
                m.put("line", p.line);
                m.put("todos", List.copyOf(p.todos));
                params.add(m);
            }
            r.put("parameters", params);
            List<Object> skipped = new ArrayList<>();
            for (Draft.Skip s : d.skipped) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", s.line());
                m.put("text", s.text());
                m.put("why", s.why());
                skipped.add(m);
            }
            r.put("skipped", skipped);
            Counts c = counts(d);
            total = total.plus(c);
            r.put("counts", countsMap(c));
            rbs.add(r);
        }
        root.put("runbooks", rbs);
        root.put("counts", countsMap(total));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> countsMap(Counts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", c.steps());
        m.put("nativeActions", c.nativeActions());
        m.put("shellSteps", c.shell());
        m.put("manualSteps", c.manual());
        m.put("messageSteps", c.messages());
        m.put("todos", c.todos());
        m.put("skippedLines", c.skipped());
        return m;
    }
}
