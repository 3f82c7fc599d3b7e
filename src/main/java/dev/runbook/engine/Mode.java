package dev.runbook.engine;

/** How a run treats actions: EXECUTE for real; DRY_RUN runs reads and plans changes; OFFLINE plans everything. */
public enum Mode {
    EXECUTE, DRY_RUN, OFFLINE;

    public boolean dry() {
        return this != EXECUTE;
    }

    public String id() {
        return switch (this) {
            case EXECUTE -> "execute";
            case DRY_RUN -> "dry-run";
            case OFFLINE -> "offline";
        };
    }
}
