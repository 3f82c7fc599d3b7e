package dev.runbook.history;

import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.Via;
import dev.runbook.journal.ErrorKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.journal.UndoStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunDigestTest {
    private final List<RunEvent> events = new ArrayList<>();

    private RunDigestTest start(String mode) {
        events.add(new RunEvent.RunStarted("R1", "rb", "T", "P1", "15m", "/rb.yaml", "x", Map.of(), List.of(), "me", "host", mode, 4));
        return this;
    }

    private RunDigestTest read(String step, String phase, StepStatus status, String error) {
        events.add(new RunEvent.StepStarted(step, phase, step, "http.check", "read", 1, Map.of()));
        events.add(new RunEvent.StepFinished(step, phase, status, Map.of(), Map.of(), 5, null, error, error == null ? null : ErrorKind.PERMANENT, null));
        return this;
    }

    private RunDigestTest write(String step, String answer, StepStatus status) {
        events.add(new RunEvent.StepPlanned(step, "scale plan: workers 1 → 3", Map.of("workers", 1), Map.of("workers", 3), "plan", List.of()));
        events.add(new RunEvent.GateAnswered(step, "write", GateAnswer.valueOf(answer.toUpperCase(java.util.Locale.ROOT)), Via.TERMINAL, "me", "scale"));
        if (!answer.equals("skip")) events.add(new RunEvent.StepStarted(step, "resolve", step, "azure.appservice.plan.scale", "write", 1, Map.of()));
        events.add(new RunEvent.StepFinished(step, "resolve", status, Map.of(), Map.of(), 5, answer.equals("skip") ? "skipped at the gate" : null,
                status == StepStatus.FAILED ? "boom" : null, null, null));
        return this;
    }

    private RunDigest end(RunOutcome o) {
        events.add(new RunEvent.RunFinished(o, 1000, "msg"));
        return RunDigest.of(events);
    }

    @Test
    void a_failed_diagnose_check_is_a_finding_and_the_run_is_resolved() {
        RunDigest d = start("execute").read("health", "diagnose", StepStatus.FAILED, "status 503").write("scale", "approve", StepStatus.SUCCEEDED)
                .read("healthy", "verify", StepStatus.SUCCEEDED, null).end(RunOutcome.SUCCEEDED);
        assertThat(d.findings()).extracting(RunDigest.Finding::step).containsExactly("health");
        assertThat(d.failures()).isEmpty();
        assertThat(d.changes()).extracting(RunDigest.Change::what).containsExactly("scale plan: workers 1 → 3");
        assertThat(d.words()).isEqualTo("resolved");
    }

    @Test
    void a_resolve_step_skipped_at_its_gate_makes_it_partially_resolved() {
        RunDigest d = start("execute").write("switch-dns", "skip", StepStatus.SKIPPED).write("scale", "approve", StepStatus.SUCCEEDED)
                .end(RunOutcome.SUCCEEDED);
        assertThat(d.skippedAtGate()).extracting(RunDigest.Skipped::step, RunDigest.Skipped::phase).containsExactly(org.assertj.core.groups.Tuple.tuple("switch-dns", "resolve"));
        assertThat(d.changes()).extracting(RunDigest.Change::step).containsExactly("scale");
        assertThat(d.words()).isEqualTo("partially resolved");
    }

    @Test
    void a_verify_check_that_failed_and_was_passed_over_is_not_resolved() {
        // before: "partially resolved" in the end block (and "resolved" in a rehearsal's debrief) after the operator skipped
        // a failed verify step: the check said the fix did not work
        RunDigest d = start("execute").write("restart", "skip", StepStatus.SKIPPED).read("healthy", "verify", StepStatus.FAILED, "503")
                .end(RunOutcome.SUCCEEDED);
        assertThat(d.words()).isEqualTo("not resolved: a verify check failed");
        assertThat(d.resolvedWithoutDoubt()).isFalse();
        events.clear();
        RunDigest changed = start("execute").write("scale", "approve", StepStatus.SUCCEEDED).read("healthy", "verify", StepStatus.FAILED, "503")
                .end(RunOutcome.SUCCEEDED);
        assertThat(changed.words()).isEqualTo("not resolved: a verify check failed, changes remain");
    }

    @Test
    void changes_that_no_verify_check_confirmed_are_not_called_resolved() {
        // before: "✓ resolved" for a runbook without verify steps whose health check had failed and a write ran
        RunDigest d = start("execute").read("health", "diagnose", StepStatus.FAILED, "503").write("scale", "approve", StepStatus.SUCCEEDED)
                .end(RunOutcome.SUCCEEDED);
        assertThat(d.words()).isEqualTo("changes made, not verified");
        assertThat(d.resolvedWithoutDoubt()).isFalse();
        events.clear();
        // a run that changed nothing and checked what it should is still resolved (a diagnosis that found all well)
        RunDigest nothing = start("execute").read("health", "diagnose", StepStatus.SUCCEEDED, null).end(RunOutcome.SUCCEEDED);
        assertThat(nothing.words()).isEqualTo("resolved");
    }

    @Test
    void a_change_shows_the_values_the_step_recorded_not_the_gates_prediction() {
        // before: the end block showed the plan's "deploymentId (none) → ecs-svc/sim-1" while the step had made sim-2
        start("execute");
        events.add(new RunEvent.StepPlanned("deploy", "force a new deployment", Map.of("deploymentId", "(none)"),
                Map.of("deploymentId", "ecs-svc/sim-1"), "plan", List.of()));
        events.add(new RunEvent.GateAnswered("deploy", "write", GateAnswer.APPROVE, Via.TERMINAL, "me", "deploy"));
        events.add(new RunEvent.StepStarted("deploy", "resolve", "deploy", "aws.ecs.update-service", "write", 1, Map.of()));
        events.add(new RunEvent.StepFinished("deploy", "resolve", StepStatus.SUCCEEDED, Map.of("deploymentId", "ecs-svc/sim-2", "other", 1),
                Map.of("deploymentId", "ecs-svc/sim-0"), 5, null, null, null, null));
        RunDigest d = read("healthy", "verify", StepStatus.SUCCEEDED, null).end(RunOutcome.SUCCEEDED);
        assertThat(d.changes()).singleElement().satisfies(c -> {
            assertThat(c.before()).containsExactly(Map.entry("deploymentId", "ecs-svc/sim-0"));
            assertThat(c.after()).containsExactly(Map.entry("deploymentId", "ecs-svc/sim-2"));
            assertThat(c.what()).isEqualTo("force a new deployment");
        });
    }

    @Test
    void undos_keep_their_true_status_and_an_unconfirmed_one_is_said() {
        start("execute").write("scale", "approve", StepStatus.SUCCEEDED);
        events.add(new RunEvent.RollbackStarted("verify failed", List.of("scale", "restart")));
        events.add(new RunEvent.UndoFinished("scale", UndoStatus.UNDONE, 3, null));
        events.add(new RunEvent.UndoFinished("restart", UndoStatus.UNCONFIRMED, 3, "nobody confirmed"));
        RunDigest d = end(RunOutcome.ROLLED_BACK);
        assertThat(d.undos()).extracting(RunDigest.Undo::step, RunDigest.Undo::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("scale", UndoStatus.UNDONE), org.assertj.core.groups.Tuple.tuple("restart", UndoStatus.UNCONFIRMED));
        assertThat(d.words()).isEqualTo("rolled back, with undos not confirmed");
    }

    @Test
    void a_dry_run_lists_its_planned_changes_and_changed_nothing() {
        start("dry-run");
        events.add(new RunEvent.StepPlanned("scale", "scale plan: workers 1 → 3", Map.of(), Map.of(), "plan", List.of()));
        events.add(new RunEvent.StepStarted("scale", "resolve", "scale", "x", "write", 1, Map.of()));
        events.add(new RunEvent.StepFinished("scale", "resolve", StepStatus.PLANNED, Map.of(), Map.of(), 0, "dry run", null, null, null));
        RunDigest d = end(RunOutcome.SUCCEEDED);
        assertThat(d.dryRun()).isTrue();
        assertThat(d.changes()).hasSize(1);
        assertThat(d.words()).isEqualTo("dry run: nothing was changed");
    }

    @Test
    void a_failure_outside_diagnose_with_changes_made_says_they_remain() {
        RunDigest d = start("execute").write("scale", "approve", StepStatus.SUCCEEDED).read("healthy", "verify", StepStatus.FAILED, "503")
                .end(RunOutcome.FAILED);
        assertThat(d.failures()).extracting(RunDigest.Failure::step).containsExactly("healthy");
        assertThat(d.words()).isEqualTo("not resolved: changes remain");
    }

    @Test
    void a_resumed_step_that_later_succeeded_is_no_longer_a_failure() {
        start("execute").read("healthy", "verify", StepStatus.FAILED, "503");
        events.add(new RunEvent.RunFinished(RunOutcome.FAILED, 10, "failed"));
        events.add(new RunEvent.RunResumed("R1", "me", "host", "x", false));
        RunDigest d = read("healthy", "verify", StepStatus.SUCCEEDED, null).end(RunOutcome.SUCCEEDED);
        assertThat(d.failures()).isEmpty();
        assertThat(d.words()).isEqualTo("resolved");
    }
}
