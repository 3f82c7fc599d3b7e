package dev.runbook.action;

/**
 * A typed action failure. TRANSIENT failures are retried by the engine (throttling, 5xx,
 * connection resets); PERMANENT ones go straight to the step's onFailure. The message is
 * shown to the operator, so it says what failed and, in {@code hint}, what to do.
 */
public final class ActionException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind { TRANSIENT, PERMANENT, TIMEOUT, CANCELLED }

    private final Kind kind;
    private final String hint;

    public ActionException(Kind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint;
    }

    public static ActionException permanent(String message) {
        return new ActionException(Kind.PERMANENT, message, null, null);
    }

    public static ActionException permanent(String message, String hint) {
        return new ActionException(Kind.PERMANENT, message, hint, null);
    }

    public static ActionException transientFailure(String message, Throwable cause) {
        return new ActionException(Kind.TRANSIENT, message, null, cause);
    }

    public static ActionException timeout(String message) {
        return new ActionException(Kind.TIMEOUT, message, null, null);
    }

    public static ActionException cancelled(String message) {
        return new ActionException(Kind.CANCELLED, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public String hint() {
        return hint;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }
}
