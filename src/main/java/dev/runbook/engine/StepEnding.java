package dev.runbook.engine;

/**
 * What the run does after a step ended: go on, or stop because it failed (onFailure: abort), the operator
 * aborted, a rollback was chosen, or the run was interrupted.
 */
enum StepEnding {
    CONTINUE, FAIL, ABORT, ROLLBACK, INTERRUPT
}
