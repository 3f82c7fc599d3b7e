package dev.runbook.action.sim;

import dev.runbook.model.SourcePosition;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a scenario says about one step (or every use of one action): outputs that replace the
 * simulated ones, world changes applied when it succeeds, a fault, and latency in simulated time.
 * Absent parts are empty or null.
 */
public record SimOverride(Map<String, Object> outputs, Map<ResourceId, Map<String, Object>> set, Fault fault,
                          Duration latency, SourcePosition pos) {
    public static final SimOverride NONE = new SimOverride(Map.of(), Map.of(), null, null, SourcePosition.UNKNOWN);

    public SimOverride {
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(Values.normalizeMap(outputs));
        set = copy(set);
    }

    static Map<ResourceId, Map<String, Object>> copy(Map<ResourceId, Map<String, Object>> set) {
        if (set == null) return Map.of();
        Map<ResourceId, Map<String, Object>> out = new LinkedHashMap<>();
        set.forEach((id, props) -> out.put(id, Collections.unmodifiableMap(Values.normalizeMap(props))));
        return Collections.unmodifiableMap(out);
    }

    /** This override with the gaps filled from {@code fallback} (a step's override over its action's). */
    public SimOverride orElse(SimOverride fallback) {
        Map<String, Object> o = new LinkedHashMap<>(fallback.outputs);
        o.putAll(outputs);
        Map<ResourceId, Map<String, Object>> s = new LinkedHashMap<>(fallback.set);
        s.putAll(set);
        return new SimOverride(o, s, fault != null ? fault : fallback.fault, latency != null ? latency : fallback.latency,
                pos != SourcePosition.UNKNOWN ? pos : fallback.pos);
    }
}
