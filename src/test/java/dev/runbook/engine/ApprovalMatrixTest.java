package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.RunOutcome;
import dev.runbook.model.Effect;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import dev.runbook.model.UndoStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval rule tried the way an attacker would (issue 17, item 1): every effect of a step (read, write,
 * destructive) with every effect of its undo, and every effect of a rollback-phase step, each run without a
 * terminal with no approval, with --yes, with --approve STEP, and at a terminal whose operator skips every gate.
 * Real shell processes append to a ledger, so every change that happened is counted. A verify that fails makes
 * each run roll back, so undos and the rollback phase run whenever they are allowed to.
 */
class ApprovalMatrixTest {
    @TempDir
    Path tmp;

    enum How { NOTHING, YES, APPROVE, OPERATOR_SKIPS }

    private int n;

    private Map<String, Object> append(Path ledger, String line) {
        return Map.of("command", List.of("sh", "-c", "echo " + line + " >> \"$LEDGER\""), "env", Map.of("LEDGER", ledger.toString()));
    }

    private static boolean approves(How how, Effect needed) {
        return !needed.mutates() || how == How.APPROVE || (how == How.YES && needed == Effect.WRITE);
    }

    private RunResult run(Runbook rb, How how) {
        Harness h = new Harness(tmp.resolve("h" + (++n)));
        EngineOptions.Builder b = h.options().catalogue(Catalogue.standard());
        switch (how) {
            case YES -> b.yes(true);
            case APPROVE -> b.approve(Set.of("change", "restore"));
            case OPERATOR_SKIPS -> b.interaction(new ScriptedInteraction().gate(GateAnswer.SKIP));
            case NOTHING -> { }
        }
        return h.run(rb, Mode.EXECUTE, b);
    }

    private static List<String> lines(Path f) throws Exception {
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void no_step_undo_or_rollback_phase_step_changes_anything_its_approval_does_not_cover() throws Exception {
        int attempts = 0;
        int unapproved = 0;
        int approvedRan = 0;
        List<String> problems = new ArrayList<>();
        for (Effect own : Effect.values()) {
            for (Effect undo : Effect.values()) {
                for (How how : How.values()) {
                    attempts++;
                    Path ledger = tmp.resolve("ledger-" + n);
                    Runbook rb = runbook("matrix")
                            .resolve(step("change", "shell").effect(own).with(append(ledger, "change"))
                                    .undoStep(new UndoStep("shell", Fixtures.with(append(ledger, "undo")), Fixtures.POS, null, null, null, null,
                                            null, undo, Map.of())))
                            .verify(step("healthy", "shell").effect(Effect.READ).with(Map.of("command", List.of("false")))
                                    .onFailure(OnFailure.ROLLBACK))
                            .build();
                    RunResult r = run(rb, how);
                    Effect needed = own.atLeast(undo) ? own : undo;
                    boolean ok = how == How.OPERATOR_SKIPS || approves(how, needed);
                    List<String> l = lines(ledger);
                    String what = "step " + own.id() + ", undo " + undo.id() + ", " + how + ": " + r.outcome() + " " + l;
                    boolean gatedOut = how == How.OPERATOR_SKIPS && needed.mutates();
                    if ((!ok || gatedOut) && !l.isEmpty()) {
                        unapproved += l.size();
                        problems.add("unapproved: " + what);
                    } else if (ok && !gatedOut) {
                        approvedRan++;
                        // approved: the change and its undo each ran exactly once, and the run rolled back
                        if (!l.equals(List.of("change", "undo")) || r.outcome() != RunOutcome.ROLLED_BACK) problems.add("approved: " + what);
                    } else if (how != How.OPERATOR_SKIPS && r.outcome() != RunOutcome.APPROVAL_REQUIRED) {
                        problems.add("not refused: " + what);
                    }
                }
            }
        }
        for (Effect phase : Effect.values()) {
            for (How how : How.values()) {
                attempts++;
                Path ledger = tmp.resolve("ledger-" + n);
                Runbook rb = runbook("matrix-rb")
                        .verify(step("healthy", "shell").effect(Effect.READ).with(Map.of("command", List.of("false"))).onFailure(OnFailure.ROLLBACK))
                        .rollback(step("restore", "shell").effect(phase).with(append(ledger, "restored")))
                        .build();
                RunResult r = run(rb, how);
                List<String> l = lines(ledger);
                boolean gatedOut = how == How.OPERATOR_SKIPS && phase.mutates();
                boolean ok = approves(how, phase) || (how == How.OPERATOR_SKIPS && !phase.mutates());
                String what = "rollback-phase step " + phase.id() + ", " + how + ": " + r.outcome() + " " + l;
                if ((!ok || gatedOut) && !l.isEmpty()) {
                    unapproved += l.size();
                    problems.add("unapproved: " + what);
                } else if (ok && !gatedOut) {
                    approvedRan++;
                    if (!l.equals(List.of("restored"))) problems.add("approved: " + what);
                }
            }
        }
        System.out.println("approval matrix: " + attempts + " attempts, " + unapproved + " unapproved changes, " + approvedRan
                + " approved runs made exactly their changes");
        assertThat(problems).isEmpty();
        assertThat(unapproved).isZero();
        assertThat(attempts).isEqualTo(48);
    }
}
