package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.GateAnswer;
import dev.runbook.engine.gate.GateRequest;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.journal.UndoStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One approval rule for every path to a change (issue 17, item 1). Real core actions: each change is a shell
 * process appending a line to a ledger file, so every change that happened is counted, approved or not.
 */
class ApprovalPathsTest {
    @TempDir
    Path tmp;

    private Path ledger() {
        return tmp.resolve("ledger.txt");
    }

    private List<String> changes() throws Exception {
        return Files.exists(ledger()) ? Files.readAllLines(ledger()) : List.of();
    }

    private Map<String, Object> append(String line) {
        return Map.of("command", List.of("sh", "-c", "echo " + line + " >> \"$LEDGER\""), "env", Map.of("LEDGER", ledger().toString()));
    }

    private Fixtures.StepBuilder failingVerify() {
        return step("healthy", "shell").effect(Effect.READ).with(Map.of("command", List.of("false"))).onFailure(OnFailure.ROLLBACK);
    }

    /** The measured case: a read step whose undo writes, a verify that fails, and nobody approved anything. */
    private Runbook readStepWithWritingUndo(String uses, Map<String, ?> with) {
        return runbook("read-undo")
                .resolve(step("announce", uses).with(with).undo("shell", append("undone-announce")))
                .verify(failingVerify())
                .build();
    }

    private EngineOptions.Builder core(Harness h) {
        return h.options().catalogue(Catalogue.standard());
    }

