package dev.runbook.check;

import dev.runbook.action.Catalogue;
import dev.runbook.check.rules.ActionRule;
import dev.runbook.check.rules.ArgumentsRule;
import dev.runbook.check.rules.DuplicateStepRule;
import dev.runbook.check.rules.EffectRule;
import dev.runbook.check.rules.EscalationRule;
import dev.runbook.check.rules.ExpressionRule;
import dev.runbook.check.rules.GraphRule;
import dev.runbook.check.rules.NeverRunsRule;
import dev.runbook.check.rules.NullableOutputRule;
import dev.runbook.check.rules.ParameterRule;
import dev.runbook.check.rules.RetryRule;
import dev.runbook.check.rules.RunbookIdRule;
import dev.runbook.check.rules.SecretSpliceRule;
import dev.runbook.check.rules.UndoRule;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Runbook;
import java.util.ArrayList;
import java.util.List;

/** Runs every rule over a parsed runbook and returns the diagnostics in file order. */
public final class Checker {
    private final Catalogue catalogue;
    private final List<Rule> rules;

    public Checker(Catalogue catalogue) {
        this(catalogue, standardRules());
    }

    public Checker(Catalogue catalogue, List<Rule> rules) {
        this.catalogue = catalogue;
        this.rules = List.copyOf(rules);
    }

    public static List<Rule> standardRules() {
        return List.of(new RunbookIdRule(), new DuplicateStepRule(), new ParameterRule(), new GraphRule(), new NeverRunsRule(),
                new ActionRule(), new ArgumentsRule(), new EffectRule(), new ExpressionRule(), new NullableOutputRule(), new SecretSpliceRule(), new UndoRule(), new RetryRule(),
                new EscalationRule());
    }

    public List<Diagnostic> check(Runbook runbook) {
        return check(runbook, StepGraph.build(runbook));
    }

    /** As above, over the runbook's step graph built by the caller (who hands the same graph to the engine). */
    public List<Diagnostic> check(Runbook runbook, StepGraph.Build graph) {
        RuleContext ctx = RuleContext.of(runbook, catalogue, graph);
        List<Diagnostic> out = new ArrayList<>();
        for (Rule rule : rules) rule.check(ctx, out::add);
        out.sort(Diagnostic.ORDER);
        return out;
    }
}
