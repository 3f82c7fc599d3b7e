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

    public ActionRenderer(Ansi ansi, PrintWriter out) {
        this.ansi = ansi;
        this.out = out;
    }

    public void table(List<ActionSpec> specs) {
        int w = specs.stream().mapToInt(s -> s.name().length()).max().orElse(4);
        out.println(ansi.string("@|bold " + pad("ACTION", w) + "  EFFECT       DESCRIPTION|@"));
        for (ActionSpec s : specs) {
            out.println(pad(s.name(), w) + "  " + pad(effect(s), 11) + "  " + s.description());
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
        out.println();
        out.println(ansi.string("@|bold,underline Parameters (with:)|@"));
        if (s.parameters().isEmpty()) out.println("  none");
        int w = s.parameters().stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (ParamSpec p : s.parameters()) {
            List<String> bits = new ArrayList<>();
            bits.add(p.type().id());
            bits.add(p.required() && p.defaultValue() == null ? "required" : "optional");
            if (p.defaultValue() != null) bits.add("default " + p.defaultValue());
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

    private static String effect(ActionSpec s) {
        return s.effect().id() + (s.authorDeclaresEffect() ? "*" : "");
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
