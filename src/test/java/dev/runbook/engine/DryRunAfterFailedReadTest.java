package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run keeps planning after a read failed, as {@code terraform plan} shows "(known after apply)": the read is
 * shown failed, what uses its outputs is planned with values unknown until run, and the end says how many reads failed,
 * where a real run would stop and, when the provider could not be reached, that {@code --offline} shows the plan. A
 * real run still stops at the failed read: nothing after it runs, nothing is planned.
 */
class DryRunAfterFailedReadTest {
    @TempDir
    Path tmp;

    /** A port nothing listens on (bound, read, released): connecting to it is refused. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The core actions, for real: a health probe that cannot connect, a shell read, a shell fix that uses the probe. */
    private Runbook core(int port) {
        return runbook("core-after-failed-read")
                .diagnose(step("probe", "http.check").with(Map.of("url", "http://127.0.0.1:" + port + "/health", "timeout", "2s")),
                        step("look", "shell").effect(Effect.READ).with(Map.of("command", List.of("echo", "fine"))))
                .resolve(step("fix", "shell").with(Map.of("command", List.of("sh", "-c", "echo restarting \"$WHY\""),
                                "env", Map.of("WHY", "${steps.probe.outputs.status}"))),
                        step("tell", "message").with(Map.of("text", "looked: ${steps.look.outputs.stdout}")))
                .verify(step("check", "assert").with(Map.of("that", "${steps.probe.outputs.status == 200}")))
                .build();
    }

    private RunResult run(Harness h, Runbook rb, Mode mode) {
        return h.run(rb, mode, h.options().actions(ActionResolver.of(Catalogue.standard())).yes(true), Map.of());
    }

    @Test
    void a_dry_run_with_the_core_actions_plans_past_a_failed_read_and_says_so_at_the_end() throws Exception {
        Harness h = new Harness(tmp);

        RunResult r = run(h, core(closedPort()), Mode.DRY_RUN);

        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.steps()).containsEntry("probe", StepStatus.FAILED).containsEntry("look", StepStatus.SUCCEEDED)
                .containsEntry("fix", StepStatus.PLANNED).containsEntry("tell", StepStatus.SUCCEEDED).containsEntry("check", StepStatus.PLANNED);
        var plans = h.recorder.of(RunEvent.StepPlanned.class);
        assertThat(plans).filteredOn(p -> p.step().equals("fix")).singleElement().satisfies(p -> {
            assertThat(p.summary()).contains("dry run: write step not executed", "outputs of probe, unknown until run (the read failed)");
            assertThat(p.details()).contains("env: (unknown until run)", "command: [sh, -c, echo restarting \"$WHY\"]");
            assertThat(p.kind()).isEqualTo(RunEvent.PlanKind.CHANGE);
        });
        assertThat(plans).filteredOn(p -> p.step().equals("check")).singleElement()
                .satisfies(p -> assertThat(p.summary()).contains("unknown until run"));
        assertThat(h.recorder.of(RunEvent.StepFinished.class)).filteredOn(f -> f.step().equals("probe")).singleElement().satisfies(f -> {
            assertThat(f.error()).contains("cannot connect to");
            assertThat(f.hint()).startsWith("dry run: planning goes on");
        });
        assertThat(h.recorder.of(RunEvent.FailureChoice.class)).as("no abort was chosen: the dry run went on").isEmpty();
        assertThat(r.message()).startsWith("1 read failed (probe): the dry run went on planning")
                .contains("A real run would stop at 'probe' (onFailure: abort): cannot connect to http://127.0.0.1:")
                .as("a health endpoint that refuses is a finding, not a reason to go offline").doesNotContain("--offline");
    }

    @Test
    void a_real_run_still_stops_at_the_failed_read() throws Exception {
        Harness h = new Harness(tmp);

        RunResult r = run(h, core(closedPort()), Mode.EXECUTE);

        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.steps()).containsEntry("probe", StepStatus.FAILED).doesNotContainKeys("fix", "tell", "check");
        assertThat(h.recorder.of(RunEvent.StepPlanned.class)).isEmpty();
        assertThat(h.recorder.of(RunEvent.StepStarted.class)).extracting(RunEvent.StepStarted::step).doesNotContain("fix");
        assertThat(r.message()).doesNotContain("unknown until run", "dry run");
    }

    @Test
    void a_read_that_could_not_reach_its_provider_suggests_offline_and_counts_every_failed_read() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("unreachable")
                .diagnose(step("app", "fake.unreachable"), step("other", "fake.unreachable"), step("local", "fake.read"))
                .resolve(step("scale", "fake.write").with(Map.of("value", "${steps.app.outputs.value}")),
                        step("keep", "fake.write").with(Map.of("value", "${steps.local.outputs.value}")))
                .build();

        RunResult r = h.run(rb, Mode.DRY_RUN);

        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(h.actions.planned).as("a plan from real values only: keep's, not scale's").containsExactly("keep");
        assertThat(r.steps()).containsEntry("scale", StepStatus.PLANNED).containsEntry("keep", StepStatus.PLANNED);
        assertThat(r.message()).startsWith("2 reads failed (app, other)")
                .contains("app, other could not reach their providers (sign-in or connection)", "add --offline");
    }

    @Test
    void a_read_allowed_to_fail_and_verify_after_planned_changes_behave_as_before() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("as-before")
                .diagnose(step("maybe", "fake.unreachable").onFailure(OnFailure.CONTINUE))
                .resolve(step("change", "fake.write"))
                .verify(step("after", "fake.unreachable"))
                .build();

        RunResult r = h.run(rb, Mode.DRY_RUN);

        assertThat(r.steps()).containsEntry("maybe", StepStatus.FAILED).containsEntry("after", StepStatus.FAILED);
        assertThat(r.outcome()).as("verify saw the unchanged system and stops the dry run, as documented").isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).doesNotContain("reads failed", "read failed");
    }
}
