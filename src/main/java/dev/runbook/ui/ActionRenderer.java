package dev.runbook.ui;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.OutputSpec;
import dev.runbook.action.ParamSpec;
import dev.runbook.model.Durations;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/** {@code runbook actions}: the catalogue as a table, or one action in full. */
public final class ActionRenderer {
    private final Ansi ansi;
    private final PrintWriter out;

    private java.util.Map<String, List<String>> replaces = java.util.Map.of();

    public ActionRenderer(Ansi ansi, PrintWriter out) {
        this.ansi = ansi;
        this.out = out;
    }

    /** The CLI commands each action replaces (the import mapping tables), shown by table and describe. */
    public ActionRenderer replaces(java.util.Map<String, List<String>> byAction) {
        this.replaces = byAction;
        return this;
    }

    public void table(List<ActionSpec> specs) {
        int w = specs.stream().mapToInt(s -> s.name().length()).max().orElse(4);
        out.println(ansi.string("@|bold " + pad("ACTION", w) + "  EFFECT       DESCRIPTION|@"));
        for (ActionSpec s : specs) {
            out.println(pad(s.name(), w) + "  " + pad(effect(s), 11) + "  " + s.description());
        }
        List<String> mapped = new ArrayList<>();
        for (ActionSpec s : specs) for (String c : replaces.getOrDefault(s.name(), List.of())) mapped.add(c + "  →  " + s.name());
        if (!mapped.isEmpty()) {
            out.println();
            out.println(ansi.string("@|bold CLI COMMANDS THE ACTIONS REPLACE|@ (runbook import maps them; runbook export writes them)"));
            for (String m : mapped) out.println("  " + m);
        }
        out.println();
        out.println("'runbook actions NAME' shows an action's parameters and outputs.");
        out.flush();
    }

    public void describe(ActionSpec s) {
        out.println(ansi.string("@|bold " + s.name() + "|@") + " — " + s.description());
        out.println("effect:   " + effect(s) + (s.authorDeclaresEffect() ? " (default; the step's 'effect:' decides)" : ""));
        out.println("timeout:  " + Durations.format(s.defaultTimeout()) + " (default)");
        if (s.targetParam() != null) out.println("target:   '" + s.targetParam() + "' (typed by the operator at the gate)");
        if (s.ownUndo()) out.println("undo:     reverts itself on rollback (from the state its plan read)");
        if (s.nothingToUndo() != null) out.println("undo:     none needed: " + s.nothingToUndo());
        for (String c : replaces.getOrDefault(s.name(), List.of())) out.println("replaces: " + c + " (runbook import maps it)");
        out.println();
        out.println(ansi.string("@|bold,underline Parameters (with:)|@"));
        if (s.parameters().isEmpty()) out.println("  none");
        int w = s.parameters().stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (ParamSpec p : s.parameters()) {
            List<String> bits = new ArrayList<>();
            bits.add(p.type().id());
            bits.add(p.required() && p.defaultValue() == null ? "required" : "optional");
            if (p.defaultValue() != null) bits.add("default " + shown(p.defaultValue()));
            if (!p.allowed().isEmpty()) bits.add("one of " + String.join(", ", p.allowed()));
            out.println("  " + pad(p.name(), w) + "  " + String.join(" · ", bits) + (p.description() == null ? "" : "  " + p.description()));
        }
        outputs("Outputs (steps.<id>.outputs)", s.outputs());
        if (!s.before().isEmpty()) outputs("State read before the change (steps.<id>.before)", s.before());
        out.flush();
    }

    private void outputs(String heading, List<OutputSpec> list) {
        out.println();
        out.println(ansi.string("@|bold,underline " + heading + "|@"));
        if (list.isEmpty()) out.println("  none");
        int w = list.stream().mapToInt(o -> o.name().length()).max().orElse(0);
        for (OutputSpec o : list) out.println("  " + pad(o.name(), w) + "  " + o.type().id() + (o.description() == null ? "" : "  " + o.description()));
    }

    /** A default as data ({@code {status: 200}}), never a Java map's {@code {status=200}}; a scalar as written. */
    static String shown(Object v) {
        return v instanceof java.util.Map<?, ?> || v instanceof java.util.Collection<?> ? dev.runbook.text.Display.value(v) : String.valueOf(v);
    }

    private static String effect(ActionSpec s) {
        return s.effect().id() + (s.authorDeclaresEffect() ? "*" : "");
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
