package dev.runbook.check.rules;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.model.Runbook;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** RB013: {@code runbook: <id>} equals the file name, so {@code runbook exec <id>} finds it. */
public final class RunbookIdRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.ID_MISMATCH);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        Runbook rb = ctx.runbook();
        if (rb.id() == null || rb.source() == null) return;
        String name = Path.of(rb.source()).getFileName().toString();
        if (!name.endsWith(".yaml") && !name.endsWith(".yml")) return;
        String stem = name.substring(0, name.lastIndexOf('.'));
        if (!stem.equals(rb.id())) {
            report.accept(Diagnostic.of(Code.ID_MISMATCH, rb.pos(), "runbook id '" + rb.id() + "' differs from the file name '" + name + "'",
                    "rename the file to " + rb.id() + ".yaml or set 'runbook: " + stem + "'"));
        }
    }
}
