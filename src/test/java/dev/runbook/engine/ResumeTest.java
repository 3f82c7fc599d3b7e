package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.journal.GateAnswer;
import dev.runbook.engine.gate.InDoubtChoice;
import dev.runbook.journal.Journal;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Runbook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
    @TempDir
    Path tmp;

    private final Runbook rb = runbook("res")
            .diagnose(step("a", "fake.read").with(Map.of("value", "${params.app}-state")))
            .resolve(step("one", "fake.write").with(Map.of("value", "${steps.a.outputs.value}")),
                    step("two", "fake.write").with(Map.of("value", "${steps.one.outputs.id}")))
            .verify(step("check", "fake.read").with(Map.of("value", "${steps.two.outputs.value}")))
            .param("app", dev.runbook.model.ParamType.STRING, null)
            .build();

    private RunService.Source source(String text) throws Exception {
        Path f = tmp.resolve("res.yaml");
        Files.writeString(f, text);
        return new RunService.Source(rb, f, Files.readAllBytes(f));
    }

    private final RunService service() {
        return new RunService(new RunStore(tmp.resolve("state")), Clock.systemUTC());
    }

    private String abortedAtTwo(Harness h) throws Exception {
        ScriptedInteraction op = new ScriptedInteraction().gate(GateAnswer.APPROVE, GateAnswer.ABORT);
        RunResult r = service().start(source("v1"), Mode.EXECUTE, Map.of("app", "api"), h.options().interaction(op).build(), e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.ABORTED);
        assertThat(h.actions.executed).containsExactly("a", "one");
        return r.runId();
    }

    @Test
    void resume_skips_completed_steps_and_restores_their_outputs() throws Exception {
        Harness h = new Harness(tmp);
        String id = abortedAtTwo(h);
        RunService.Resumable res = service().inspect(id);
        assertThat(RunService.recordedParams(res.history(), rb)).containsEntry("app", "api");
        Harness h2 = new Harness(tmp);
        RunResult r = service().resume(res, source("v1"), false, RunService.recordedParams(res.history(), rb),
                h2.options().yes(true).build(), e -> { });
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h2.actions.executed).containsExactly("two", "check");
        assertThat(r.outputs().get("check")).containsEntry("value", "id-one");
        var started = h2.recorder.of(RunEvent.StepStarted.class);
        assertThat(started).filteredOn(s -> s.step().equals("two")).singleElement()
                .satisfies(s -> assertThat(s.args()).containsEntry("value", "id-one"));
        assertThatThrownBy(() -> service().inspect(id)).hasMessageContaining("already ended");
    }

    @Test
    void a_step_cancelled_by_ctrl_c_runs_again_on_resume_even_with_on_failure_continue() throws Exception {
        Runbook tolerant = runbook("tol")
                .resolve(step("slow", "fake.sleep").with(Map.of("ms", "${params.ms}")).onFailure(dev.runbook.model.OnFailure.CONTINUE))
                .param("ms", dev.runbook.model.ParamType.INT, null)
                .build();
        Path f = tmp.resolve("tol.yaml");
        Files.writeString(f, "tol");
        RunService.Source src = new RunService.Source(tolerant, f, Files.readAllBytes(f));
        Harness h = new Harness(tmp);
        RunResult r = service().start(src, Mode.EXECUTE, Map.of("ms", 30_000L), h.options().build(), engine -> new Thread(() -> {
            try {
                while (h.recorder.of(RunEvent.StepStarted.class).isEmpty()) Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            engine.interrupt();
        }).start());
        assertThat(r.outcome()).isEqualTo(RunOutcome.INTERRUPTED);
        assertThat(r.steps()).containsEntry("slow", dev.runbook.journal.StepStatus.CANCELLED);
        RunService.Resumable res = service().inspect(r.runId());
        assertThat(Engine.keptOnResume(res.history().steps().get("slow").status(), tolerant.step("slow").orElseThrow())).isFalse();

        Harness h2 = new Harness(tmp);
        RunResult again = service().resume(res, src, false, Map.of("ms", 10L), h2.options().build(), e -> { });
        assertThat(h2.actions.executed).as("an interrupted step never counts as done").containsExactly("slow");
        assertThat(again.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void a_rehearsal_still_running_in_another_terminal_is_not_resumed_under_it() throws Exception {
        // before: a rehearsal takes no runbook lock, so 'resume last' from a second shell reopened its journal (cut to what
        // it had read) and ran it, while the first process, still at a gate, went on writing: "JOURNAL INTEGRITY BROKEN"
        Runbook slow = runbook("drill")
                .resolve(step("slow", "fake.sleep").with(Map.of("ms", "${params.ms}")))
                .param("ms", dev.runbook.model.ParamType.INT, null)
                .build();
        Path f = tmp.resolve("drill.yaml");
        Files.writeString(f, "drill");
        RunService.Source src = new RunService.Source(slow, f, Files.readAllBytes(f));
        Harness h = new Harness(tmp);
        java.util.concurrent.atomic.AtomicReference<Engine> live = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CompletableFuture<RunResult> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return service().rehearse(src, "drill-scenario", Map.of("ms", 60_000L), h.options().build(), live::set);
            } catch (RunService.Refused e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            while (h.recorder.of(RunEvent.StepStarted.class).isEmpty()) Thread.sleep(20);
            String id = h.recorder.of(RunEvent.RunStarted.class).get(0).runId();
            RunService.Resumable res = service().inspect(id);
            Harness h2 = new Harness(tmp);
            assertThatThrownBy(() -> service().resume(res, src, false, Map.of("ms", 10L), h2.options().build(), e -> { }))
                    .isInstanceOf(RunService.Refused.class).hasMessageContaining("rehearsal " + id + " is still running")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(h2.actions.executed).isEmpty();
        } finally {
            while (live.get() == null) Thread.sleep(20);
            live.get().interrupt();
        }
        RunResult r = first.get();
        assertThat(r.outcome()).isEqualTo(RunOutcome.INTERRUPTED);
        // its journal is whole, and once its process has ended the rehearsal goes on where it stopped
        RunService.Resumable again = service().inspect(r.runId());
        RunResult resumed = service().resume(again, src, false, Map.of("ms", 10L), new Harness(tmp).options().build(), e -> { });
        assertThat(resumed.outcome()).as(resumed.message()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void a_finished_run_cannot_be_resumed() throws Exception {
        Harness h = new Harness(tmp);
        RunResult r = service().start(source("v1"), Mode.EXECUTE, Map.of("app", "api"), h.options().yes(true).build(), e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThatThrownBy(() -> service().inspect(r.runId())).hasMessageContaining("already ended (succeeded)");
    }

    @Test
    void a_dry_run_is_not_resumed_and_the_refusal_says_what_it_was_in_words() throws Exception {
        for (Mode m : new Mode[] {Mode.DRY_RUN, Mode.OFFLINE}) {
            ScriptedInteraction op = new ScriptedInteraction().gate(GateAnswer.ABORT);
            RunResult r = service().start(source("v1"), m, Map.of("app", "api"), new Harness(tmp).options().interaction(op).build(), e -> { });
            // before: "run ... was a offline; there is nothing to resume"
            assertThatThrownBy(() -> service().inspect(r.runId())).isInstanceOf(RunService.Refused.class)
                    .hasMessageContaining(m == Mode.OFFLINE ? "was an offline dry run: it changed nothing" : "was a dry run: it changed nothing")
                    .hasMessageContaining("runbook exec res");
        }
    }

    @Test
    void resume_refuses_a_changed_runbook_unless_forced() throws Exception {
        Harness h = new Harness(tmp);
        String id = abortedAtTwo(h);
        RunService.Resumable res = service().inspect(id);
        assertThatThrownBy(() -> service().resume(res, source("v2"), false, Map.of("app", "api"), new Harness(tmp).options().yes(true).build(), e -> { }))
                .isInstanceOf(RunService.Refused.class).hasMessageContaining("changed since run " + id).hasMessageContaining("--force");
        RunResult forced = service().resume(res, source("v2"), true, Map.of("app", "api"), new Harness(tmp).options().yes(true).build(), e -> { });
        assertThat(forced.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void resume_refuses_a_tampered_journal() throws Exception {
        String id = abortedAtTwo(new Harness(tmp));
        Path f = tmp.resolve("state/runs").resolve(id).resolve(Journal.FILE);
        Files.writeString(f, Files.readString(f, StandardCharsets.UTF_8).replace("api-state", "evil-state"));
        assertThatThrownBy(() -> service().inspect(id)).hasMessageContaining("fails verification");
    }

    private String withInDoubtTwo() throws Exception {
        String id = abortedAtTwo(new Harness(tmp));
        RunService.Resumable res = service().inspect(id);
        // as if the process died between announcing 'two' and finishing it
        try (Journal j = Journal.reopen(res.journal(), new dev.runbook.secret.Redactor(), Clock.systemUTC())) {
            j.append(new RunEvent.RunResumed(id, "u", "h", null, false));
            j.append(new RunEvent.StepStarted("two", "resolve", "two", "fake.write", "write", 1, Map.of()));
        }
        return id;
    }

    @Test
    void an_in_doubt_step_is_put_to_the_operator_and_done_means_it_is_not_run_again() throws Exception {
        String id = withInDoubtTwo();
        RunService.Resumable res = service().inspect(id);
        assertThat(res.history().inDoubt()).containsExactly("two");
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().inDoubt(InDoubtChoice.DONE);
        RunResult r = service().resume(res, source("v1"), false, Map.of("app", "api"), h.options().interaction(op).build(), e -> { });
        assertThat(op.inDoubtAsked).containsExactly("two");
        // 'two' is not run again; its outputs are unknown, so 'check', which reads them, cannot evaluate
        assertThat(h.actions.executed).isEmpty();
        assertThat(op.failed).extracting(f -> f.step()).containsExactly("check");
        assertThat(r.outcome()).isEqualTo(RunOutcome.ABORTED);
        assertThat(r.message()).contains("step 'check'", "steps.two.outputs");
    }

    @Test
    void an_in_doubt_step_can_be_rerun() throws Exception {
        String id = withInDoubtTwo();
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().inDoubt(InDoubtChoice.RERUN).gate(GateAnswer.APPROVE);
        RunResult r = service().resume(service().inspect(id), source("v1"), false, Map.of("app", "api"), h.options().interaction(op).build(), e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("two", "check");
    }

    @Test
    void without_a_terminal_an_in_doubt_step_needs_a_scripted_decision() throws Exception {
        String id = withInDoubtTwo();
        Harness h = new Harness(tmp);
        RunResult r = service().resume(service().inspect(id), source("v1"), false, Map.of("app", "api"),
                h.options().yes(true).approve(Set.of("two")).build(), e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(r.message()).contains("inDoubt: { two: rerun }");
        assertThat(h.actions.executed).isEmpty();
    }
}
