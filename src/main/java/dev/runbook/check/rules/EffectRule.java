package dev.runbook.check.rules;

import dev.runbook.action.ActionSpec;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
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
            if (s.effect() == null) continue;
            Optional<ActionSpec> spec = ctx.spec(s.uses());
            if (spec.isEmpty() || spec.get().authorDeclaresEffect()) continue;
            if (!s.effect().atLeast(spec.get().effect())) {
                report.accept(Diagnostic.of(Code.EFFECT_LOWERED, s.at("effect"),
                        "step '" + s.id() + "' declares effect '" + s.effect().id() + "', lower than " + spec.get().name()
                                + "'s own effect '" + spec.get().effect().id() + "'",
                        "an effect may only be raised; remove 'effect:' to keep '" + spec.get().effect().id() + "'"));
            }
        }
    }
}
