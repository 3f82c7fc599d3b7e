package dev.runbook.check.rules;

import dev.runbook.action.ActionSpec;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.model.Effect;
import dev.runbook.model.Phase;
import dev.runbook.model.Step;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * RB061: a resolve step that changes state without {@code undo:} leaves rollback with nothing to run for it,
 * unless its action declares its own inverse ({@link ActionSpec#ownUndo()}) or that nothing needs reverting
 * ({@link ActionSpec#nothingToUndo()}).
 */
public final class UndoRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.WRITE_WITHOUT_UNDO);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Step s : ctx.runbook().steps(Phase.RESOLVE)) {
            Optional<ActionSpec> spec = ctx.spec(s.uses());
            if (spec.isEmpty() || s.undo() != null || spec.get().ownUndo() || spec.get().nothingToUndo() != null) continue;
            Effect effect = RuleContext.effectiveEffect(s, spec.get());
            if (!effect.mutates()) continue;
            report.accept(Diagnostic.of(Code.WRITE_WITHOUT_UNDO, s.at("id"),
                    "resolve step '" + s.id() + "' is " + effect.id() + " (" + spec.get().name() + ") and has no undo",
                    "add 'undo:' with the compensating action, so a rollback can revert it"
                            + (spec.get().before().isEmpty() ? "" : " (steps." + s.id() + ".before holds the state before the change)")));
        }
    }
}
