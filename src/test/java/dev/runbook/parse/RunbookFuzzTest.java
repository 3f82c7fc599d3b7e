package dev.runbook.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.action.Catalogue;
import dev.runbook.check.Checker;
import dev.runbook.check.Diagnostic;
import dev.runbook.testing.Fuzz;

/**
 * Coverage-guided fuzzing of the runbook binder (YAML tree to model) and of every validation rule after it, the path
 * of {@code runbook validate} (see {@link Fuzz}). The contract: for any text, {@link RunbookParser#parse} returns a
 * runbook or error diagnostics (never throws), and {@link Checker#check} of a bound runbook returns diagnostics.
 */
class RunbookFuzzTest {
    private static final Checker CHECKER = new Checker(Catalogue.standard());

    @FuzzTest
    void bindAndCheck(byte[] data) {
        String text = Fuzz.utf8(data);
        if (text == null) return;
        ParseResult r = RunbookParser.parse("fuzz.yaml", text);
        if (r.runbook().isEmpty() && r.diagnostics().stream().noneMatch(Diagnostic::isError)) {
            throw Fuzz.broken("no runbook and no error", text);
        }
        for (Diagnostic d : r.diagnostics()) {
            if (d.message() == null || d.message().isBlank() || d.line() < 0) throw Fuzz.broken("a diagnostic without a message or line: " + d, text);
        }
        if (r.runbook().isPresent()) {
            for (Diagnostic d : CHECKER.check(r.runbook().get())) {
                if (d.message() == null || d.message().isBlank()) throw Fuzz.broken("a check without a message: " + d, text);
            }
        }
    }
}
