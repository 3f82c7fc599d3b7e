package dev.runbook.engine;

import dev.runbook.journal.RunEvent.ApprovalRequired.Approval;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import java.util.List;
import java.util.Map;

/**
 * How a run ended. {@code message} is one operator-facing sentence (already redacted);
 * {@code needApproval} lists what a refused non-interactive run would need.
 */
public record RunResult(String runId, RunOutcome outcome, String message, Map<String, StepStatus> steps,
                        List<Approval> needApproval, Map<String, Map<String, Object>> outputs) {
    public RunResult {
        // in run order, and not Map.copyOf: its probing is slow for thousands of ids like s1, s2, ...
        steps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(steps));
        needApproval = List.copyOf(needApproval);
    }
}
