package dev.runbook.ui;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.check.RuleContext;
import dev.runbook.graph.GraphRenderer;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Durations;
import dev.runbook.model.Effect;
import dev.runbook.model.Escalation;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Help.Ansi;

/** {@code runbook show}: a runbook rendered for a human about to run it. */
public final class RunbookRenderer {
    private final Catalogue catalogue;
    private final Ansi ansi;
    private final PrintWriter out;

    public RunbookRenderer(Catalogue catalogue, Ansi ansi, PrintWriter out) {
        this.catalogue = catalogue;
        this.ansi = ansi;
        this.out = out;
    }

    public void render(Runbook rb, StepGraph graph) {
        out.println(style("bold", rb.id()) + (rb.title() == null ? "" : " — " + rb.title()));
        if (rb.severity() != null) {
            out.println("severity: " + style(rb.severity().ordinal() <= 1 ? "bold,red" : "yellow", rb.severity().name())
                    + " (" + rb.severity().label() + ", respond within " + Durations.format(rb.severity().responseTarget()) + ")");
        }
        out.println("file:     " + rb.source());
        if (rb.summary() != null) {
            out.println();
            rb.summary().strip().lines().forEach(l -> out.println("  " + l));
        }
        list("Symptoms", rb.symptoms());
        list("Prerequisites", rb.prerequisites());
        parameters(rb);
        if (!rb.env().isEmpty()) {
            heading("Environment");
            out.println("  " + String.join(", ", rb.env()));
        }
        for (Phase phase : Phase.values()) {
            List<Step> steps = graph.steps(phase);
            if (steps.isEmpty()) continue;
            heading(title(phase));
            int n = 0;
            for (Step s : steps) step(++n, s);
        }
        if (!rb.escalation().isEmpty()) {
            heading("Escalation");
            for (Escalation e : rb.escalation()) {
                out.println("  after " + (e.after() == null ? "?" : Durations.format(e.after())) + " → " + e.to()
                        + (e.notice() != null ? " (posted to its webhook: notify:)" : ""));
            }
        }
        list("References", rb.references());
        heading("Step graph");
        GraphRenderer.render(graph, rb.id(), GraphRenderer.Format.TEXT).lines().forEach(l -> out.println("  " + l));
        out.flush();
    }

    private void parameters(Runbook rb) {
        if (rb.parameters().isEmpty()) return;
        heading("Parameters");
        int w = rb.parameters().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Parameter p : rb.parameters().values()) {
            List<String> bits = new ArrayList<>();
            bits.add(p.type().id());
            if (p.required()) bits.add(style("bold", "required"));
            if (p.secret()) bits.add(style("magenta", "secret"));
            if (p.defaultValue() != null) bits.add("default " + (p.secret() ? "***" : ActionRenderer.shown(p.defaultValue())));
            if (!p.enumValues().isEmpty()) bits.add("one of " + String.join(", ", p.enumValues()));
            out.println("  " + pad(p.name(), w) + "  " + String.join(" · ", bits) + (p.description() == null ? "" : "  " + style("faint", p.description())));
        }
    }

    private void step(int n, Step s) {
        Optional<ActionSpec> spec = s.uses() == null ? Optional.empty() : catalogue.spec(s.uses());
        Optional<Effect> own = spec.map(sp -> RuleContext.effectiveEffect(s, sp));
        // the gate approves the higher of the step's and its undo's effect (one approval covers both)
        Optional<Effect> undo = s.undo() == null ? Optional.empty()
                : catalogue.spec(s.undo().uses()).map(sp -> RuleContext.declaredEffect(sp, s.undo().effect()));
        Optional<Effect> effect = own.map(o -> undo.filter(u -> !o.atLeast(u)).orElse(o));
        boolean undoRaises = effect.isPresent() && effect.get() != own.get();
        String eff = effect.map(e -> switch (e) {
            case READ -> style("green", "read");
            case WRITE -> style("yellow", "write");
            case DESTRUCTIVE -> style("bold,red", "destructive");
        }).orElse(style("faint", "unknown action")) + (undoRaises ? ", by its undo" : "");
        out.println(String.format(java.util.Locale.ROOT, "  %2d. ", n) + style("bold", s.id()) + (s.title() == null ? "" : "  " + s.title()) + "  [" + eff + "]");
        detail("uses", s.uses());
        if (s.needs() != null) detail("needs", s.needs().isEmpty() ? "nothing (runs independently)" : String.join(", ", s.needs()));
        detail("if", s.ifExpr());
        effect.filter(Effect::mutates).ifPresent(e -> detail("gate", e == Effect.DESTRUCTIVE
                ? "type the target's name to confirm" + spec.map(ActionSpec::targetParam).map(t -> " (" + t + ")").orElse("")
                : "confirm y/n before it runs"));
        detail("confirm", s.confirm());
        if (s.timeout() != null) detail("timeout", Durations.format(s.timeout()));
        if (s.retry() != null) {
            detail("retry", s.retry().attempts() + " attempts, " + Durations.format(s.retry().delay()) + " apart"
                    + (s.retry().backoff() > 1.0 ? ", ×" + s.retry().backoff() + " each time" : ""));
        }
        if (s.onFailure() != null) detail("on failure", s.onFailure().id());
        if (s.undo() != null) {
            detail("undo", s.undo().uses() + undo.map(u -> " (" + u.id() + (undoRaises ? "; the step itself " + own.get().id() + "s" : "") + ")").orElse(""));
        } else if (effect.filter(Effect::mutates).isPresent() && spec.isPresent()) {
            if (spec.get().ownUndo()) detail("undo", spec.get().name() + " reverts itself (from steps." + s.id() + ".before)");
            else if (spec.get().nothingToUndo() != null) detail("undo", "none needed: " + spec.get().nothingToUndo());
        }
        if (!s.outputs().isEmpty()) detail("outputs", String.join(", ", s.outputs().keySet()));
    }

    private void detail(String label, String value) {
        if (value == null) return;
        out.println("        " + style("faint", pad(label + ":", 12)) + value);
    }

    private void list(String heading, List<String> items) {
        if (items.isEmpty()) return;
        heading(heading);
        items.forEach(i -> out.println("  - " + i));
    }

    private void heading(String text) {
        out.println();
        out.println(style("bold,underline", text));
    }

    private static String title(Phase p) {
        return switch (p) {
            case DIAGNOSE -> "Diagnose (read-only investigation)";
            case RESOLVE -> "Resolve (changes; each write passes a gate)";
            case VERIFY -> "Verify (proves the fix)";
            case ROLLBACK -> "Rollback (after undoing completed resolve steps, when a later step fails)";
        };
    }

    private String style(String styles, String text) {
        return ansi.string("@|" + styles + " " + text.replace("|@", "| @") + "|@");
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
