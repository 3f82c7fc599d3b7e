package dev.runbook.state;

/** A state store failure the user can act on; the CLI turns it into exit code 11 with its message. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** the store cannot be reached (network, DNS, refused connection, timeout) */
        UNAVAILABLE,
        /** credentials missing or refused, or no permission on the bucket/container/table */
        DENIED,
        /** the bucket, container or database does not exist */
        MISSING,
        /** the request was sent but its answer was lost: the write may have happened */
        UNKNOWN_OUTCOME,
        /** the store is reachable but does not keep the promises a team store needs (e.g. ignores If-None-Match) */
        UNSAFE,
        /** an object in the store cannot be read as what it should be */
        CORRUPT,
        /** the URL or the settings are wrong */
        CONFIG
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
