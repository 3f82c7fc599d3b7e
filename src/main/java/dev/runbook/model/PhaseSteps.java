package dev.runbook.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A runbook's steps per phase (unmodifiable), with an index by id built on the first lookup: renderers and the
 * engine look a step up per event, and a scan of every step per lookup made a 15,000-step run quadratic.
 */
final class PhaseSteps extends AbstractMap<Phase, List<Step>> {
    private final Map<Phase, List<Step>> phases;
    private volatile Map<String, Step> byId;

    PhaseSteps(EnumMap<Phase, List<Step>> phases) {
        this.phases = Collections.unmodifiableMap(phases);
    }

    @Override
    public Set<Entry<Phase, List<Step>>> entrySet() {
        return phases.entrySet();
    }

    @Override
    public List<Step> get(Object key) {
        return phases.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return phases.containsKey(key);
    }

    /** The first step with this id in document order (an invalid runbook may repeat one). */
    Optional<Step> step(String id) {
        Map<String, Step> index = byId;
        if (index == null) {
            index = new HashMap<>();
            for (Phase ph : Phase.values()) {
                for (Step s : phases.get(ph)) index.putIfAbsent(s.id(), s);
            }
            byId = index;
        }
        return Optional.ofNullable(index.get(id));
    }
}
