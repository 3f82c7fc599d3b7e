package dev.runbook.engine.gate;

import dev.runbook.action.Plan;
import dev.runbook.model.Effect;
import dev.runbook.model.Phase;
import java.util.Map;

/**
 * What the operator is asked to approve: a mutating step, its plan (before → after) and, for {@code d}etails,
 * the outputs of every step so far. {@code target} is what a destructive step's operator must type.
 * {@code undo} says what the step's undo would do ("write (shell)") when that is a change, else null: the
 * approval given here covers it, so the operator must see it. {@code identity} says, per provider, who and where the
 * run acts (the header's line, repeated so that nobody approves a change in the wrong subscription or account).
 */
public record GateRequest(String step, String title, Phase phase, Effect effect, String uses, String confirm,
                          Plan plan, String target, Map<String, Object> args,
                          Map<String, Map<String, Object>> outputsSoFar, String undo, java.util.List<String> identity) {

    public GateRequest {
        identity = identity == null ? java.util.List.of() : java.util.List.copyOf(identity);
    }

    public GateRequest(String step, String title, Phase phase, Effect effect, String uses, String confirm, Plan plan,
                       String target, Map<String, Object> args, Map<String, Map<String, Object>> outputsSoFar, String undo) {
        this(step, title, phase, effect, uses, confirm, plan, target, args, outputsSoFar, undo, java.util.List.of());
    }

    public GateRequest(String step, String title, Phase phase, Effect effect, String uses, String confirm, Plan plan,
                       String target, Map<String, Object> args, Map<String, Map<String, Object>> outputsSoFar) {
        this(step, title, phase, effect, uses, confirm, plan, target, args, outputsSoFar, null);
    }

    /** The text the journal records as "shown": the plan summary and the author's confirm words. */
    public String shown() {
        StringBuilder sb = new StringBuilder();
        sb.append(effect.id()).append(": ").append(title);
        if (plan != null && plan.summary() != null) sb.append(" | plan: ").append(plan.summary());
        if (undo != null) sb.append(" | undo would: ").append(undo);
        if (confirm != null && !confirm.isBlank()) sb.append(" | ").append(confirm.strip());
        if (effect == Effect.DESTRUCTIVE) sb.append(" | type: ").append(target);
        if (!identity.isEmpty()) sb.append(" | as: ").append(String.join("; ", identity));
        return sb.toString();
    }
}
