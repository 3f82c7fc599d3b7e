package dev.runbook.check.rules;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.model.Step;
import java.util.List;
import java.util.function.Consumer;

/** RB054: {@code if: false} disables a step for good; usually a leftover from testing. */
public final class NeverRunsRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.NEVER_RUNS);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Step s : ctx.runbook().allSteps()) {
            if (s.ifExpr() != null && s.ifExpr().strip().equals("false")) {
                report.accept(Diagnostic.of(Code.NEVER_RUNS, s.at("if"), "step '" + s.id() + "' has 'if: false' and never runs",
                        "remove the step, or give it a real condition"));
            }
        }
    }
}
