package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manual steps and --answers: dry runs preview what the scripted answer leads to; runs without a terminal refuse up front. */
class ManualAnswersTest {
    @TempDir
    Path tmp;

    /** The fake actions, with the real core actions (manual, assert) beside them. */
    private static ActionResolver withCore(FakeActions fakes) {
        Catalogue core = Catalogue.standard();
        return new ActionResolver() {
            @Override
            public Optional<ActionSpec> spec(String name) {
                return name.startsWith("fake.") ? fakes.spec(name) : core.spec(name);
            }

            @Override
            public Action action(String name) {
                return name.startsWith("fake.") ? fakes.action(name) : core.action(name);
            }
        };
    }

    /** Like the shipped runbooks: a triage question decides which write runs. */
    private static Runbook triage() {
        return runbook("triage")
                .diagnose(step("look", "fake.read"),
                        step("triage", "manual").with(Map.of("instructions", "Read the logs", "question", "Cause?",
                                "choices", List.of("restart", "scale", "none"))).needs("look"))
                .resolve(step("restart", "fake.write").when("steps.triage.outputs.answer == 'restart'"),
                        step("scale", "fake.write").when("steps.triage.outputs.answer == 'scale'"))
                .verify(step("check", "fake.read").with(Map.of("value", "${1 / 0}")))
                .build();
    }

    private Answers answers(String text) throws Exception {
        Path file = Files.createTempFile(tmp, "answers", ".yaml");
        Files.writeString(file, text);
        return Answers.load(file);
    }

    @Test
    void a_dry_run_takes_the_scripted_answer_and_previews_the_write_it_leads_to() throws Exception {
        Harness h = new Harness(tmp);
        RunResult r = h.run(triage(), Mode.DRY_RUN, h.options().actions(withCore(h.actions)).answers(answers("ask:\n  triage: restart\n")));
        assertThat(r.outputs().get("triage")).containsEntry("answer", "restart");
        assertThat(r.steps()).containsEntry("restart", StepStatus.PLANNED).containsEntry("scale", StepStatus.SKIPPED);
        assertThat(h.actions.executed).doesNotContain("restart", "scale");
        assertThat(h.recorder.of(RunEvent.OperatorText.class)).anySatisfy(t -> assertThat(t.text()).contains("--answers answers 'restart'"));
    }

    @Test
    void a_dry_run_refuses_a_scripted_answer_that_is_not_one_of_the_choices() throws Exception {
        Harness h = new Harness(tmp);
        RunResult r = h.run(triage(), Mode.DRY_RUN, h.options().actions(withCore(h.actions)).answers(answers("ask:\n  triage: reboot\n")));
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).contains("'reboot' is not one of [restart, scale, none]");
    }

    @Test
    void a_failing_verify_of_a_dry_run_says_the_changes_were_only_planned_whatever_made_it_fail() throws Exception {
        Harness h = new Harness(tmp);
        RunResult r = h.run(triage(), Mode.DRY_RUN, h.options().actions(withCore(h.actions)).answers(answers("ask:\n  triage: restart\n")));
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        // the verify step fails on its argument (1 / 0), not in its action: the note is there all the same
        assertThat(h.recorder.of(RunEvent.StepFinished.class)).filteredOn(f -> f.step().equals("check")).singleElement()
                .satisfies(f -> assertThat(f.hint()).contains("dry run: restart only planned, so verify saw the unchanged state"));
    }

    @Test
    void without_a_terminal_and_without_answers_the_run_refuses_before_its_first_step_listing_the_manual_steps() throws Exception {
        Harness h = new Harness(tmp);
        RunResult r = h.run(triage(), Mode.EXECUTE, h.options().actions(withCore(h.actions)).yes(true));
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(h.actions.executed).isEmpty(); // not even the read before the manual step
        assertThat(r.message()).contains("no step has run").contains("triage: answer its question (--answers ask: { triage: ... })");

        Harness h2 = new Harness(tmp.resolve("answered"));
        RunResult answered = h2.run(triage(), Mode.EXECUTE, h2.options().actions(withCore(h2.actions)).yes(true)
                .answers(answers("ask:\n  triage: none\n")));
        assertThat(answered.message()).doesNotContain("ask the operator");
        assertThat(h2.actions.executed).contains("look");
    }
}
