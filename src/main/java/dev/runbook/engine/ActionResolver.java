package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import java.util.Optional;

/**
 * Where the engine gets actions by name. The catalogue in normal runs; a rehearsal hands the engine a
 * resolver whose actions are simulators ({@code options.withActions(sim)}), and nothing else changes.
 */
public interface ActionResolver {
    Optional<ActionSpec> spec(String name);

    /** The implementation; may load a provider on first use. */
    Action action(String name);

    static ActionResolver of(Catalogue catalogue) {
        return new ActionResolver() {
            @Override
            public Optional<ActionSpec> spec(String name) {
                return catalogue.spec(name);
            }

            @Override
            public Action action(String name) {
                return catalogue.action(name);
            }
        };
    }
}
