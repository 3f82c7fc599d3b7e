package dev.runbook.action.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The simulated cloud of one rehearsal: typed resources with property maps, the changes the
 * world makes by itself, and call counters for faults. Thread-safe: parallel steps share it,
 * and every method is atomic. Times come from the rehearsal's (simulated) clock.
 */
public final class SimWorld {
    private final SimSetup setup;
    private final InstantSource clock;
    private final Map<ResourceId, Map<String, Object>> resources = new TreeMap<>();
    private final List<WorldChange> waiting = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private final java.util.Set<String> succeeded = new java.util.HashSet<>();
    private final List<SimEvent> events = new ArrayList<>();

    /** A triggered change counting down. */
    private static final class Pending {
        final WorldChange change;
        final Instant due;
        int callsLeft;

        Pending(WorldChange change, Instant due) {
            this.change = change;
            this.due = due;
            this.callsLeft = change.afterCalls();
        }
    }

    public SimWorld(SimSetup setup, InstantSource clock) {
        this.setup = setup;
        this.clock = clock;
        setup.resources().forEach((id, props) -> resources.put(id, new LinkedHashMap<>(props)));
        Instant now = clock.instant();
        for (WorldChange c : setup.changes()) {
            if (c.when() instanceof WorldChange.Start) pending.add(new Pending(c, now.plus(c.afterTime())));
            else waiting.add(c);
        }
        settle(null, false);
    }

    public SimSetup setup() {
        return setup;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * The resource's properties, or empty if the scenario has no such resource. With {@code asCall}
     * the read counts as a call for changes waiting on calls (plans do not count; executions do).
     */
    public synchronized Optional<Map<String, Object>> read(ResourceId id, boolean asCall) {
        settle(id, asCall);
        Map<String, Object> props = resources.get(id);
        return props == null ? Optional.empty() : Optional.of(Collections.unmodifiableMap(new LinkedHashMap<>(props)));
    }

    public synchronized boolean exists(ResourceId id) {
        settle(null, false);
        return resources.containsKey(id);
    }

    /** Names of every resource of a kind, sorted. */
    public synchronized List<ResourceId> ofKind(String kind) {
        settle(null, false);
        return resources.keySet().stream().filter(r -> r.kind().equals(kind)).toList();
    }

    /** Sets properties (creating the resource if needed) and records what changed. Returns the new properties. */
    public synchronized Map<String, Object> update(ResourceId id, Map<String, ?> changes, String cause) {
        settle(null, false);
        Map<String, Object> after = apply(id, changes, cause);
        fireConditions(id);
        return Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }

    /** Removes a resource (a deleted replica, a purged queue's copy). */
    public synchronized void remove(ResourceId id, String cause) {
        Map<String, Object> gone = resources.remove(id);
        if (gone != null) events.add(new SimEvent(now(), id, "(resource)", "present", null, cause));
    }

    /** Counts an execution of a step (or of an action, keyed by its name); returns the call number, from 1. */
    public synchronized int countCall(String key) {
        return calls.merge(key, 1, Integer::sum);
    }

    /** Starts the changes triggered by a step's success. */
    public synchronized void stepSucceeded(String stepId) {
        succeeded.add(stepId);
        trigger(t -> t instanceof WorldChange.StepSucceeded s && s.stepId().equals(stepId));
        settle(null, false);
    }

    /** True once the step's action has succeeded: a later call for the same step id is its undo. */
    public synchronized boolean hasSucceeded(String stepId) {
        return succeeded.contains(stepId);
    }

    /** Every change so far, oldest first. */
    public synchronized List<SimEvent> events() {
        return List.copyOf(events);
    }

    /** A copy of every resource's current properties. */
    public synchronized Map<ResourceId, Map<String, Object>> snapshot() {
        settle(null, false);
        Map<ResourceId, Map<String, Object>> out = new TreeMap<>();
        resources.forEach((id, p) -> out.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(p))));
        return Collections.unmodifiableMap(out);
    }

    private Map<String, Object> apply(ResourceId id, Map<String, ?> changes, String cause) {
        Map<String, Object> props = resources.computeIfAbsent(id, k -> {
            events.add(new SimEvent(now(), id, "(resource)", null, "created", cause));
            return new LinkedHashMap<>();
        });
        changes.forEach((k, v) -> {
            Object nv = Values.normalize(v);
            Object old = props.get(k);
            if (!props.containsKey(k) || !Values.same(old, nv)) {
                props.put(k, nv);
                events.add(new SimEvent(now(), id, k, old, nv, cause));
            }
        });
        return props;
    }

    private void trigger(java.util.function.Predicate<WorldChange.Trigger> test) {
        Instant now = now();
        for (Iterator<WorldChange> it = waiting.iterator(); it.hasNext(); ) {
            WorldChange c = it.next();
            if (test.test(c.when())) {
                it.remove();
                pending.add(new Pending(c, now.plus(c.afterTime())));
            }
        }
    }

    private void fireConditions(ResourceId changed) {
        Map<String, Object> props = resources.get(changed);
        if (props == null) return;
        trigger(t -> t instanceof WorldChange.ResourceIs r && r.resource().equals(changed)
                && r.properties().entrySet().stream().allMatch(e -> props.containsKey(e.getKey()) && Values.same(props.get(e.getKey()), e.getValue())));
        settle(null, false);
    }

    /**
     * Applies the pending changes that are due. A change waiting on calls is due once its time has
     * passed and that many counted reads of one of its resources have seen the old state.
     */
    private void settle(ResourceId read, boolean asCall) {
        boolean again = true;
        while (again) {
            again = false;
            Instant now = now();
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (now.isBefore(p.due)) continue;
                if (p.callsLeft > 0) {
                    if (!asCall || read == null || !p.change.set().containsKey(read)) continue;
                    p.callsLeft--;
                    continue;
                }
                it.remove();
                String cause = describe(p.change);
                List<ResourceId> touched = new ArrayList<>();
                p.change.set().forEach((id, props) -> {
                    apply(id, props, cause);
                    touched.add(id);
                });
                for (ResourceId id : touched) {
                    Map<String, Object> props = resources.get(id);
                    trigger(t -> t instanceof WorldChange.ResourceIs r && r.resource().equals(id)
                            && r.properties().entrySet().stream().allMatch(e -> props.containsKey(e.getKey()) && Values.same(props.get(e.getKey()), e.getValue())));
                }
                again = true;
                break;
            }
        }
    }

    private static String describe(WorldChange c) {
        String after = c.afterCalls() > 0 ? c.afterCalls() + (c.afterCalls() == 1 ? " call " : " calls ") : "";
        if (!c.afterTime().isZero()) after += dev.runbook.model.Durations.format(c.afterTime()) + " ";
        String when = describeTrigger(c.when());
        return "scenario: " + (after.isEmpty() ? "on " : after + "after ") + when;
    }

    private static String describeTrigger(WorldChange.Trigger t) {
        if (t instanceof WorldChange.StepSucceeded s) return "step '" + s.stepId() + "'";
        if (t instanceof WorldChange.ResourceIs r) return r.resource() + " reaching " + r.properties();
        return "the start";
    }

    /** Time until the next timed change, if any is pending: lets polling behaviours wait just long enough. */
    public synchronized Optional<Duration> untilNextTimedChange() {
        Instant now = now();
        return pending.stream().filter(p -> p.callsLeft == 0).map(p -> Duration.between(now, p.due))
                .filter(d -> !d.isNegative()).min(Duration::compareTo);
    }
}
