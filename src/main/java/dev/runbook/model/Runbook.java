package dev.runbook.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed runbook. {@code source} is the file it came from; {@code env} lists the
 * environment variables the runbook declares (only those are visible as {@code env.*}).
 */
public record Runbook(
        String id,
        String title,
        Severity severity,
        String summary,
        List<String> symptoms,
        List<String> prerequisites,
        List<Escalation> escalation,
        List<String> references,
        Map<String, Parameter> parameters,
        List<String> env,
        Map<Phase, List<Step>> phases,
        String source,
        SourcePosition pos) {

    public Runbook {
        symptoms = symptoms == null ? List.of() : List.copyOf(symptoms);
        prerequisites = prerequisites == null ? List.of() : List.copyOf(prerequisites);
        escalation = escalation == null ? List.of() : List.copyOf(escalation);
        references = references == null ? List.of() : List.copyOf(references);
        env = env == null ? List.of() : List.copyOf(env);
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        EnumMap<Phase, List<Step>> p = new EnumMap<>(Phase.class);
        for (Phase ph : Phase.values()) {
            List<Step> steps = phases == null ? null : phases.get(ph);
            p.put(ph, steps == null ? List.of() : List.copyOf(steps));
        }
        phases = new PhaseSteps(p);
    }

    public List<Step> steps(Phase phase) {
        return phases.get(phase);
    }

    /** Every step in document order: diagnose, resolve, verify, rollback. */
    public List<Step> allSteps() {
        List<Step> all = new ArrayList<>();
        for (Phase ph : Phase.values()) all.addAll(phases.get(ph));
        return all;
    }

    public Optional<Step> step(String id) {
        // renderers and the engine ask per event: an index, not a scan (PhaseSteps)
        return ((PhaseSteps) phases).step(id);
    }
}
