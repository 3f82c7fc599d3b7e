package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Point-in-time restores into a new resource (Azure PostgreSQL, Aurora, DynamoDB): the source must
 * exist, the target must not, and the restore time must lie in the source's restorable window.
 */
final class Restores {
    private Restores() {}

    /**
     * @param earliestProp / latestProp properties of the source bounding the window (latestProp may be null)
     * @param beforeNames  source property → before field, for fields named differently
     * @param created      target name → outputs (also stored as the new resource's properties)
     */
    static SimBehaviour restore(String kind, String sourceParam, String targetParam, String timeParam, String earliestProp, String latestProp,
                                Map<String, String> beforeNames, String statusProp, String statusValue, Function<String, Map<String, Object>> created) {
        return new Custom(call -> {
            Checked c = check(call, kind, sourceParam, targetParam, timeParam, earliestProp, latestProp);
            Map<String, Object> renamed = new LinkedHashMap<>(c.source);
            beforeNames.forEach((prop, field) -> {
                if (c.source.containsKey(prop)) renamed.put(field, c.source.get(prop));
            });
            Map<String, Object> predicted = new LinkedHashMap<>(created.apply(c.target.name()));
            predicted.put(statusProp, statusValue);
            return new Plan("restore " + c.sourceId.name() + " " + c.when + " into new " + c.target.name(), call.beforeFrom(renamed),
                    Map.of(statusProp, statusValue), null, call.outputsFrom(predicted), List.of());
        }, call -> {
            Checked c = check(call, kind, sourceParam, targetParam, timeParam, earliestProp, latestProp);
            Map<String, Object> props = new LinkedHashMap<>(c.source);
            props.putAll(created.apply(c.target.name()));
            props.put(statusProp, statusValue);
            props.put("restoredFrom", c.sourceId.name());
            props.put("restoredTo", c.when);
            call.world().update(c.target, props, call.who());
            return new Result(call.outputsFrom(props), c.target.name() + " restored " + c.when);
        });
    }

    private record Checked(ResourceId sourceId, Map<String, Object> source, ResourceId target, String when) {}

    private static Checked check(SimCall call, String kind, String sourceParam, String targetParam, String timeParam, String earliestProp,
                                 String latestProp) throws ActionException {
        ResourceId source = new ResourceId(kind, call.args().string(sourceParam));
        ResourceId target = new ResourceId(kind, call.args().string(targetParam));
        Map<String, Object> props = call.require(source);
        if (call.world().exists(target)) {
            throw ActionException.permanent(kind + " '" + target.name() + "' already exists; a restore creates a new one",
                    "choose a new name for '" + targetParam + "'");
        }
        Optional<String> when = call.args().optString(timeParam).filter(s -> !s.isBlank());
        if (when.isPresent()) {
            Instant t = AzureBehaviours.parseInstant(when.get(), timeParam);
            Instant earliest = instant(props.get(earliestProp));
            Instant latest = latestProp == null ? null : instant(props.get(latestProp));
            if (earliest != null && t.isBefore(earliest)) {
                throw ActionException.permanent("restore point " + t + " is before the earliest restorable time " + earliest + " of " + source.name(),
                        "pick a time inside the retention window");
            }
            if (latest != null && t.isAfter(latest)) {
                throw ActionException.permanent("restore point " + t + " is after the latest restorable time " + latest + " of " + source.name(), null);
            }
        }
        return new Checked(source, props, target, when.map(w -> "to " + w).orElse("to the latest restorable time"));
    }

    private static Instant instant(Object v) {
        if (v == null) return null;
        try {
            return Instant.parse(String.valueOf(v));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
