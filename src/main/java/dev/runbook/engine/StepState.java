package dev.runbook.engine;

import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.journal.StepStatus;
import java.util.Map;

/**
 * How a step ended, with what later steps and its undo need. {@code args}, {@code plan} and {@code result} are
 * null for steps restored from the journal on resume (their undo is prepared from outputs and before).
 */
record StepState(StepStatus status, Map<String, Object> outputs, Map<String, Object> before, Args args, Plan plan,
                 Result result) {

    static StepState restored(StepStatus status, Map<String, Object> outputs, Map<String, Object> before) {
        return new StepState(status, outputs, before, null, null, null);
    }
}
