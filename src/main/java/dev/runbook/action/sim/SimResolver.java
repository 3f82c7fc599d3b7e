package dev.runbook.action.sim;

import dev.runbook.action.Action;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import java.util.Map;
import java.util.Optional;
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

    /**
     * The simulated identity read {@code name} ({@code azure.whoami}, {@code aws.sts.whoami}) as the engine asks it at
     * the start of a rehearsal: the scenario's account ({@code azure.account/…}, {@code aws.sts/…}) or a fixed
     * simulator identity, read without counting as a call and without the scenario's overrides, so the rehearsal's
     * own steps see the world exactly as the scenario wrote it.
     */
    public Action identity(String name) {
        ActionSpec spec = catalogue.spec(name).orElseThrow(() -> new IllegalArgumentException("unknown action " + name));
        SimBehaviour behaviour = Behaviours.forSpec(spec);
        return new Action() {
            @Override
            public ActionSpec spec() {
                return spec;
            }

            @Override
            public dev.runbook.action.Plan plan(dev.runbook.action.ActionContext ctx, dev.runbook.action.Args args) throws dev.runbook.action.ActionException {
                return behaviour.plan(new SimCall(spec, args, ctx, world, SimOverride.NONE, false));
            }

            @Override
            public dev.runbook.action.Result execute(dev.runbook.action.ActionContext ctx, dev.runbook.action.Args args) throws dev.runbook.action.ActionException {
                dev.runbook.action.Result r = behaviour.execute(new SimCall(spec, args, ctx, world, SimOverride.NONE, false));
                Map<String, Object> out = new java.util.LinkedHashMap<>(r.outputs());
                // what a scenario's account leaves out: the simulator's own, plainly not a real one
                SIMULATED.forEach((k, v) -> {
                    Object now = out.get(k);
                    boolean missing = now == null || String.valueOf(now).isBlank() || now instanceof Number n && n.longValue() == 0;
                    if (spec.output(k).isPresent() && missing) out.put(k, k.equals("principal") ? scenarioUser().orElse(v) : v);
                });
                return new dev.runbook.action.Result(out, r.summary());
            }
        };
    }

    /** The user a scenario's {@code azure.account/NAME} gives ({@code user:}, else its name). */
    private Optional<Object> scenarioUser() {
        for (ResourceId id : world.ofKind("azure.account")) {
            Object u = world.read(id, false).map(p -> p.get("user")).orElse(null);
            return Optional.of(u != null && !String.valueOf(u).isBlank() ? u : id.name());
        }
        return Optional.empty();
    }

    /** The fixed simulator identity: every field a scenario does not give. */
    private static final Map<String, Object> SIMULATED = Map.ofEntries(
            Map.entry("subscriptionName", "rehearsal"), Map.entry("subscriptionId", "00000000-0000-0000-0000-000000000000"),
            Map.entry("tenantId", "00000000-0000-0000-0000-000000000000"), Map.entry("principal", "trainee@rehearsal"),
            Map.entry("principalType", "user"), Map.entry("profile", "rehearsal"), Map.entry("region", "sim-region-1"),
            // postgres.whoami: a database that is plainly the simulator's
            Map.entry("host", "rehearsal-db"), Map.entry("port", 5432L), Map.entry("database", "rehearsal"),
            Map.entry("user", "trainee"), Map.entry("serverVersion", "16 (simulated)"), Map.entry("passwordSource", "none"));

    /** The action to run for {@code name}; unknown names fail as the catalogue's own lookup does. */
    public Action resolve(String name) {
        if (REAL.contains(name)) return catalogue.action(name);
        return actions.computeIfAbsent(name, n -> {
            ActionSpec spec = catalogue.spec(n).orElseThrow(() -> new IllegalArgumentException("unknown action " + n));
            return new SimAction(spec, world, Behaviours.forSpec(spec));
        });
    }
}
