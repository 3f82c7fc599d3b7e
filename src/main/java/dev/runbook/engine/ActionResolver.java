package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Provider;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the engine gets actions by name. The catalogue in normal runs; a rehearsal hands the engine a
 * resolver whose actions are simulators ({@code options.withActions(sim)}), and nothing else changes.
 */
public interface ActionResolver {
    Optional<ActionSpec> spec(String name);

    /** The implementation; may load a provider on first use. */
    Action action(String name);

    /**
     * How the engine asks who and where provider {@code id}'s calls act: its identity action (a read; loading it loads
     * the provider, so it is asked only for providers the runbook uses) and how its outputs read. Empty when the
     * provider has none.
     */
    default Optional<IdentitySource> identity(String provider) {
        return Optional.empty();
    }

    /**
     * A provider's identity read (built on {@code load()}, which loads the provider) and how its outputs read in one
     * line.
     */
    record IdentitySource(String name, java.util.function.Supplier<Action> load, Function<Map<String, Object>, String> text,
                          java.util.List<String> arguments) {
        public IdentitySource {
            arguments = arguments == null ? java.util.List.of() : java.util.List.copyOf(arguments);
        }

        /** Asked once, with no arguments (settings and environment say where). */
        public IdentitySource(String name, java.util.function.Supplier<Action> load, Function<Map<String, Object>, String> text) {
            this(name, load, text, java.util.List.of());
        }
    }

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

            @Override
            public Optional<IdentitySource> identity(String provider) {
                return source(catalogue, provider, catalogue::action);
            }
        };
    }

    /** The identity source of {@code provider} in {@code catalogue}, its action built by {@code actions}. */
    static Optional<IdentitySource> source(Catalogue catalogue, String provider, Function<String, Action> actions) {
        Optional<Provider> p = catalogue.provider(provider);
        if (p.isEmpty() || p.get().identityAction() == null || catalogue.spec(p.get().identityAction()).isEmpty()) return Optional.empty();
        Provider pr = p.get();
        return Optional.of(new IdentitySource(pr.identityAction(), () -> actions.apply(pr.identityAction()), pr::identityText,
                pr.identityArguments()));
    }
}
