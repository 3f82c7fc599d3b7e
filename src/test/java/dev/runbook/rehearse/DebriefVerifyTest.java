package dev.runbook.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rehearsal that "succeeded" only because a failed verify check was passed over (the trainee skipped it, or it was
 * {@code onFailure: continue}) is a deviation: before, the debrief said PASS with "outcome resolved" while the end block
 * above it said "not resolved: a verify check failed".
 */
class DebriefVerifyTest {
    private static final Scenario RESOLVED = ScenarioParser.parse("s.yaml", """
            scenario: s
            runbook: mini
            expect:
              outcome: resolved
            """).scenario().orElseThrow();

    private static Debrief debrief(StepStatus verify) {
        DebriefRecorder r = new DebriefRecorder(RESOLVED);
        r.on("r1", new RunEvent.StepFinished("health", "diagnose", StepStatus.FAILED, Map.of(), null, 5, null, "503", null, null));
        r.on("r1", new RunEvent.StepFinished("healthy", "verify", verify, Map.of(), null, 5, null,
                verify == StepStatus.FAILED ? "503" : null, null, null));
        r.on("r1", new RunEvent.RunFinished(RunOutcome.SUCCEEDED, 1000, "run succeeded"));
        return r.debrief(RunOutcome.SUCCEEDED, List.of());
    }

    @Test
    void a_failed_verify_passed_over_is_not_a_pass() {
        Debrief d = debrief(StepStatus.FAILED);
        assertThat(d.passed()).isFalse();
        assertThat(d.deviations()).containsExactly("verify step 'healthy' failed and the run went on past it: the incident was not shown resolved");
    }

    @Test
    void a_verify_check_that_passed_is_a_pass() {
        assertThat(debrief(StepStatus.SUCCEEDED).passed()).isTrue();
    }
}
