package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.action.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metrics and log queries: values and rows come from the scenario, derived counts are computed from them. */
final class Observations {
    private Observations() {}

    /** A metric named by the {@code metric} argument: resource {@code <kind>/<metric>} with value, latest, unit, points. */
    static SimBehaviour metric(String kind) {
        return new Custom(call -> call.readPlan("read metric " + call.args().string("metric"), Map.of()), call -> {
            ResourceId id = new ResourceId(kind, call.args().string("metric"));
            Map<String, Object> props = call.read(id);
            Map<String, Object> out = new LinkedHashMap<>();
            Object value = props == null ? null : props.get("value");
            out.put("value", value);
            out.put("latest", props != null && props.containsKey("latest") ? props.get("latest") : value);
            out.put("hasData", value != null);
            out.put("unit", props == null ? "" : props.getOrDefault("unit", ""));
            List<Object> points = props != null && props.get("points") instanceof List<?> l ? List.copyOf(l) : List.of();
            out.put("points", points);
            out.put("datapoints", points);
            Map<String, Object> typed = new LinkedHashMap<>();
            call.spec().outputs().forEach(o -> typed.put(o.name(), out.get(o.name()) == null ? null : Values.coerce(out.get(o.name()), o.type())));
            return new Result(typed, value == null ? id + ": no data" : call.args().string("metric") + " = " + value);
        });
    }

    /**
     * A query answered with rows: the step's scenario outputs, else the {@code rows} of the resource of
     * {@code kind} (the only one, or the one named by an argument). {@code countField} names the row count output.
     */
    static SimBehaviour rows(String kind, String countField) {
        return new Custom(call -> call.readPlan("run the query", Map.of()), call -> {
            List<Object> rows = rowsFor(call, kind);
            long max = call.args().optInteger("maxRows").or(() -> optLong(call, "limit")).orElse((long) Integer.MAX_VALUE);
            List<Object> shown = rows.size() > max ? rows.subList(0, (int) max) : rows;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rows", shown);
            out.put(countField, (long) rows.size());
            out.put("recordsMatched", (long) rows.size());
            out.put("recordsScanned", (long) rows.size());
            out.put("truncated", shown.size() < rows.size());
            Map<String, Object> first = shown.isEmpty() || !(shown.get(0) instanceof Map<?, ?> m) ? Map.of() : Values.normalizeMap(stringKeys(m));
            out.put("columns", new ArrayList<>(first.keySet()));
            out.put("first", first);
            out.put("queryId", "sim-query-" + call.world().countCall("query:" + kind));
            Map<String, Object> typed = new LinkedHashMap<>();
            call.spec().outputs().forEach(o -> typed.put(o.name(), Values.coerce(out.get(o.name()), o.type())));
            return new Result(typed, rows.size() + " row(s)");
        });
    }

    private static java.util.Optional<Long> optLong(SimCall call, String name) {
        try {
            return call.args().optInteger(name);
        } catch (ActionException e) {
            return java.util.Optional.empty();
        }
    }

    private static List<Object> rowsFor(SimCall call, String kind) {
        if (call.override().outputs().get("rows") instanceof List<?> l) return List.copyOf(l);
        List<ResourceId> all = call.world().ofKind(kind);
        ResourceId id = null;
        if (all.size() == 1) {
            id = all.get(0);
        } else {
            for (Object v : call.args().asMap().values()) {
                for (Object candidate : v instanceof List<?> l ? l : List.of(v)) {
                    if (candidate instanceof String s && all.contains(new ResourceId(kind, s))) id = new ResourceId(kind, s);
                }
            }
        }
        if (id == null) return List.of();
        Map<String, Object> props = call.read(id);
        return props != null && props.get("rows") instanceof List<?> l ? List.copyOf(l) : List.of();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
