package dev.runbook.check.rules;

import dev.runbook.action.ActionSpec;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.model.Effect;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * RB026: {@code effect:} decides the gate, so an author may raise a built-in action's effect (treat a restart
 * as destructive) but never lower it. Actions that run arbitrary work (shell, manual) take the author's word.
 * RB063: a step's approval covers its undo, so a step whose undo changes more than the step itself is gated at
 * the undo's effect (a read step whose undo writes needs approval): a warning, since that is easy to miss.
 */
public final class EffectRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.EFFECT_LOWERED, Code.UNDO_RAISES_EFFECT);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Step s : ctx.runbook().allSteps()) {
            check(ctx, s.effect(), s.uses(), s.at("effect"), "step '" + s.id() + "'", report);
            if (s.undo() != null) check(ctx, s.undo().effect(), s.undo().uses(), s.undo().at("effect"), "the undo of step '" + s.id() + "'", report);
            undoRaises(ctx, s, report);
        }
    }

    private static void undoRaises(RuleContext ctx, Step s, Consumer<Diagnostic> report) {
        if (s.undo() == null) return;
        Optional<ActionSpec> own = ctx.spec(s.uses());
        Optional<ActionSpec> undo = ctx.spec(s.undo().uses());
        if (own.isEmpty() || undo.isEmpty()) return;
        Effect step = RuleContext.effectiveEffect(s, own.get());
        Effect u = RuleContext.declaredEffect(undo.get(), s.undo().effect());
        if (step.atLeast(u)) return;
        report.accept(Diagnostic.of(Code.UNDO_RAISES_EFFECT, s.undo().at("uses"),
                "the undo of step '" + s.id() + "' is " + u.id() + " (" + undo.get().name() + "), more than the step itself ("
                        + step.id() + "): the step's gate asks approval for " + u.id() + ", and --yes " + (u == Effect.DESTRUCTIVE
                        ? "does not cover it (--approve " + s.id() + " does)" : "covers it"),
                "if the undo really " + (u == Effect.DESTRUCTIVE ? "destroys" : "changes") + " more, say so in the step ('effect: "
                        + u.id() + "' where its action allows) or split the change into its own step"));
    }

    private static void check(RuleContext ctx, Effect declared, String uses, SourcePosition at, String what, Consumer<Diagnostic> report) {
        if (declared == null) return;
        Optional<ActionSpec> spec = ctx.spec(uses);
        if (spec.isEmpty() || spec.get().authorDeclaresEffect()) return;
        if (!declared.atLeast(spec.get().effect())) {
            report.accept(Diagnostic.of(Code.EFFECT_LOWERED, at,
                    what + " declares effect '" + declared.id() + "', lower than " + spec.get().name()
                            + "'s own effect '" + spec.get().effect().id() + "'",
                    "an effect may only be raised; remove 'effect:' to keep '" + spec.get().effect().id() + "'"));
        }
    }
}
