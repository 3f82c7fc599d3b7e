package dev.runbook.importer;

import java.util.ArrayList;
import java.util.List;

/** The parameters a page's placeholders become, deduplicated by name; undone when a mapping attempt fails. */
final class Params {
    private final Draft d;
    private final List<String> used = new ArrayList<>();

    Params(Draft d) {
        this.d = d;
    }

    record Mark(List<String> names, int used) {}

    Mark mark() {
        return new Mark(new ArrayList<>(d.parameters.keySet()), used.size());
    }

    void reset(Mark m) {
        d.parameters.keySet().retainAll(m.names());
        while (used.size() > m.used()) used.remove(used.size() - 1);
    }

    boolean secretUsedSince(Mark m) {
        for (String n : used.subList(m.used(), used.size())) {
            Draft.Param p = d.parameters.get(n);
            if (p != null && (p.secret || Placeholders.secret(p.raw != null ? p.raw : p.name))) return true;
        }
        return false;
    }

    /** The parameter {@code name} (created on first use, required, of {@code type}); {@code raw} as the page wrote it. */
    Draft.Param use(String name, String raw, int line, String type) {
        Draft.Param p = d.parameters.get(name);
        if (p == null) {
            p = new Draft.Param();
            p.name = name;
            p.raw = raw;
            p.line = line;
            p.type = type;
            d.parameters.put(name, p);
        }
        used.add(name);
        return p;
    }

    /** A placeholder written on the page: a parameter with a TODO saying where. */
    Draft.Param placeholder(String raw, int line) {
        String name = Placeholders.name(raw);
        boolean fresh = !d.parameters.containsKey(name);
        Draft.Param p = use(name, raw, line, "string");
        if (fresh && !p.declared) {
            p.description = "from " + raw + " on the page";
            p.todos.add("placeholder " + raw + " (line " + line + "): type string is a guess; give a default or keep it required");
        }
        return p;
    }

    Draft.Param declare(String name, int line) {
        Draft.Param p = use(name, name, line, "string");
        used.remove(used.size() - 1);
        return p;
    }

    /** A parameter whose type an action's argument decides (an int count, a url). */
    void typeFromUse(String name, String type) {
        Draft.Param p = d.parameters.get(name);
        if (p == null || p.declared || type.equals("any")) return;
        if (p.type.equals("string")) {
            p.type = type;
            if (p.defaultValue instanceof String s) {
                try {
                    if (type.equals("int")) p.defaultValue = Long.parseLong(s);
                    else if (type.equals("number")) p.defaultValue = Double.parseDouble(s);
                    else if (type.equals("bool")) p.defaultValue = Boolean.parseBoolean(s);
                } catch (NumberFormatException e) {
                    p.type = "string";
                }
            }
            p.todos.replaceAll(t -> t.replace("type string is a guess", "type " + type + " from the action's argument"));
        }
    }
}
