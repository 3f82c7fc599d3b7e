package dev.runbook.action.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the simulator takes from a scenario: the initial resources, the changes the world
 * makes by itself, and overrides per step id and per action name.
 */
public record SimSetup(Map<ResourceId, Map<String, Object>> resources, List<WorldChange> changes,
                       Map<String, SimOverride> steps, Map<String, SimOverride> actions) {
    public static final SimSetup EMPTY = new SimSetup(Map.of(), List.of(), Map.of(), Map.of());

    public SimSetup {
        resources = SimOverride.copy(resources);
        changes = changes == null ? List.of() : List.copyOf(changes);
        steps = steps == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        actions = actions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(actions));
    }

    /** The override for a step running an action: the step's own, gaps filled from the action's. */
    public SimOverride overrideFor(String stepId, String action) {
        SimOverride a = actions.getOrDefault(action, SimOverride.NONE);
        SimOverride s = stepId == null ? null : steps.get(stepId);
        return s == null ? a : s.orElse(a);
    }
}
