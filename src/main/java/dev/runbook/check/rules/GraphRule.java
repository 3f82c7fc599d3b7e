package dev.runbook.check.rules;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.graph.GraphProblem;
import java.util.List;
import java.util.function.Consumer;

/** RB050-RB053: {@code needs} name existing steps of this or an earlier phase, without cycles; every step can start. */
public final class GraphRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.UNKNOWN_NEED, Code.CYCLE, Code.UNREACHABLE, Code.NEED_LATER_PHASE);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (GraphProblem p : ctx.graph().problems()) {
            Code code = switch (p.kind()) {
                case UNKNOWN_NEED -> Code.UNKNOWN_NEED;
                case CYCLE -> Code.CYCLE;
                case UNREACHABLE -> Code.UNREACHABLE;
                case NEED_LATER_PHASE -> Code.NEED_LATER_PHASE;
            };
            report.accept(Diagnostic.of(code, p.pos(), p.message(), p.hint()));
        }
    }
}
