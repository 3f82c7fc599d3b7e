package dev.runbook.rehearse;

import dev.runbook.journal.GateAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the trainee did against what the scenario expected.
 *
 * @param outcome      how the run ended, in the scenario's words (null when it ended in a way no scenario expects, e.g. interrupted)
 * @param runOutcome   the engine's own word for it (succeeded, approval-required, ...)
 * @param elapsed      simulated time from start to end
 * @param ran          steps whose action ran (succeeded or failed), in order
 * @param skipped      steps that did not run
 * @param gates        step → the answer given at its gate (approve, skip, abort)
 * @param deviations   one sentence per departure from the expected path; empty means the rehearsal passed
 * @param worldChanges what changed in the simulated world, oldest first
 */
public record Debrief(String scenario, Outcome outcome, String runOutcome, String message, Duration elapsed, List<String> ran,
                      List<String> skipped, Map<String, GateAnswer> gates, List<String> deviations, List<String> worldChanges) {
    public Debrief {
        ran = List.copyOf(ran);
        skipped = List.copyOf(skipped);
        gates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gates));
        deviations = List.copyOf(deviations);
        worldChanges = List.copyOf(worldChanges);
    }

    public boolean passed() {
        return deviations.isEmpty();
    }
}
