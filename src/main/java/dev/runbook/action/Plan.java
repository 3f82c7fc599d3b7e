package dev.runbook.action;

import java.util.List;
import java.util.Map;

/**
 * What a mutating action would do, computed by a read-only {@link Action#plan} call.
 *
 * @param summary          one line: "scale plan asp-prod from 1 to 3 workers"
 * @param before           current state (becomes {@code steps.<id>.before.*})
 * @param after            the state the change aims for
 * @param target           for destructive actions: the resource name the operator must type at the gate
 * @param predictedOutputs outputs a dry run records in place of real ones, so later steps still evaluate
 * @param details          extra lines shown at the gate ("d"etails) and in the dry-run report
 */
public record Plan(String summary, Map<String, Object> before, Map<String, Object> after, String target,
                   Map<String, Object> predictedOutputs, List<String> details) {
    public Plan {
        before = before == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(before));
        after = after == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(after));
        predictedOutputs = predictedOutputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(predictedOutputs));
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static Plan of(String summary) {
        return new Plan(summary, Map.of(), Map.of(), null, Map.of(), List.of());
    }
}
