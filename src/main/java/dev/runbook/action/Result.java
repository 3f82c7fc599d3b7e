package dev.runbook.action;

import java.util.Map;

/** What {@link Action#execute} returns: the step's outputs (plain values) and a short line for the operator. */
public record Result(Map<String, Object> outputs, String summary) {
    public Result {
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }

    public static Result of(Map<String, Object> outputs) {
        return new Result(outputs, null);
    }
}
