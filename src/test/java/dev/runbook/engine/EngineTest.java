package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.engine.gate.FailureChoice;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    @TempDir
    Path tmp;

    @Test
    void eight_independent_half_second_checks_run_in_parallel() {
        Harness h = new Harness(tmp);
        Fixtures.StepBuilder[] steps = new Fixtures.StepBuilder[8];
        for (int i = 0; i < 8; i++) steps[i] = step("check-" + i, "fake.sleep").with(Map.of("ms", 500)).needs();
        Runbook rb = runbook("par").diagnose(steps).build();
        long t0 = System.nanoTime();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().parallel(8));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).hasSize(8);
        // 4 s if run one after another; the exact figure is in bench/parallel
        assertThat(ms).isLessThan(2500);
    }

    @Test
    void parallel_limit_is_respected() {
        Harness h = new Harness(tmp);
        Fixtures.StepBuilder[] steps = new Fixtures.StepBuilder[4];
        for (int i = 0; i < 4; i++) steps[i] = step("check-" + i, "fake.sleep").with(Map.of("ms", 300)).needs();
        long t0 = System.nanoTime();
        h.run(runbook("par").diagnose(steps).build(), Mode.EXECUTE, h.options().parallel(2));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(600);
    }

    @Test
    void a_step_starts_once_everything_it_needs_has_ended_and_ready_steps_start_in_document_order() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("diamond")
                .diagnose(step("d", "fake.read").needs("b", "c"), step("a", "fake.read").needs(),
                        step("c", "fake.read").needs("a"), step("b", "fake.read").needs("a"))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().parallel(1));
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("a", "c", "b", "d");
    }

    @Test
    void a_long_chain_runs_in_order_with_spare_parallelism() {
        Harness h = new Harness(tmp);
        Fixtures.StepBuilder[] steps = new Fixtures.StepBuilder[300];
        for (int i = 0; i < steps.length; i++) steps[i] = i == 0 ? step("s0", "fake.read").needs() : step("s" + i, "fake.read").needs("s" + (i - 1));
        RunResult r = h.run(runbook("chain").diagnose(steps).build(), Mode.EXECUTE, h.options().parallel(4));
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 300).mapToObj(i -> "s" + i).toList());
    }

    @Test
    void steps_without_needs_run_in_document_order_and_outputs_flow_through_expressions() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("flow")
                .diagnose(step("a", "fake.read").with(Map.of("value", "Running")),
                        step("b", "fake.read").with(Map.of("value", "${steps.a.outputs.value}-seen"))
                                .outputs(Map.of("shout", "steps.b.outputs.value + '!'")))
                .verify(step("c", "fake.read").with(Map.of("value", "${steps.b.outputs.shout}")))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE);
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("a", "b", "c");
        assertThat(r.outputs().get("c")).containsEntry("value", "Running-seen!");
    }

    @Test
    void if_false_skips_and_later_steps_can_see_it() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("cond")
                .diagnose(step("a", "fake.read").with(Map.of("value", "Stopped")),
                        step("b", "fake.read").when("steps.a.outputs.value == 'Running'"),
                        step("c", "fake.read").when("${steps.b.skipped}"))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE);
        assertThat(r.steps()).containsEntry("b", StepStatus.SKIPPED).containsEntry("c", StepStatus.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("a", "c");
    }

    @Test
    void a_condition_that_is_not_boolean_fails_the_step_with_a_clear_message() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(runbook("cond").diagnose(step("a", "fake.read").when("'yes'")).build(), Mode.EXECUTE);
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).contains("step 'a'", "if: must be true or false, got 'yes'");
    }

    @Test
    void transient_failures_are_retried_with_backoff_until_success() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("retry").diagnose(step("f", "fake.flaky").with(Map.of("failures", 2))
                .retry(4, Duration.ofMillis(100), 2.0)).build();
        long t0 = System.nanoTime();
        RunResult r = h.run(rb, Mode.EXECUTE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executions("f")).isEqualTo(3);
        assertThat(r.outputs().get("f")).containsEntry("calls", 3L);
        assertThat(h.recorder.of(RunEvent.StepRetrying.class)).extracting(RunEvent.StepRetrying::delayMs).containsExactly(100L, 200L);
        assertThat(ms).isGreaterThanOrEqualTo(300);
    }

    @Test
    void retries_stop_at_the_attempt_limit() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("retry").diagnose(step("f", "fake.flaky").with(Map.of("failures", 5))
                .retry(3, Duration.ofMillis(10), 1.0)).build();
        RunResult r = h.run(rb, Mode.EXECUTE);
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(h.actions.executions("f")).isEqualTo(3);
        assertThat(r.message()).contains("after 3 attempts");
    }

    @Test
    void permanent_failures_are_not_retried() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("perm").resolve(step("f", "fake.fail").retry(5, Duration.ofMillis(10), 1.0)).build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(h.actions.executions("f")).isEqualTo(1);
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
    }

    @Test
    void a_step_that_overruns_its_timeout_is_cancelled_and_fails_as_timeout() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("slow").diagnose(step("s", "fake.sleep").with(Map.of("ms", 10_000)).timeout(Duration.ofMillis(300))).build();
        long t0 = System.nanoTime();
        RunResult r = h.run(rb, Mode.EXECUTE);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(h.recorder.of(RunEvent.StepFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.errorKind()).isEqualTo(dev.runbook.journal.ErrorKind.TIMEOUT));
    }

    @Test
    void on_failure_continue_records_the_failure_and_goes_on() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("cont")
                .diagnose(step("bad", "fake.flaky").with(Map.of("failures", 9)).onFailure(OnFailure.CONTINUE),
                        step("next", "fake.read").when("steps.bad.failed"))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE);
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.steps()).containsEntry("bad", StepStatus.FAILED).containsEntry("next", StepStatus.SUCCEEDED);
    }

    @Test
    void rollback_undoes_completed_resolve_steps_in_reverse_then_runs_the_rollback_phase() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb")
                .resolve(step("one", "fake.write").undo("fake.write", Map.of("value", "undo-one")),
                        step("two", "fake.write").undo("fake.write", Map.of("value", "${steps.two.before.workers}")),
                        step("three", "fake.fail").onFailure(OnFailure.ROLLBACK))
                .rollback(step("page", "fake.write"))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        // undo actions run in the step's name: two's undo first, then one's, then the rollback phase
        assertThat(h.actions.executed).containsExactly("one", "two", "three", "two", "one", "page");
        assertThat(h.recorder.of(RunEvent.UndoStarted.class)).extracting(RunEvent.UndoStarted::step, u -> u.args().get("value"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("two", 1L), org.assertj.core.groups.Tuple.tuple("one", "undo-one"));
        assertThat(h.recorder.of(RunEvent.RollbackFinished.class)).singleElement().satisfies(f -> assertThat(f.ok()).isTrue());
    }

    @Test
    void a_failing_undo_makes_the_rollback_fail_but_the_other_undos_still_run() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb")
                .resolve(step("one", "fake.write").undo("fake.write", Map.of()),
                        step("two", "fake.write").undo("fake.fail", Map.of()),
                        step("three", "fake.fail").onFailure(OnFailure.ROLLBACK))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLBACK_FAILED);
        assertThat(h.recorder.of(RunEvent.UndoFinished.class)).extracting(RunEvent.UndoFinished::step, RunEvent.UndoFinished::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("two", dev.runbook.journal.UndoStatus.FAILED), org.assertj.core.groups.Tuple.tuple("one", dev.runbook.journal.UndoStatus.UNDONE));
    }

    @Test
    void interactive_operator_can_retry_a_failed_step_then_roll_back() {
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().failure(FailureChoice.RETRY, FailureChoice.ROLLBACK);
        Runbook rb = runbook("rb")
                .resolve(step("one", "fake.write").undo("fake.write", Map.of()), step("two", "fake.fail"))
                .build();
        RunResult r = h.run(rb, Mode.EXECUTE, h.options().interaction(op).approve(Set.of("one", "two")));
        assertThat(h.actions.executions("two")).isEqualTo(2);
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(op.failed).extracting(f -> f.dflt()).containsOnly(FailureChoice.ABORT);
        assertThat(h.recorder.of(RunEvent.FailureChoice.class)).extracting(RunEvent.FailureChoice::choice).containsExactly("retry", "rollback");
    }

    @Test
    void interactive_abort_after_failure_is_an_operator_abort() {
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().failure(FailureChoice.ABORT);
        RunResult r = h.run(runbook("rb").diagnose(step("x", "fake.flaky").with(Map.of("failures", 9))).build(), Mode.EXECUTE,
                h.options().interaction(op));
        assertThat(r.outcome()).isEqualTo(RunOutcome.ABORTED);
    }

    @Test
    void interrupt_cancels_running_steps_and_ends_interrupted_with_a_consistent_journal() throws Exception {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("int").diagnose(step("long", "fake.sleep").with(Map.of("ms", 30_000)), step("after", "fake.read")).build();
        EngineOptions opts = h.options().build();
        Engine engine = new Engine(opts);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            engine.interrupt();
        });
        t.start();
        RunResult r;
        long t0 = System.nanoTime();
        try (var j = dev.runbook.journal.Journal.create(tmp.resolve("int"), h.redactor, java.time.Clock.systemUTC())) {
            r = engine.run(RunRequest.of("int", rb, Mode.EXECUTE, Map.of()), j);
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThat(r.outcome()).isEqualTo(RunOutcome.INTERRUPTED);
        assertThat(r.steps()).containsEntry("long", StepStatus.CANCELLED).doesNotContainKey("after");
        var journal = dev.runbook.journal.JournalReader.read(tmp.resolve("int"));
        assertThat(journal.intact()).isTrue();
        assertThat(journal.events()).hasAtLeastOneElementOfType(RunEvent.Interrupted.class);
        assertThat(journal.events().get(journal.events().size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
        assertThat(h.recorder.of(RunEvent.StepFinished.class)).singleElement().satisfies(f -> assertThat(f.errorKind()).isEqualTo(dev.runbook.journal.ErrorKind.CANCELLED));
        assertThat(List.of(r.message())).anySatisfy(m -> assertThat(m).contains("runbook resume int"));
    }

    @Test
    void stop_work_for_a_second_ctrl_c_cancels_the_running_step_and_journals_nothing_more() throws Exception {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("stop").diagnose(step("long", "fake.sleep").with(Map.of("ms", 30_000))).build();
        Engine engine = new Engine(h.options().build());
        java.util.concurrent.CompletableFuture<RunResult> run;
        try (var j = dev.runbook.journal.Journal.create(tmp.resolve("stop"), h.redactor, java.time.Clock.systemUTC())) {
            run = java.util.concurrent.CompletableFuture.supplyAsync(() -> engine.run(RunRequest.of("stop", rb, Mode.EXECUTE, Map.of()), j));
            while (h.recorder.of(RunEvent.StepStarted.class).isEmpty()) Thread.sleep(20);
            long t0 = System.nanoTime();
            engine.stopWork();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
            RunResult r = run.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(r.message()).contains("stopped by a second Ctrl-C");
        }
        var journal = dev.runbook.journal.JournalReader.read(tmp.resolve("stop"));
        assertThat(journal.intact()).isTrue();
        assertThat(journal.events()).as("nothing is journaled after the second Ctrl-C").last().isInstanceOf(RunEvent.StepStarted.class);
    }
}
