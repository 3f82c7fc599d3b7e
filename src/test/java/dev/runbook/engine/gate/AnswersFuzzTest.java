package dev.runbook.engine.gate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.testing.Fuzz;

/**
 * Coverage-guided fuzzing of {@code --answers FILE} (see {@link Fuzz}). The contract: {@link Answers#load} returns
 * the answers or throws {@link Answers.Invalid} with a message that starts "answers file".
 */
class AnswersFuzzTest {
    @FuzzTest
    void load(byte[] data) {
        Answers a;
        try {
            a = Answers.load(Fuzz.scratch("answers.yaml", data));
        } catch (Answers.Invalid e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("answers file")) {
                throw Fuzz.broken("a refusal that does not name the answers file: " + e.getMessage(), Fuzz.utf8(data));
            }
            return;
        }
        for (String step : a.gates().keySet()) a.gate(step);
        for (String step : a.failures().keySet()) a.failure(step);
    }
}
