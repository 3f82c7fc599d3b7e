package dev.runbook.action.sim;

import dev.runbook.action.Action;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps every action name to its simulated stand-in, so the engine runs a rehearsal unchanged.
 * Actions that only talk to the operator or compute ({@code manual}, {@code message}, {@code wait},
 * {@code assert}) touch no system, so the real ones run: the trainee answers real prompts.
 */
public final class SimResolver {
    /** Core actions that reach nothing outside the process; they run for real in a rehearsal. */
    public static final Set<String> REAL = Set.of("manual", "message", "wait", "assert");

    private final Catalogue catalogue;
    private final SimWorld world;
    private final Map<String, Action> actions = new ConcurrentHashMap<>();

    public SimResolver(Catalogue catalogue, SimWorld world) {
        this.catalogue = catalogue;
        this.world = world;
    }

    public SimWorld world() {
        return world;
    }

    /** The action to run for {@code name}; unknown names fail as the catalogue's own lookup does. */
    public Action resolve(String name) {
        if (REAL.contains(name)) return catalogue.action(name);
        return actions.computeIfAbsent(name, n -> {
            ActionSpec spec = catalogue.spec(n).orElseThrow(() -> new IllegalArgumentException("unknown action " + n));
            return new SimAction(spec, world, Behaviours.forSpec(spec));
        });
    }
}
