package dev.runbook.engine;

import dev.runbook.action.ActionException;
import dev.runbook.journal.ErrorKind;
import java.util.Locale;
import java.util.Map;

/**
 * Why one attempt at a step failed; {@code cancelled} steps are run again on resume, whatever their onFailure. The kind
 * is the action's error kind (journaled by its name as {@code errorKind}).
 *
 * @param outputs what the action observed before failing (a failing http.check's status, headers and body), kept as
 *                the failed step's outputs so that the operator, the journal and --output json see them
 * @param reach   how reaching the provider failed (sign-in, connection), or null when it answered
 */
record StepFailure(String message, String hint, ActionException.Kind kind, boolean cancelled, Map<String, Object> outputs,
                   ActionException.Reach reach) {

    StepFailure(String message, String hint, ActionException.Kind kind, boolean cancelled) {
        this(message, hint, kind, cancelled, Map.of(), null);
    }

    StepFailure(String message, String hint, ActionException.Kind kind, boolean cancelled, Map<String, Object> outputs) {
        this(message, hint, kind, cancelled, outputs, null);
    }

    static StepFailure of(ActionException e, boolean interrupted) {
        String m = e.getMessage() == null ? e.kind().name().toLowerCase(Locale.ROOT) : e.getMessage();
        return new StepFailure(m, e.hint(), e.kind(), e.kind() == ActionException.Kind.CANCELLED || interrupted,
                e.outputs().isEmpty() ? Map.of() : Plain.normalizeMap(e.outputs()), e.reach().orElse(null));
    }

    /** The kind as the journal records it ({@code step.end}'s {@code errorKind}). */
    ErrorKind errorKind() {
        return errorKind(kind);
    }

    /** Every action error kind has its journal id; a new kind does not compile until it has one. */
    static ErrorKind errorKind(ActionException.Kind kind) {
        return switch (kind) {
            case TRANSIENT -> ErrorKind.TRANSIENT;
            case PERMANENT -> ErrorKind.PERMANENT;
            case TIMEOUT -> ErrorKind.TIMEOUT;
            case CANCELLED -> ErrorKind.CANCELLED;
            case UNFINISHED -> ErrorKind.UNFINISHED;
        };
    }

    /** How the provider was not reached, as the journal records it ({@code step.end}'s {@code reach}), or null. */
    dev.runbook.journal.Reach journalReach() {
        if (reach == null) return null;
        return switch (reach) {
            case SIGN_IN -> dev.runbook.journal.Reach.SIGN_IN;
            case CONNECTION -> dev.runbook.journal.Reach.CONNECTION;
        };
    }

    StepFailure withMessage(String m, String h) {
        return new StepFailure(m, h, kind, cancelled, outputs, reach);
    }
}
