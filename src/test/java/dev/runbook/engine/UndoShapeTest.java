package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.UndoStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Retry;
import dev.runbook.model.Runbook;
import dev.runbook.model.UndoStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An undo is a compensating step: the engine honours its own retry, timeout, effect, condition and title. */
class UndoShapeTest {
    @TempDir
    Path tmp;

    private static UndoStep undo(String uses, Map<String, ?> with, String title, String ifExpr, Duration timeout, Retry retry, Effect effect) {
        return new UndoStep(uses, Fixtures.with(with), Fixtures.POS, title, ifExpr, timeout, retry, null, effect, Map.of());
    }

    private static Fixtures.StepBuilder withUndo(Fixtures.StepBuilder b, UndoStep u) {
        return b.undoStep(u);
    }

    @Test
    void an_undo_retries_as_its_own_retry_says_though_its_step_has_none() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb")
                .resolve(withUndo(step("one", "fake.write"), undo("fake.flaky", Map.of("failures", 2L), null, null, null,
                                new Retry(3, Duration.ZERO, 1.0, Fixtures.POS), null)),
                        step("two", "fake.fail").onFailure(OnFailure.ROLLBACK))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(h.recorder.of(RunEvent.UndoFinished.class)).singleElement().extracting(RunEvent.UndoFinished::status).isEqualTo(UndoStatus.UNDONE);
    }

    @Test
    void without_its_own_retry_a_flaky_undo_fails_once() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb")
                .resolve(withUndo(step("one", "fake.write"), undo("fake.flaky", Map.of("failures", 2L), null, null, null, null, null)),
                        step("two", "fake.fail").onFailure(OnFailure.ROLLBACK))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLBACK_FAILED);
    }

    @Test
    void an_undo_stops_at_its_own_timeout() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb")
                .resolve(withUndo(step("one", "fake.write"), undo("fake.sleep", Map.of("ms", 60_000L), null, null, Duration.ofMillis(50), null, null)),
                        step("two", "fake.fail").onFailure(OnFailure.ROLLBACK))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLBACK_FAILED);
        assertThat(h.recorder.of(RunEvent.UndoFinished.class)).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(UndoStatus.FAILED);
            assertThat(u.error()).containsIgnoringCase("time");
        });
    }

    @Test
    void an_undo_whose_condition_is_false_has_nothing_to_undo() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb")
                .resolve(withUndo(step("one", "fake.write"), undo("fake.write", Map.of(), null, "steps.one.failed", null, null, null)),
                        step("two", "fake.fail").onFailure(OnFailure.ROLLBACK))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(h.actions.executed).containsExactly("one", "two");
        assertThat(h.recorder.of(RunEvent.UndoFinished.class)).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo(UndoStatus.NOTHING);
            assertThat(u.error()).contains("condition is false");
        });
    }

    /** A declared effect raises what the step's approval must cover: --yes does not approve a destructive undo. */
    @Test
    void an_undo_declared_destructive_needs_an_explicit_approval() throws Exception {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb")
                .resolve(withUndo(step("one", "fake.write"), undo("fake.write", Map.of(), "Drop it again", null, null, null, Effect.DESTRUCTIVE)))
                .build();
        RunResult refused = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(refused.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(h.actions.executed).isEmpty();
        Harness h2 = new Harness(java.nio.file.Files.createDirectories(tmp.resolve("again")));
        RunResult approved = h2.run(rb, Mode.EXECUTE, h2.options().approve(Set.of("one")));
        assertThat(approved.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }
}
