package dev.runbook.action.sim;

import dev.runbook.action.ActionSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The built-in behaviour of each action the shipped runbooks use; any other action gets {@link GenericBehaviour}. */
public final class Behaviours {
    private Behaviours() {}

    /** A built-in behaviour and the resource kinds it reads or changes. */
    record Entry(List<String> kinds, Function<ActionSpec, SimBehaviour> factory) {}

    private static final Map<String, Entry> BUILT_IN = build();

    private static Map<String, Entry> build() {
        Map<String, Entry> m = new HashMap<>();
        m.put("http.check", new Entry(List.of(HttpCheckBehaviour.KIND), s -> new HttpCheckBehaviour()));
        m.put("shell", new Entry(List.of(), s -> new ShellBehaviour()));
        AzureBehaviours.register(m);
        AwsBehaviours.register(m);
        PostgresBehaviours.register(m);
        return Map.copyOf(m);
    }

    public static SimBehaviour forSpec(ActionSpec spec) {
        Entry e = BUILT_IN.get(spec.name());
        return e != null ? e.factory().apply(spec) : new GenericBehaviour(spec);
    }

    /** True when the action has a behaviour of its own rather than the generic one. */
    public static boolean isBuiltIn(String action) {
        return BUILT_IN.containsKey(action);
    }

    /** The resource kinds an action reads or changes in the simulation (what a scenario may declare for it). */
    public static List<String> kindsFor(String action) {
        Entry e = BUILT_IN.get(action);
        return e != null ? e.kinds() : List.of(GenericBehaviour.kindOf(action));
    }
}
