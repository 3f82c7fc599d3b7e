package dev.runbook.action;

/**
 * A typed action failure. TRANSIENT failures are retried by the engine (throttling, 5xx,
 * connection resets); PERMANENT ones go straight to the step's onFailure. The message is
 * shown to the operator, so it says what failed and, in {@code hint}, what to do.
 */
public final class ActionException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * UNFINISHED: the provider accepted the work ({@link #operation()}) and it may still be going on, but runbook
     * stopped waiting (cancelled, timed out). Never retried: the step is in doubt until resume checks on it.
     */
    public enum Kind { TRANSIENT, PERMANENT, TIMEOUT, CANCELLED, UNFINISHED }

    /**
     * Why no answer came, when it is how the provider was reached rather than what was asked: the sign-in (no
     * credential, one refused or expired, no subscription or region to act in) or the connection (refused, unknown
     * host, no route). A dry run that failed this way suggests {@code --offline}.
     */
    public enum Reach { SIGN_IN, CONNECTION }

    private final Kind kind;
    private final String hint;
    private Reach reach;
    private final Operation operation;
    // what the action observed before it failed (a failing http.check's status, headers and body): kept, like a success's
    private transient java.util.Map<String, Object> outputs = java.util.Map.of();

    public ActionException(Kind kind, String message, String hint, Throwable cause) {
        this(kind, message, hint, cause, null);
    }

    private ActionException(Kind kind, String message, String hint, Throwable cause, Operation operation) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint;
        this.operation = operation;
    }

    /**
     * runbook stopped waiting ({@code why}: cancelled or timed out) for an operation the provider accepted and may
     * still be carrying out.
     */
    public static ActionException unfinished(Operation operation, ActionException why) {
        return new ActionException(Kind.UNFINISHED, why.getMessage() + "; the provider accepted the " + operation.description()
                + " and it may still be going on", "resume checks on it (" + operation.kind() + " " + operation.id()
                + ") and offers to wait for it; it does not start a second one", why, operation);
    }

    /** The accepted operation of an UNFINISHED failure, else null. */
    public Operation operation() {
        return operation;
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

    /** Marks the failure as one of reaching the provider (see {@link Reach}). */
    public ActionException reaching(Reach r) {
        this.reach = r;
        return this;
    }

    /** How reaching the provider failed, or empty when the provider answered (or nobody can tell). */
    public java.util.Optional<Reach> reach() {
        return java.util.Optional.ofNullable(reach);
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
