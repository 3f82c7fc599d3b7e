package dev.runbook.importer;

import dev.runbook.model.Phase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runbook being imported, before it is written as YAML. Values in {@code with} are Strings (templates:
 * {@code ${...}} is an expression, a literal {@code ${} is already written {@code $${}), Longs, Booleans,
 * Doubles, Lists and Maps.
 */
public final class Draft {
    public String id;
    public String title;
    public String severity;
    public String summary;
    public final List<String> symptoms = new ArrayList<>();
    public final List<String> prerequisites = new ArrayList<>();
    public final List<Escalation> escalation = new ArrayList<>();
    public final List<String> references = new ArrayList<>();
    public final Map<String, Param> parameters = new LinkedHashMap<>();
    public final Map<Phase, List<Step>> phases = new EnumMap<>(Phase.class);
    /** TODOs about the runbook as a whole (written at the top). */
    public final List<Todo> todos = new ArrayList<>();
    public final List<Skip> skipped = new ArrayList<>();
    public String source;
    /** Environment variables the runbook declares (from an exported page). */
    public final List<String> extraEnv = new ArrayList<>();

    public record Escalation(String after, String to) {}

    public record Todo(int line, String text) {}

    /** Lines of the page that became no step: output, prose, a block in another language. */
    public record Skip(int line, String text, String why) {}

    public static final class Param {
        public String name;
        public String type = "string";
        public boolean required = true;
        public Object defaultValue;
        public boolean secret;
        public String description;
        public String raw;
        public int line;
        /** Declared by the page's Parameters table: its type and default are the author's, not guesses. */
        public boolean declared;
        public final List<String> todos = new ArrayList<>();
    }

    public static final class Step {
        public String id;
        public String title;
        public Phase phase;
        public String uses;
        public final Map<String, Object> with = new LinkedHashMap<>();
        /** Written only when set: shell/manual always, other actions only to raise their own effect. */
        public String effect;
        /** Fields a round trip carries (if, needs, timeout, retry, onFailure, confirm, undo, outputs): plain values. */
        public final Map<String, Object> extra = new LinkedHashMap<>();
        public final List<String> todos = new ArrayList<>();
        public int line;
        public String command;
        /** The effect the step ends up with (the action's, raised by the command's guess). */
        public String finalEffect;
        public boolean nativeAction;
    }

    public List<Step> steps(Phase p) {
        return phases.computeIfAbsent(p, k -> new ArrayList<>());
    }

    public List<Step> allSteps() {
        List<Step> all = new ArrayList<>();
        for (Phase p : Phase.values()) all.addAll(phases.getOrDefault(p, List.of()));
        return all;
    }

    public int todoCount() {
        int n = todos.size();
        for (Param p : parameters.values()) n += p.todos.size();
        for (Step s : allSteps()) n += s.todos.size();
        return n;
    }
}
