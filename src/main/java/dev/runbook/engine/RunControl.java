package dev.runbook.engine;

/**
 * Whether the run is being stopped: the token running work listens to, and whether the operator interrupted.
 * A rollback starts with a fresh token, so the Ctrl-C that stopped the run does not cancel its undos.
 */
final class RunControl {
    private volatile CancellationToken token = new CancellationToken();
    private volatile boolean interrupted;
    /** Nobody is there to ask (SIGTERM, SIGHUP): no rollback offer after the interrupt. */
    private volatile boolean noOperator;
    /** What a step cancelled by the interrupt says: Ctrl-C, or the signal that stopped runbook. */
    private volatile String cancelledBy = "cancelled by the operator (Ctrl-C)";

    CancellationToken token() {
        return token;
    }

    boolean interrupted() {
        return interrupted;
    }

    boolean cancelled() {
        return token.isCancelled();
    }

    /** Marks the run interrupted; false when it already was (a second call changes nothing). */
    synchronized boolean markInterrupted() {
        if (interrupted) return false;
        interrupted = true;
        return true;
    }

    /** As {@link #markInterrupted()}, by {@code reason} (SIGTERM, SIGHUP) with nobody to ask when {@code askOperator} is false. */
    synchronized boolean markInterrupted(String reason, boolean askOperator) {
        if (interrupted) return false;
        if (!askOperator) {
            noOperator = true;
            cancelledBy = "cancelled: " + reason;
        }
        interrupted = true;
        return true;
    }

    boolean noOperator() {
        return noOperator;
    }

    String cancelledBy() {
        return cancelledBy;
    }

    void cancel(CancellationToken.Reason reason) {
        token.cancel(reason);
    }

    /** Called once, when the rollback begins. */
    synchronized void freshForRollback() {
        token = new CancellationToken();
        interrupted = false;
    }
}
