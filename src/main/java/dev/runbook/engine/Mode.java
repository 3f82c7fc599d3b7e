package dev.runbook.engine;

/**
 * How a run treats actions: EXECUTE for real; DRY_RUN runs reads and plans changes; OFFLINE plans everything;
 * REHEARSAL runs everything like EXECUTE, against simulated actions (the caller swaps them in), and is marked
 * as such in the journal.
 */
public enum Mode {
    EXECUTE, DRY_RUN, OFFLINE, REHEARSAL;

    public boolean dry() {
        return this == DRY_RUN || this == OFFLINE;
    }

    public String id() {
        return switch (this) {
            case EXECUTE -> "execute";
            case DRY_RUN -> "dry-run";
            case OFFLINE -> "offline";
            case REHEARSAL -> "rehearsal";
        };
    }
}
