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
 */
public final class EffectRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.EFFECT_LOWERED);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Step s : ctx.runbook().allSteps()) {
            check(ctx, s.effect(), s.uses(), s.at("effect"), "step '" + s.id() + "'", report);
            if (s.undo() != null) check(ctx, s.undo().effect(), s.undo().uses(), s.undo().at("effect"), "the undo of step '" + s.id() + "'", report);
        }
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
