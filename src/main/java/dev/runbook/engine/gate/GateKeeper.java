package dev.runbook.engine.gate;

import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.Via;
import dev.runbook.journal.RunEvent.ApprovalRequired.Approval;
import dev.runbook.model.Effect;
import dev.runbook.model.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides every gate from the effect and the run's mode (FORMAT.md, "Effects and gates"):
 * {@code --approve STEP} approves that step; {@code --answers} answers as scripted; {@code --yes} approves
 * writes but never a destructive step; otherwise the operator is asked, and without a terminal the answer
 * is no. {@link #preflight} finds, before anything runs, every step a non-interactive run could not approve.
 */
public final class GateKeeper {
    private final boolean yes;
    private final Set<String> approved;
    private final Answers answers;
    private final Interaction interaction;

    public GateKeeper(boolean yes, Set<String> approved, Answers answers, Interaction interaction) {
        this.yes = yes;
        this.approved = Set.copyOf(approved);
        this.answers = answers == null ? Answers.NONE : answers;
        this.interaction = interaction;
    }

    /** A gate decision and where it came from: --approve, --answers, --yes, terminal or non-interactive. */
    public record Decision(GateAnswer answer, Via via, String note) {}

    /** A mutating step that may run, as preflight sees it. */
    public record Candidate(String step, Phase phase, Effect effect, String undo) {
        public Candidate(String step, Phase phase, Effect effect) {
            this(step, phase, effect, null);
        }
    }

    public Answers answers() {
        return answers;
    }

    public Interaction interaction() {
        return interaction;
    }

    public Decision decide(GateRequest r) {
        if (approved.contains(r.step())) return new Decision(GateAnswer.APPROVE, Via.APPROVE, null);
        Optional<String> scripted = answers.gate(r.step());
        if (scripted.isPresent()) return scripted(r, scripted.get());
        if (yes && r.effect() == Effect.WRITE) return new Decision(GateAnswer.APPROVE, Via.YES, null);
        if (interaction.interactive()) return new Decision(interaction.gate(r), Via.TERMINAL, null);
        return new Decision(GateAnswer.ABORT, Via.NON_INTERACTIVE, how(r.step(), r.effect()));
    }

    private Decision scripted(GateRequest r, String answer) {
        String a = answer.trim();
        if (r.effect() == Effect.DESTRUCTIVE) {
            if (a.equalsIgnoreCase("no") || a.equalsIgnoreCase("skip")) return new Decision(GateAnswer.SKIP, Via.ANSWERS, null);
            if (r.target() != null && a.equals(r.target())) return new Decision(GateAnswer.APPROVE, Via.ANSWERS, null);
            return new Decision(GateAnswer.ABORT, Via.ANSWERS, "the answer for destructive step '" + r.step()
                    + "' must be its target's name '" + r.target() + "', got '" + a + "'");
        }
        return switch (a.toLowerCase(Locale.ROOT)) {
            case "yes", "y", "approve" -> new Decision(GateAnswer.APPROVE, Via.ANSWERS, null);
            case "no", "n", "skip" -> new Decision(GateAnswer.SKIP, Via.ANSWERS, null);
            case "abort", "a" -> new Decision(GateAnswer.ABORT, Via.ANSWERS, null);
            default -> new Decision(GateAnswer.ABORT, Via.ANSWERS, "the answer for step '" + r.step()
                    + "' must be yes, no or abort, got '" + a + "'");
        };
    }

    /** Steps that a run without a terminal could not approve, with what would approve each. */
    public List<Approval> preflight(List<Candidate> candidates) {
        List<Approval> refused = new ArrayList<>();
        if (interaction.interactive()) return refused;
        for (Candidate c : candidates) {
            if (approved.contains(c.step()) || answers.gate(c.step()).isPresent()) continue;
            if (yes && c.effect() == Effect.WRITE) continue;
            refused.add(new Approval(c.step(), c.effect().id(), c.phase().id(), how(c.step(), c.effect()), c.undo()));
        }
        return refused;
    }

    private static String how(String step, Effect effect) {
        return effect == Effect.DESTRUCTIVE
                ? "--approve " + step + " (destructive: --yes is not enough)"
                : "--yes or --approve " + step;
    }
}
