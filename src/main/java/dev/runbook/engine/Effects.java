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
        return declared(spec(s), s.effect());
    }

    /** An action's effect as {@code effect:} declares it: raised, never lowered, unless the author declares it (shell, manual). */
    static Effect declared(ActionSpec spec, Effect declared) {
        if (declared == null) return spec.effect();
        if (spec.authorDeclaresEffect()) return declared;
        return declared.atLeast(spec.effect()) ? declared : spec.effect();
    }

    /**
     * What the step's undo would do: its {@code undo:} action's effect as the undo declares it ({@code effect:}
     * of a shell undo); for an action that is its own inverse (scale back to before), the step's own effect;
     * otherwise nothing.
     */
    Effect undo(Step s) {
        if (s.undo() != null) {
            Optional<ActionSpec> u = actions.spec(s.undo().uses());
            return u.map(spec -> declared(spec, s.undo().effect())).orElse(Effect.WRITE);
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
