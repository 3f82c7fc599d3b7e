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
    // what the action observed before it failed (a failing http.check's status, headers and body): kept, like a success's
    private transient java.util.Map<String, Object> outputs = java.util.Map.of();

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

    /** Attaches what was observed before the failure; the engine keeps it as the failed step's outputs. */
    public ActionException withOutputs(java.util.Map<String, Object> observed) {
        this.outputs = observed == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(observed));
        return this;
    }

    /** The outputs observed before the failure; empty for most failures. */
    public java.util.Map<String, Object> outputs() {
        return outputs;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }
}
