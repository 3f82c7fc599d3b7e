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
        steps = Map.copyOf(steps);
        needApproval = List.copyOf(needApproval);
    }
}
