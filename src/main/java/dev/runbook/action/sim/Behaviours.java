package dev.runbook.action.sim;

import dev.runbook.action.ActionSpec;
import java.util.Map;
import java.util.function.Function;

/** The built-in behaviour of each action the shipped runbooks use; any other action gets {@link GenericBehaviour}. */
public final class Behaviours {
    private Behaviours() {}

    private static final Map<String, Function<ActionSpec, SimBehaviour>> BUILT_IN = Map.of(
            "http.check", s -> new HttpCheckBehaviour(),
            "shell", s -> new ShellBehaviour());

    public static SimBehaviour forSpec(ActionSpec spec) {
        Function<ActionSpec, SimBehaviour> f = BUILT_IN.get(spec.name());
        return f != null ? f.apply(spec) : new GenericBehaviour(spec);
    }

    /** True when the action has a behaviour of its own rather than the generic one. */
    public static boolean isBuiltIn(String action) {
        return BUILT_IN.containsKey(action);
    }
}
