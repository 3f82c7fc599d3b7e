package dev.runbook.rehearse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.check.Diagnostic;
import dev.runbook.testing.Fuzz;

/**
 * Coverage-guided fuzzing of rehearsal scenarios, scripted answers included (see {@link Fuzz}). The contract:
 * {@link ScenarioParser#parse} returns a scenario or error diagnostics for any text, and never throws.
 */
class ScenarioFuzzTest {
    @FuzzTest
    void parse(byte[] data) {
        String text = Fuzz.utf8(data);
        if (text == null) return;
        ScenarioParser.Result r = ScenarioParser.parse("fuzz.scenario.yaml", text);
        if (r.scenario().isEmpty() && r.diagnostics().stream().noneMatch(Diagnostic::isError)) {
            throw Fuzz.broken("no scenario and no error", text);
        }
    }
}
