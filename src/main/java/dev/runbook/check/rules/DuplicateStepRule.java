package dev.runbook.check.rules;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.model.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** RB020: step ids are unique across all phases, since {@code steps.<id>} and {@code needs} name them. */
public final class DuplicateStepRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.DUPLICATE_STEP);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        Map<String, Step> seen = new HashMap<>();
        for (Step s : ctx.runbook().allSteps()) {
            Step first = seen.putIfAbsent(s.id(), s);
            if (first != null) {
                report.accept(Diagnostic.of(Code.DUPLICATE_STEP, s.at("id"),
                        "step id '" + s.id() + "' is used twice (first in " + first.phase().id() + " at line " + first.pos().line() + ")",
                        "step ids are unique across the runbook; rename one"));
            }
        }
    }
}
