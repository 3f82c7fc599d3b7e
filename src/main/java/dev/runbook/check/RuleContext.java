package dev.runbook.check;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Effect;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.Optional;

/**
 * What every rule sees: the runbook, the action catalogue, and the step graph, scopes and expression analyzer
 * built once for all rules (so a template checked by two rules is parsed and typed once).
 */
public record RuleContext(Runbook runbook, Catalogue catalogue, StepGraph.Build graph, Scopes scopes, ExpressionAnalyzer analyzer) {
    public static RuleContext of(Runbook runbook, Catalogue catalogue) {
        return of(runbook, catalogue, StepGraph.build(runbook));
    }

    /** With the runbook's step graph already built (a run builds it once, for these checks and for the engine). */
    public static RuleContext of(Runbook runbook, Catalogue catalogue, StepGraph.Build graph) {
        Scopes scopes = new Scopes(runbook, catalogue, graph.graph());
        return new RuleContext(runbook, catalogue, graph, scopes, new ExpressionAnalyzer(runbook, scopes));
    }

    public Optional<ActionSpec> spec(String uses) {
        return uses == null ? Optional.empty() : catalogue.spec(uses);
    }

    /** An action's effect as an {@code effect:} (of a step or an undo) declares it: raised, never lowered, unless the author declares it. */
    public static Effect declaredEffect(ActionSpec spec, Effect declared) {
        if (declared == null) return spec.effect();
        if (spec.authorDeclaresEffect()) return declared;
        return declared.atLeast(spec.effect()) ? declared : spec.effect();
    }

    /**
     * The effect a step really has: the author's choice for actions that let the author declare it
     * (shell, manual), otherwise the action's own effect, raised (never lowered) by {@code effect:}.
     */
    public static Effect effectiveEffect(Step step, ActionSpec spec) {
        return declaredEffect(spec, step.effect());
    }
}
