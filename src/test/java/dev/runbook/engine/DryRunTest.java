package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunTest {
    @TempDir
    Path tmp;

    private Runbook chain() {
        return runbook("chain")
                .diagnose(step("look", "fake.read").with(Map.of("value", "plan-7")))
                .resolve(
                        step("create", "fake.write").with(Map.of("value", "${steps.look.outputs.value}")),
                        step("scale", "fake.write").with(Map.of("value", "${steps.create.outputs.id}"))
                                .when("steps.create.outputs.id != ''"),
                        step("drop", "fake.destroy").with(Map.of("name", "${steps.scale.outputs.value}")))
                .verify(step("check", "fake.read").with(Map.of("value", "${steps.create.outputs.id}-ok")),
                        step("local", "fake.read").with(Map.of("value", "x")))
                .rollback(step("page", "fake.write"))
                .build();
    }

    @Test
    void dry_run_never_executes_a_mutating_action_and_walks_the_whole_graph() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(chain(), Mode.DRY_RUN);
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("look", "local");
        assertThat(r.steps()).containsEntry("create", StepStatus.PLANNED).containsEntry("scale", StepStatus.PLANNED)
                .containsEntry("drop", StepStatus.PLANNED).containsEntry("check", StepStatus.PLANNED);
        // a plan is computed from real values only: create's from the read output; scale reads a prediction
        assertThat(h.actions.planned).containsExactly("create");
        assertThat(r.outputs().get("create")).containsEntry("id", "predicted-id");
        var plans = h.recorder.of(RunEvent.StepPlanned.class);
        assertThat(plans).filteredOn(p -> p.step().equals("create")).singleElement()
                .satisfies(p -> assertThat(p.summary()).contains("plan-7"));
        assertThat(plans).filteredOn(p -> p.step().equals("create")).singleElement()
                .satisfies(p -> assertThat(p.before()).containsEntry("workers", 1L));
        assertThat(plans).filteredOn(p -> p.step().equals("scale")).singleElement()
                .satisfies(p -> assertThat(p.summary()).contains("predicted outputs of create"));
    }

    @Test
    void dry_run_needs_no_approval_even_without_a_terminal() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(chain(), Mode.DRY_RUN);
        assertThat(r.needApproval()).isEmpty();
        assertThat(h.recorder.of(RunEvent.GateAnswered.class)).isEmpty();
    }

    @Test
    void a_read_step_fed_by_predicted_outputs_is_planned_not_run() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(chain(), Mode.DRY_RUN);
        assertThat(h.actions.executed).doesNotContain("check");
        assertThat(r.outputs().get("check")).containsEntry("value", "<predicted check.value>");
    }

    @Test
    void offline_runs_nothing_at_all_and_fills_typed_placeholders() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(chain(), Mode.OFFLINE);
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).isEmpty();
        assertThat(h.actions.planned).isEmpty();
        assertThat(r.outputs().get("look")).containsEntry("count", 0L).containsEntry("value", "<predicted look.value>");
        assertThat(r.steps().values()).containsOnly(StepStatus.PLANNED);
    }

    @Test
    void dry_run_follows_the_rollback_path_planning_each_undo_instead_of_executing_it() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb")
                .resolve(step("change", "fake.write").undo("fake.write", Map.of("value", "back")))
                .verify(step("broken", "fake.fail").effect(dev.runbook.model.Effect.READ).onFailure(OnFailure.ROLLBACK))
                .build();
        h.actions.add(dev.runbook.action.ActionSpec.builder("fake.fail", dev.runbook.model.Effect.READ)
                .optional("kind", dev.runbook.model.ParamType.STRING, "PERMANENT", "kind").output("never", dev.runbook.model.ParamType.STRING, "n").build());
        RunResult r = h.run(rb, Mode.DRY_RUN);
        assertThat(h.actions.executed).containsExactly("broken");
        assertThat(h.recorder.of(RunEvent.UndoFinished.class)).extracting(RunEvent.UndoFinished::status).containsExactly(dev.runbook.journal.UndoStatus.PLANNED);
        assertThat(h.actions.planned).containsExactly("change", "change");
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
    }
}
