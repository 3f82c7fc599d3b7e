package dev.runbook.engine;

import dev.runbook.journal.RunEvent.ApprovalRequired.Approval;
import dev.runbook.journal.RunOutcome;
import java.util.List;

/** How a run ends, with the operator-facing message and, when approval was missing, what would approve it. */
record RunEnding(RunOutcome outcome, String message, List<Approval> refused) {
    RunEnding(RunOutcome outcome, String message) {
        this(outcome, message, List.of());
    }
}
