package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {
    @TempDir
    Path tmp;

    private Runbook mixed() {
        return runbook("mixed")
                .diagnose(step("look", "fake.read"))
                .resolve(step("change", "fake.write"), step("drop", "fake.destroy").with(Map.of("name", "orders-prod")))
                .verify(step("check", "fake.read"))
                .build();
    }

    /** An operator who thinks for ten minutes at a gate: the step's elapsed time does not include it. */
    @Test
    void time_at_the_gate_is_not_counted_in_the_steps_elapsed_time() {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-11-22T03:00:00Z"));
        ScriptedInteraction slowOperator = new ScriptedInteraction() {
            @Override
            public GateAnswer gate(dev.runbook.engine.gate.GateRequest request) {
                now.updateAndGet(t -> t.plus(java.time.Duration.ofMinutes(10)));
                return super.gate(request);
            }
        }.gate(GateAnswer.APPROVE);
        Harness h = new Harness(tmp);
        Runbook rb = runbook("one-write").resolve(step("change", "fake.write")).build();

        RunResult r = h.run(rb, Mode.EXECUTE, h.options().interaction(slowOperator).clock(now::get));

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.recorder.of(RunEvent.StepFinished.class)).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(f.elapsedMs()).isLessThan(60_000);
        });
    }

    @Test
    void non_interactive_run_refuses_before_any_call_and_lists_every_step_needing_approval() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(mixed(), Mode.EXECUTE);
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(h.actions.executed).isEmpty();
        assertThat(h.actions.planned).isEmpty();
        assertThat(r.needApproval()).extracting(RunEvent.ApprovalRequired.Approval::step).containsExactly("change", "drop");
        assertThat(r.message()).contains("change", "drop", "--approve drop");
        assertThat(h.recorder.of(RunEvent.StepStarted.class)).isEmpty();
    }

    @Test
    void yes_approves_writes_but_never_a_destructive_step() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(mixed(), Mode.EXECUTE, h.options().yes(true));
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(r.needApproval()).extracting(RunEvent.ApprovalRequired.Approval::step).containsExactly("drop");
        assertThat(h.actions.executed).isEmpty();
    }

    @Test
    void approve_by_name_lets_the_destructive_step_run_and_yes_covers_the_write() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(mixed(), Mode.EXECUTE, h.options().yes(true).approve(Set.of("drop")));
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("look", "change", "drop", "check");
        assertThat(h.recorder.of(RunEvent.GateAnswered.class))
                .extracting(RunEvent.GateAnswered::step, RunEvent.GateAnswered::via)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("change", dev.runbook.journal.Via.YES), org.assertj.core.groups.Tuple.tuple("drop", dev.runbook.journal.Via.APPROVE));
    }

    @Test
    void approve_alone_without_yes_still_refuses_the_unapproved_write() {
        Harness h = new Harness(tmp);
        RunResult r = h.run(mixed(), Mode.EXECUTE, h.options().approve(Set.of("drop")));
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(r.needApproval()).extracting(RunEvent.ApprovalRequired.Approval::step).containsExactly("change");
    }

    @Test
    void interactive_yes_runs_no_skips_and_the_answer_is_journaled_with_user_and_what_was_shown() {
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().gate(GateAnswer.APPROVE, GateAnswer.SKIP);
        RunResult r = h.run(mixed(), Mode.EXECUTE, h.options().interaction(op).user("alice"));
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("look", "change", "check");
        assertThat(r.steps()).containsEntry("drop", StepStatus.SKIPPED);
        assertThat(op.asked).extracting(g -> g.effect()).containsExactly(Effect.WRITE, Effect.DESTRUCTIVE);
        assertThat(op.asked.get(1).target()).isEqualTo("orders-prod");
        assertThat(op.asked.get(1).plan().before()).containsEntry("workers", 1L);
        assertThat(op.asked.get(1).outputsSoFar()).containsKeys("look", "change");
        var answers = h.journal(r.runId()).events().stream().filter(e -> e instanceof RunEvent.GateAnswered).map(e -> (RunEvent.GateAnswered) e).toList();
        assertThat(answers).extracting(RunEvent.GateAnswered::answer).containsExactly(GateAnswer.APPROVE, GateAnswer.SKIP);
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.user()).isEqualTo("alice");
            assertThat(a.via()).isEqualTo(dev.runbook.journal.Via.TERMINAL);
            assertThat(a.shown()).contains("plan:");
        });
    }

    @Test
    void interactive_abort_stops_the_run_before_the_change_and_later_steps() {
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().gate(GateAnswer.ABORT);
        RunResult r = h.run(mixed(), Mode.EXECUTE, h.options().interaction(op));
        assertThat(r.outcome()).isEqualTo(RunOutcome.ABORTED);
        assertThat(h.actions.executed).containsExactly("look");
    }

    @Test
    void interactive_run_with_approve_does_not_ask_for_that_step() {
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().gate(GateAnswer.APPROVE);
        RunResult r = h.run(mixed(), Mode.EXECUTE, h.options().interaction(op).approve(Set.of("drop")));
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(op.asked).extracting(g -> g.step()).containsExactly("change");
    }

    @Test
    void answers_file_scripts_gates_and_a_destructive_answer_must_be_the_target_name() throws Exception {
        Path file = tmp.resolve("answers.yaml");
        Files.writeString(file, "gates:\n  change: yes\n  drop: orders-prod\n");
        Harness h = new Harness(tmp);
        RunResult r = h.run(mixed(), Mode.EXECUTE, h.options().answers(Answers.load(file)));
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).contains("change", "drop");

        Files.writeString(file, "gates:\n  change: yes\n  drop: yes\n");
        Harness h2 = new Harness(tmp.resolve("second"));
        RunResult r2 = h2.run(mixed(), Mode.EXECUTE, h2.options().answers(Answers.load(file)));
        assertThat(r2.outcome()).isEqualTo(RunOutcome.ABORTED);
        assertThat(h2.actions.executed).doesNotContain("drop");
        assertThat(r2.message()).contains("target's name 'orders-prod'");
    }

    @Test
    void rejects_an_answers_file_with_an_unknown_key_naming_the_closest() throws Exception {
        Path file = tmp.resolve("answers.yaml");
        Files.writeString(file, "gate:\n  change: yes\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Answers.load(file))
                .hasMessageContaining(file + ":1:1: unknown field 'gate' in the answers").hasMessageContaining("did you mean 'gates'");
    }

    /**
     * One binder for --answers files and scenarios' answers: every problem with its line and column, all of them at
     * once, and the same values accepted (confirm: yes was accepted here and refused in a scenario).
     */
    @Test
    void an_answers_file_is_bound_like_a_scenario_s_answers_with_positions() throws Exception {
        Path file = tmp.resolve("answers.yaml");
        Files.writeString(file, "failures: { healthy: retyr }\ninDoubt: { restart: maybe }\nconfirm: { page: 3 }\ninterrupt: later\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Answers.load(file))
                .hasMessageContaining(file + ":1:22: 'failures.healthy' must be one of retry, skip, abort, rollback, found 'retyr' (did you mean 'retry'?)")
                .hasMessageContaining(file + ":2:21: 'inDoubt.restart' must be one of rerun, done, abort, attach, found 'maybe'")
                .hasMessageContaining(file + ":3:18: confirm.page must be true, false (yes, no) or a list of checklist items, found the number 3")
                .hasMessageContaining(file + ":4:12: 'interrupt' must be one of rollback, stop, found 'later'");
        Files.writeString(file, "confirm: { page: yes, other: no, list: [a, 012] }\nask: { q: 0755 }\ngates: { a: true }\n");
        Answers a = Answers.load(file);
        assertThat(a.confirms("page", "x")).contains(true);
        assertThat(a.confirms("other", "x")).contains(false);
        assertThat(a.confirms("list", "012")).contains(true);
        assertThat(a.answer("q")).contains("0755");
        assertThat(a.gate("a")).contains("yes");
        dev.runbook.rehearse.ScenarioParser.Result r = dev.runbook.rehearse.ScenarioParser.parse("s.yaml",
                "scenario: s\nrunbook: r\nexpect: { outcome: resolved }\nanswers:\n  confirm: { page: yes, other: no, list: [a, 012] }\n  ask: { q: 0755 }\n");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.scenario().orElseThrow().answers().confirm()).containsEntry("page", true).containsEntry("other", false)
                .containsEntry("list", java.util.List.of("a", "012"));
        assertThat(r.scenario().orElseThrow().answers().ask()).containsEntry("q", "0755");
    }

    /** An answers file approves destructive steps: a duplicate key or an alias must not silently change an answer. */
    @Test
    void an_answers_file_is_read_with_the_runbook_rules() throws Exception {
        Path file = tmp.resolve("answers.yaml");
        Files.writeString(file, "gates:\n  drop: no\n  change: yes\n  drop: orders-prod\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Answers.load(file))
                .hasMessageContaining(file + ":4:3: duplicate key 'drop' (first at line 2)");
        Files.writeString(file, "gates:\n  change: &ok yes\n  drop: *ok\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Answers.load(file))
                .hasMessageContaining(file + ":2:11: YAML anchors (&ok) are not allowed"); // on a scalar too, where it is written
        Files.writeString(file, "confirm: { page-l2: yes, other: true }\ngates: { change: no }\n");
        Answers a = Answers.load(file);
        assertThat(a.confirms("page-l2", "any")).contains(true);
        assertThat(a.gate("change")).contains("no");
        Files.writeString(file, "# nothing yet\n");
        assertThat(Answers.load(file)).isEqualTo(Answers.NONE);
    }

    @Test
    void an_author_may_raise_a_read_action_to_write_and_it_then_needs_approval() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("raised").diagnose(step("look", "fake.read").effect(Effect.WRITE)).build();
        RunResult r = h.run(rb, Mode.EXECUTE);
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(h.actions.executed).isEmpty();
    }

    @Test
    void an_author_cannot_lower_a_write_action_to_read() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("lowered").resolve(step("change", "fake.write").effect(Effect.READ)).build();
        RunResult r = h.run(rb, Mode.EXECUTE);
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
    }
}
