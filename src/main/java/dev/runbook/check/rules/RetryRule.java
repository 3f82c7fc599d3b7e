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
 * RB062: {@code retry:} polls by running the same step again; on an action whose outcome depends on its arguments
 * alone (assert over earlier outputs) every try gives the same answer, so the retry only delays the failure.
 */
public final class RetryRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.RETRY_NO_EFFECT);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Step s : ctx.runbook().allSteps()) {
            if (s.retry() == null || s.retry().attempts() <= 1) continue;
            Optional<ActionSpec> spec = ctx.spec(s.uses());
            if (spec.isEmpty() || !spec.get().argumentsOnly()) continue;
            report.accept(Diagnostic.of(Code.RETRY_NO_EFFECT, s.at("retry"),
                    "step '" + s.id() + "' retries " + s.uses() + ", whose outcome depends only on its arguments: every try gives the same answer",
                    "put 'retry:' on the step that reads the changing state (e.g. an http.check or a query with an expectation), and assert after it"));
        }
    }
}
