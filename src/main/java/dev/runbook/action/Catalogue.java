package dev.runbook.action;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The action catalogue: every provider's metadata, and the implementations built lazily on
 * first use. Listing specs never loads a provider's implementation (or its SDK).
 */
public final class Catalogue {
    private final Map<String, Provider> providers;
    private final Map<String, ActionSpec> specs;
    private final Map<String, ActionFactory> factories = new ConcurrentHashMap<>();
    private final Map<String, Action> actions = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> warming = new ConcurrentHashMap<>();

    public Catalogue(List<Provider> providers) {
        Map<String, Provider> p = new LinkedHashMap<>();
        Map<String, ActionSpec> s = new LinkedHashMap<>();
        for (Provider provider : providers) {
            p.put(provider.id(), provider);
            for (ActionSpec spec : provider.specs()) {
                if (s.put(spec.name(), spec) != null) {
                    throw new IllegalStateException("action " + spec.name() + " is declared twice");
                }
            }
        }
        this.providers = Collections.unmodifiableMap(p);
        this.specs = Collections.unmodifiableMap(s);
    }

    /** Every provider on the class path, found by ServiceLoader. */
    public static Catalogue standard() {
        List<Provider> list = new ArrayList<>();
        ServiceLoader.load(Provider.class, Catalogue.class.getClassLoader()).forEach(list::add);
        list.sort((a, b) -> a.id().compareTo(b.id()));
        return new Catalogue(list);
    }

    public List<ActionSpec> specs() {
        return List.copyOf(specs.values());
    }

    public Optional<ActionSpec> spec(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    public List<String> names() {
        return List.copyOf(specs.keySet());
    }

    public Map<String, Provider> providers() {
        return providers;
    }

    public Optional<Provider> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /**
     * Starts loading provider {@code id} on a thread of its own: its class loader and SDK classes, then the factory's
     * {@link ActionFactory#warmUp} for {@code uses} (the provider's actions a runbook uses). For a run that will reach
     * the cloud, as soon as its runbook is read: class loading, client construction and the sign-in overlap with the
     * parameters and the journal instead of delaying the first step. Once per provider; failures are ignored (the
     * first real use reports them).
     */
    public void warmUp(String id, java.util.Set<String> uses, Map<String, String> settings, Map<String, String> env) {
        Provider provider = providers.get(id);
        if (provider == null) return;
        warming.computeIfAbsent(id, x -> {
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    factories.computeIfAbsent(id, y -> ProviderLoader.factory(provider)).warmUp(uses, settings, env);
                } catch (RuntimeException | LinkageError e) {
                    // the first real use of the provider loads it again and reports what is wrong
                } finally {
                    done.complete(null);
                }
            }, "runbook-warm-up-" + id);
            t.setDaemon(true);
            t.start();
            return done;
        });
    }

    /** The implementation of {@code name}; loads its provider (and SDK) on first use, or waits for its warm-up. */
    public Action action(String name) {
        ActionSpec spec = specs.get(name);
        if (spec == null) throw new IllegalArgumentException("unknown action " + name);
        java.util.concurrent.CompletableFuture<Void> warm = warming.get(spec.provider());
        if (warm != null) warm.join();
        return actions.computeIfAbsent(name, n -> {
            Provider provider = providers.get(spec.provider());
            ActionFactory f = factories.computeIfAbsent(provider.id(), id -> ProviderLoader.factory(provider));
            return f.create(spec);
        });
    }
}
