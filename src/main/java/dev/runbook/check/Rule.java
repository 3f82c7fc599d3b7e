package dev.runbook.check;

import java.util.List;
import java.util.function.Consumer;

/** One static check behind {@code validate}. Rules never throw on bad input: they report. */
public interface Rule {
    /** The codes this rule may report. */
    List<Code> codes();

    void check(RuleContext ctx, Consumer<Diagnostic> report);
}
