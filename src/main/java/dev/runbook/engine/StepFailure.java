package dev.runbook.engine;

import dev.runbook.action.ActionException;
import java.util.Locale;

/** Why one attempt at a step failed; {@code cancelled} steps are run again on resume, whatever their onFailure. */
record StepFailure(String message, String hint, String kind, boolean cancelled) {

    static StepFailure of(ActionException e, boolean interrupted) {
        String m = e.getMessage() == null ? e.kind().name().toLowerCase(Locale.ROOT) : e.getMessage();
        return new StepFailure(m, e.hint(), e.kind().name(), e.kind() == ActionException.Kind.CANCELLED || interrupted);
    }

    StepFailure withMessage(String m, String h) {
        return new StepFailure(m, h, kind, cancelled);
    }
}
