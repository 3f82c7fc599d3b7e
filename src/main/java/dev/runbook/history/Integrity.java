package dev.runbook.history;

/** What verifying a run's journal found. */
public enum Integrity {
    /** The hash chain holds from the first event to the recorded head. */
    INTACT,
    /** Lines were edited, removed or cut off the end: what the journal says may not be what happened. */
    BROKEN,
    /** The journal cannot be read at all, or holds no run.start. */
    UNREADABLE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
