package dev.runbook.check.rules;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.model.Names;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import java.util.List;
import java.util.function.Consumer;

/** RB021: every {@code uses} (of a step or its undo) names an action in the catalogue. */
public final class ActionRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.UNKNOWN_ACTION);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Step s : ctx.runbook().allSteps()) {
            check(ctx, s.uses(), s.at("uses"), report);
            if (s.undo() != null) check(ctx, s.undo().uses(), s.undo().pos(), report);
        }
    }

    private static void check(RuleContext ctx, String uses, SourcePosition at, Consumer<Diagnostic> report) {
        if (uses == null || ctx.catalogue().spec(uses).isPresent()) return;
        String hint = Names.closest(uses, ctx.catalogue().names()).map(c -> "did you mean '" + c + "'?")
                .orElse("'runbook actions' lists the available actions");
        report.accept(Diagnostic.of(Code.UNKNOWN_ACTION, at, "unknown action '" + uses + "'", hint));
    }
}
