package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunOutcome;
import dev.runbook.model.OnFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureMessageTest {
    @TempDir
    Path tmp;

    @Test
    void the_run_names_the_step_that_stopped_it_not_a_tolerated_failure_that_ended_later() {
        Harness h = new Harness(tmp);
        var rb = runbook("rb")
                .diagnose(step("broken", "fake.flaky").with(Map.of("failures", 9)).needs(),
                        step("tolerated", "fake.flaky").with(Map.of("failures", 9)).retry(3, Duration.ofMillis(150), 1.0)
                                .onFailure(OnFailure.CONTINUE).needs())
                .build();

        RunResult r = h.run(rb, Mode.EXECUTE, h.options().parallel(2));

        assertThat(h.actions.executions("tolerated")).as("the tolerated step failed after the broken one").isEqualTo(3);
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).startsWith("step 'broken' failed: flaky failure 1");
    }
}
