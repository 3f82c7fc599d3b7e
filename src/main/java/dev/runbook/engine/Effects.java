package dev.runbook.engine;

import dev.runbook.action.ActionSpec;
import dev.runbook.model.Effect;
import dev.runbook.model.Step;
import java.util.Optional;

/**
 * What a step may change. Its own effect is what running it does; its undo's effect is what rolling it back
 * does; the effective effect, the higher of the two, is what its gate approves (one approval covers both).
 */
final class Effects {
    private final ActionResolver actions;

    Effects(ActionResolver actions) {
        this.actions = actions;
    }

    ActionSpec spec(Step s) {
        return actions.spec(s.uses()).orElseThrow();
    }

    /** The step's own effect: the action's, raised (never lowered) by {@code effect:} unless the author declares it. */
    Effect own(Step s) {
        ActionSpec spec = spec(s);
        if (s.effect() == null) return spec.effect();
        if (spec.authorDeclaresEffect()) return s.effect();
        return s.effect().atLeast(spec.effect()) ? s.effect() : spec.effect();
    }

    /**
     * What the step's undo would do: its {@code undo:} action's effect; for an action that is its own inverse
     * (scale back to before), the step's own effect; otherwise nothing.
     */
    Effect undo(Step s) {
        if (s.undo() != null) {
            Optional<ActionSpec> u = actions.spec(s.undo().uses());
            return u.map(ActionSpec::effect).orElse(Effect.WRITE);
        }
        return spec(s).ownUndo() ? own(s) : Effect.READ;
    }

    Effect effective(Step s) {
        Effect own = own(s);
        Effect undo = undo(s);
        return undo.atLeast(own) ? undo : own;
    }

    /** Whether the undo is what raises the step's effective effect above its own (shown at the gate). */
    boolean undoRaises(Step s) {
        return !own(s).atLeast(undo(s));
    }

    /** "undo would: write (shell)" for the gate and preflight, or null when there is no mutating undo. */
    String undoText(Step s) {
        Effect u = undo(s);
        if (!u.mutates()) return null;
        String uses = s.undo() != null ? s.undo().uses() : s.uses();
        return u.id() + " (" + uses + ")";
    }
}
