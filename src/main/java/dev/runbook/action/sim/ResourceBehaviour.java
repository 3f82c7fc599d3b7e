package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An action on one resource: a read returns its properties as outputs; a write changes some of
 * them (fixed values like {@code state: Running}, values from arguments like {@code workers}, or
 * anything computed from the current properties). Most built-in behaviours are one of these.
 */
class ResourceBehaviour implements SimBehaviour {
    /** Picks the resource an action call is about. */
    @FunctionalInterface
    interface Target {
        ResourceId of(SimCall call) throws ActionException;
    }

    /** Computes the property changes of a write from the call and the current properties (null if absent). */
    @FunctionalInterface
    interface Changes {
        Map<String, Object> of(SimCall call, Map<String, Object> props) throws ActionException;
    }

    private final Target target;
    private final Changes changes;
    private final boolean mustExist;
    private final Map<String, String> undoArgs;

    /**
     * @param undoArgs argument → property whose before value undoes the change (workers → workers);
     *                 empty when the action has no inverse of its own
     */
    ResourceBehaviour(Target target, Changes changes, boolean mustExist, Map<String, String> undoArgs) {
        this.target = target;
        this.changes = changes;
        this.mustExist = mustExist;
        this.undoArgs = Map.copyOf(undoArgs);
    }

    /** The resource named by the first of {@code params} that has a value. */
    static Target named(String kind, String... params) {
        return call -> {
            for (String p : params) {
                Optional<String> v = call.args().optString(p);
                if (v.isPresent() && !v.get().isBlank()) return new ResourceId(kind, v.get());
            }
            throw ActionException.permanent("missing argument '" + params[0] + "'", "add '" + params[0] + ":' under the step's with:");
        };
    }

    /** Fixed property values plus argument values copied to properties (argument → property). */
    static Changes setting(Map<String, Object> fixed, Map<String, String> fromArgs) {
        return (call, props) -> {
            Map<String, Object> out = new LinkedHashMap<>(fixed);
            fromArgs.forEach((arg, prop) -> {
                Object v = call.args().get(arg);
                if (v != null) out.put(prop, v);
            });
            return out;
        };
    }

    ResourceId targetOf(SimCall call) throws ActionException {
        return target.of(call);
    }

    @Override
    public Plan plan(SimCall call) throws ActionException {
        ResourceId id = target.of(call);
        Map<String, Object> props = call.read(id);
        if (props == null && mustExist) throw call.notFound(id);
        if (!call.spec().effect().mutates()) {
            return new Plan("read " + id, Map.of(), Map.of(), null, call.outputsFrom(props), List.of());
        }
        Map<String, Object> change = changes.of(call, props);
        Map<String, Object> before = call.spec().before().isEmpty() ? new LinkedHashMap<>() : call.beforeFrom(props);
        for (String k : change.keySet()) {
            if (props != null && props.containsKey(k)) before.putIfAbsent(k, props.get(k));
        }
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.putAll(Values.normalizeMap(change));
        Map<String, Object> merged = props == null ? new LinkedHashMap<>() : new LinkedHashMap<>(props);
        merged.putAll(Values.normalizeMap(change));
        String target = call.spec().targetParam() == null ? null : call.args().optString(call.spec().targetParam()).orElse(id.name());
        return new Plan(summary(call.spec(), id, props, change), before, after, target, call.outputsFrom(merged), details(props, change));
    }

    @Override
    public Result execute(SimCall call) throws ActionException {
        ResourceId id = target.of(call);
        Map<String, Object> props = call.read(id);
        if (props == null && mustExist) throw call.notFound(id);
        if (!call.spec().effect().mutates()) {
            return new Result(call.outputsFrom(props), props == null ? id + ": no simulated state" : null);
        }
        Map<String, Object> change = changes.of(call, props);
        Map<String, Object> after = call.world().update(id, change, call.who());
        return new Result(call.outputsFrom(after), summary(call.spec(), id, props, change));
    }

    @Override
    public Optional<UndoHint> undo(ActionSpec spec, Args args, Plan plan, Result result) {
        if (undoArgs.isEmpty()) return Optional.empty();
        Map<String, Object> with = new LinkedHashMap<>(args.asMap());
        boolean any = false;
        for (Map.Entry<String, String> e : undoArgs.entrySet()) {
            if (args.has(e.getKey()) && plan.before().containsKey(e.getValue())) {
                with.put(e.getKey(), plan.before().get(e.getValue()));
                any = true;
            }
        }
        return any ? Optional.of(new UndoHint(spec.name(), with)) : Optional.empty();
    }

    static String summary(ActionSpec spec, ResourceId id, Map<String, Object> props, Map<String, Object> change) {
        List<String> parts = new ArrayList<>();
        change.forEach((k, v) -> {
            Object old = props == null ? null : props.get(k);
            if (props == null || !props.containsKey(k) || !Values.same(old, v)) {
                parts.add(k + " " + Values.show(old) + " → " + Values.show(Values.normalize(v)));
            }
        });
        String verb = spec.name().substring(spec.name().lastIndexOf('.') + 1);
        return verb + " " + id.name() + (parts.isEmpty() ? ": no change" : ": " + String.join(", ", parts));
    }

    private static List<String> details(Map<String, Object> props, Map<String, Object> change) {
        return props == null ? List.of("the resource does not exist yet in the simulation; it will be created") : List.of();
    }
}
