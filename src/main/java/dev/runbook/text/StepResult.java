package dev.runbook.text;

import dev.runbook.journal.Reach;
import dev.runbook.journal.StepStatus;
import java.util.Map;

/**
 * What a step's end allows to be said about what it found: the only thing {@link FindingLines} renders. Every place
 * that shows a step's findings (the line under the step, the gate's details view, the end block, the post-mortem) gets
 * one from {@link #of}, so how a result may be shown is decided here, once, by its type:
 *
 * <ul>
 *   <li>{@link Found}: the step did its work; its outputs are what it returned (rows, fields, a program's output);</li>
 *   <li>{@link CheckFailed}: the action answered and the check failed; only what it observed before failing is shown
 *       (a failing response's status and body, a program's output), never fields or a table: a failed read has no
 *       rows, which is not the same as none;</li>
 *   <li>{@link NotChecked}: the read was never made (its provider was not reached, or a dry run did not run it): nothing
 *       is known, and nothing is shown as if it were.</li>
 * </ul>
 */
public sealed interface StepResult {

    /** The step did its work: {@code outputs} is what it returned. */
    record Found(Map<String, Object> outputs) implements StepResult {
        public Found {
            outputs = outputs == null ? Map.of() : outputs;
        }
    }

    /** The action answered and the check failed: {@code observed} is what it saw before failing (often nothing). */
    record CheckFailed(Map<String, Object> observed) implements StepResult {
        public CheckFailed {
            observed = observed == null ? Map.of() : observed;
        }
    }

    /** The read was not made: {@code why} in a few words ("its provider was not reached (sign-in)", "not run"). */
    record NotChecked(String why) implements StepResult {}

    /** Nothing to show: skipped, cancelled, a change (its plan says what it did), or a step with no recorded end. */
    record Nothing() implements StepResult {}

    /**
     * The one mapping from how a step ended to what may be shown of it.
     *
     * @param reach   how its provider was not reached when it failed that way ({@code step.end}'s {@code reach}), or null
     * @param outputs the outputs journaled with the end (for a failed step: what the action observed)
     */
    static StepResult of(StepStatus status, Reach reach, Map<String, Object> outputs) {
        if (status == null) return new Nothing();
        return switch (status) {
            case SUCCEEDED -> new Found(outputs);
            case FAILED -> reach != null ? new NotChecked("its provider was not reached (" + reach.id() + ")") : new CheckFailed(outputs);
            case PLANNED -> new NotChecked("not run (dry run)");
            case SKIPPED, CANCELLED -> new Nothing();
        };
    }
}
