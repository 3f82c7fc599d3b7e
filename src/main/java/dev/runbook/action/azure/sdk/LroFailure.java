package dev.runbook.action.azure.sdk;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.PollResponse;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionException.Kind;

/**
 * What a long-running operation that did not succeed tells the operator: Azure's own error code and message
 * (from the operation's status body), or — when the status URL itself answers 404 — that Azure no longer
 * reports on the operation, which is not the same as "it failed".
 */
final class LroFailure {
    private LroFailure() {}

    static ActionException of(String action, String what, String resource, String status, PollResponse<?> r) {
        PollResult.Error error = r.getValue() instanceof PollResult<?> p ? p.getError() : null;
        if (error != null && error.getResponseStatusCode() == 404) {
            return new ActionException(Kind.PERMANENT, action + ": lost track of " + what + " on " + resource
                    + ": its status URL answered 404 Not Found, so Azure no longer reports whether it finished",
                    "check the resource's state (the matching .get action or the portal) before running the step again", null);
        }
        String detail = error == null ? null : detail(error);
        return new ActionException(Kind.PERMANENT, action + ": " + what + " ended " + status + " for " + resource
                + (detail == null ? "" : ": " + detail), null, null);
    }

    /** "Code: message" from the status body's error object, else the poller's message. */
    static String detail(PollResult.Error error) {
        String body = error.getResponseBody();
        String code = Errors.jsonField(body, "code");
        String message = Errors.jsonField(body, "message");
        if (message == null) message = error.getMessage();
        if (message != null && message.isBlank()) message = null;
        if (code == null) return message == null ? null : Errors.firstLine(message);
        return code + (message == null ? "" : ": " + Errors.firstLine(message));
    }
}