    @Test
    void a_message_whose_undo_writes_is_refused_at_preflight_without_approval() throws Exception {
        Harness h = new Harness(tmp);
        RunResult r = h.run(readStepWithWritingUndo("message", Map.of("text", "hello")), Mode.EXECUTE, core(h));
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(changes()).as("unapproved changes").isEmpty();
        assertThat(h.recorder.of(RunEvent.StepStarted.class)).isEmpty();
        assertThat(r.needApproval()).extracting(RunEvent.ApprovalRequired.Approval::step, RunEvent.ApprovalRequired.Approval::effect)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("announce", "write"));
        assertThat(r.message()).contains("announce (write; the step reads, its undo would: write (shell))", "--yes or --approve announce");
    }

    @Test
    void a_manual_step_at_its_default_effect_whose_undo_writes_is_refused_too() throws Exception {
        Harness h = new Harness(tmp);
        RunResult r = h.run(readStepWithWritingUndo("manual", Map.of("instructions", "tell the team")), Mode.EXECUTE, core(h));
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(changes()).isEmpty();
    }

    @Test
    void with_yes_the_approval_covers_the_undo_which_runs_once() throws Exception {
        Harness h = new Harness(tmp);
        RunResult r = h.run(readStepWithWritingUndo("message", Map.of("text", "hello")), Mode.EXECUTE, core(h).yes(true));
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(changes()).containsExactly("undone-announce");
        assertThat(h.recorder.of(RunEvent.GateAnswered.class)).singleElement()
                .satisfies(g -> assertThat(g.shown()).contains("undo would: write (shell)"));
    }

    @Test
    void the_gate_shows_what_the_undo_would_do_and_a_skipped_step_is_never_undone() throws Exception {
        List<GateRequest> shown = new ArrayList<>();
        ScriptedInteraction operator = new ScriptedInteraction() {
            @Override
            public GateAnswer gate(GateRequest request) {
                shown.add(request);
                return super.gate(request);
            }
        }.gate(GateAnswer.SKIP);
        Harness h = new Harness(tmp);
        RunResult r = h.run(readStepWithWritingUndo("message", Map.of("text", "hello")), Mode.EXECUTE, core(h).interaction(operator));
        assertThat(shown).singleElement().satisfies(g -> {
            assertThat(g.effect()).isEqualTo(Effect.WRITE);
            assertThat(g.undo()).isEqualTo("write (shell)");
        });
        assertThat(r.steps()).containsEntry("announce", StepStatus.SKIPPED);
        assertThat(changes()).isEmpty();
    }

    @Test
    void an_undo_more_dangerous_than_its_step_needs_the_approval_of_that_danger() throws Exception {
        Harness h = new Harness(tmp);
        h.actions.add(dev.runbook.action.ActionSpec.builder("fake.wipe", Effect.DESTRUCTIVE).build());
        Runbook rb = runbook("wipe-undo").resolve(step("tweak", "fake.write").undo("fake.wipe", Map.of())).build();
        RunResult yes = h.run(rb, Mode.EXECUTE, h.options().yes(true));
        assertThat(yes.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(yes.needApproval()).singleElement().satisfies(a -> {
            assertThat(a.effect()).isEqualTo("destructive");
            assertThat(a.how()).contains("--approve tweak");
        });
        assertThat(h.actions.executed).isEmpty();
        assertThat(h.run(rb, Mode.EXECUTE, h.options().approve(Set.of("tweak"))).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void a_rollback_phase_step_that_writes_is_listed_by_preflight_as_running_only_on_rollback() throws Exception {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("rb-phase").verify(failingVerify()).rollback(step("restore", "shell").with(append("restored"))).build();
        RunResult r = h.run(rb, Mode.EXECUTE, core(h));
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(r.message()).contains("restore (write), runs only on rollback");
        assertThat(changes()).isEmpty();
        RunResult approved = h.run(rb, Mode.EXECUTE, core(h).approve(Set.of("restore")));
        assertThat(approved.outcome()).as(approved.message()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(changes()).containsExactly("restored");
    }

    @Test
    void a_resumed_rollback_never_runs_an_undo_nobody_approved() throws Exception {
        // a journal written before the approval rule: the message step ran without a gate, then the run died in rollback
        Runbook rb = readStepWithWritingUndo("message", Map.of("text", "hello"));
        Harness h = new Harness(tmp);
        Path dir = tmp.resolve("old");
        try (Journal j = Journal.create(dir, h.redactor, Clock.systemUTC())) {
            j.append(new RunEvent.RunStarted("old", "read-undo", null, null, null, "x.yaml", null, Map.of(), List.of(), "u", "h", "execute", 1));
            j.append(new RunEvent.StepStarted("announce", "resolve", "announce", "message", "read", 1, Map.of()));
            j.append(new RunEvent.StepFinished("announce", "resolve", StepStatus.SUCCEEDED, Map.of(), Map.of(), 1, null, null, null, null));
            j.append(new RunEvent.RollbackStarted("verify failed", List.of("announce")));
        }
        RunHistory history = RunHistory.replay(JournalReader.read(dir).events());
        RunResult r;
        try (Journal j = Journal.reopen(JournalReader.read(dir), h.redactor, Clock.systemUTC())) {
            r = new Engine(core(h).build()).run(RunRequest.of("old", rb, Mode.EXECUTE, Map.of()).resuming(history, false), j);
        }
        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLBACK_FAILED);
        assertThat(r.message()).contains("announce", "not approved", "runbook runs show old");
        assertThat(changes()).as("unapproved changes").isEmpty();
        assertThat(h.recorder.of(RunEvent.UndoFinished.class)).extracting(RunEvent.UndoFinished::status).containsExactly(UndoStatus.FAILED);
    }

    @Test
    void an_in_doubt_write_is_rerun_only_through_its_gate() throws Exception {
        Runbook rb = runbook("doubt").resolve(step("change", "shell").with(append("changed"))).build();
        Harness h = new Harness(tmp);
        Path dir = tmp.resolve("doubt");
        try (Journal j = Journal.create(dir, h.redactor, Clock.systemUTC())) {
            j.append(new RunEvent.RunStarted("doubt", "doubt", null, null, null, "x.yaml", null, Map.of(), List.of(), "u", "h", "execute", 1));
            j.append(new RunEvent.StepStarted("change", "resolve", "change", "shell", "write", 1, Map.of()));
        }
        Answers rerun = new Answers(Map.of(), Map.of(), Map.of("change", "rerun"), Map.of(), Map.of(), null);
        RunResult r;
        try (Journal j = Journal.reopen(JournalReader.read(dir), h.redactor, Clock.systemUTC())) {
            RunHistory history = RunHistory.replay(JournalReader.read(dir).events());
            r = new Engine(core(h).answers(rerun).build()).run(RunRequest.of("doubt", rb, Mode.EXECUTE, Map.of()).resuming(history, false), j);
        }
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(changes()).isEmpty();
    }
}
