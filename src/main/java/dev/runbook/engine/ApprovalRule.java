package dev.runbook.engine;

import dev.runbook.action.Plan;
import dev.runbook.journal.GateAnswer;
import dev.runbook.engine.gate.GateKeeper;
import dev.runbook.engine.gate.GateRequest;
import dev.runbook.journal.RunEvent;
import dev.runbook.model.Effect;
import dev.runbook.model.Phase;
import dev.runbook.model.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one approval rule (docs/execution.md, "Approval"). A step's effective effect is the higher of its own and
 * its undo's; a step whose effective effect changes something runs only after its gate approved it, and that
 * approval covers its undo. The proof of approval is a {@link Clearance}, which only this class creates and
 * which {@link ActionInvoker} checks before every call of an action's execute: steps, undos, rollback-phase
 * steps, retries and resumed or re-run steps all pass that one check, so no path can change something unapproved.
 */
final class ApprovalRule {
    /** Permission to execute one step's (or its undo's) action up to {@code effect}. */
    static final class Clearance {
        private final String step;
        private final Effect effect;

        private Clearance(String step, Effect effect) {
            this.step = step;
            this.effect = effect;
        }

        Effect effect() {
            return effect;
        }

        @Override
        public String toString() {
            return step + " up to " + effect.id();
        }
    }

    /** A gate's decision and, when it approved, the clearance it gave. */
    record Gate(GateKeeper.Decision decision, Clearance clearance) {}

    private final RunContext run;
    private final Map<String, Clearance> granted = new ConcurrentHashMap<>();

    ApprovalRule(RunContext run) {
        this.run = run;
    }

    /** What executing the step needs: its effective effect; in a dry run (where no undo runs) its own. */
    Effect needed(Step s) {
        return run.dry() ? run.effects.own(s) : run.effects.effective(s);
    }

    /**
     * Every step that may still run and needs approval, for the non-interactive preflight; while resuming a
     * rollback only the rollback phase may still run.
     */
    List<GateKeeper.Candidate> candidates(boolean rollbackOnly) {
        List<GateKeeper.Candidate> out = new ArrayList<>();
        for (Step s : run.rb.allSteps()) {
            if (run.ledger.ended(s.id()) || (rollbackOnly && s.phase() != Phase.ROLLBACK)) continue;
            Effect e = run.effects.effective(s);
            if (e.mutates()) out.add(new GateKeeper.Candidate(s.id(), s.phase(), e, run.effects.undoRaises(s) ? run.effects.undoText(s) : null));
        }
        return out;
    }

    /** A step that changes nothing (nor does its undo) needs no gate. */
    Optional<Clearance> ungated(Step s) {
        return needed(s).mutates() ? Optional.empty() : Optional.of(new Clearance(s.id(), Effect.READ));
    }

    /** Asks the step's gate (one prompt at a time), journals the answer and, when approved, grants its clearance. */
    Gate ask(Step s, Plan plan, String target, Map<String, Object> args) {
        Effect effect = run.effects.effective(s);
        String undo = run.effects.undoText(s);
        GateRequest gr = new GateRequest(s.id(), s.displayTitle(), s.phase(), effect, s.uses(), run.scope.confirmText(s),
                plan, target, args, run.ledger.outputs(), undo, run.identity().lines());
        return decide(gr, s.id(), effect);
    }

    /**
     * The clearance an undo of {@code s} runs under: a read needs none; a change is covered by the approval of
     * the step's gate (this run or, on resume, the journal's); anything more needs a gate of its own, now.
     */
    Optional<Clearance> forUndo(Step s, Effect undoEffect, String uses, String target, Map<String, Object> args) {
        if (!undoEffect.mutates()) return Optional.of(new Clearance(s.id(), Effect.READ));
        Clearance c = granted.get(s.id());
        if (c != null && c.effect.atLeast(undoEffect)) return Optional.of(c);
        String title = s.undo() != null && s.undo().title() != null ? s.undo().title() : "undo of " + s.displayTitle();
        GateRequest gr = new GateRequest(s.id(), title, Phase.ROLLBACK, undoEffect, uses, run.scope.undoConfirmText(s.undo()),
                null, target, args, run.ledger.outputs(), undoEffect.id() + " (" + uses + ")", run.identity().lines());
        return Optional.ofNullable(decide(gr, s.id(), undoEffect).clearance());
    }

    /** On resume: what earlier processes of this run approved (the journal's gate answers). */
    void restore(Map<String, Effect> approved) {
        approved.forEach((step, effect) -> granted.put(step, new Clearance(step, effect)));
    }

    /** The check every execute passes (see {@link ActionInvoker}). */
    boolean permits(Clearance c, String step, Effect needed) {
        if (c == null || !c.step.equals(step) || !c.effect.atLeast(needed)) return false;
        // a dry run changes nothing, whoever approved what
        return !(run.dry() && needed.mutates());
    }

    private Gate decide(GateRequest gr, String step, Effect effect) {
        GateKeeper.Decision d;
        Instant asked = run.o.clock().now();
        synchronized (run.promptLock) {
            d = run.o.gates().decide(gr);
        }
        // the operator's time at the gate (and waiting for another step's gate) is not the step's time
        run.ledger.waitedAtGate(step, java.time.Duration.between(asked, run.o.clock().now()));
        run.emit(new RunEvent.GateAnswered(step, effect.id(), d.answer(), d.via(), run.o.user(), gr.shown()));
        if (d.answer() != GateAnswer.APPROVE) return new Gate(d, null);
        Clearance c = new Clearance(step, effect);
        granted.merge(step, c, (a, b) -> a.effect.atLeast(b.effect) ? a : b);
        return new Gate(d, c);
    }
}
