package dev.runbook.rehearse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scenario's scripted operator, in the same shape as an {@code --answers} file: gate answers
 * ({@code yes | no | abort}, or the target's name for a destructive step), failure choices
 * ({@code retry | skip | abort | rollback}), manual checklist confirmations ({@code true} or a list of items),
 * answers to manual questions, and what to do after an interrupt ({@code rollback | stop}, may be null).
 */
public record ScriptedAnswers(Map<String, String> gates, Map<String, String> failures, Map<String, Object> confirm,
                              Map<String, String> ask, String interrupt) {
    public static final ScriptedAnswers NONE = new ScriptedAnswers(Map.of(), Map.of(), Map.of(), Map.of(), null);

    public ScriptedAnswers {
        gates = Collections.unmodifiableMap(new LinkedHashMap<>(gates));
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        confirm = Collections.unmodifiableMap(new LinkedHashMap<>(confirm));
        ask = Collections.unmodifiableMap(new LinkedHashMap<>(ask));
    }

    public boolean isEmpty() {
        return gates.isEmpty() && failures.isEmpty() && confirm.isEmpty() && ask.isEmpty() && interrupt == null;
    }
}
