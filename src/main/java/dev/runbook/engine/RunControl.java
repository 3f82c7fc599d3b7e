package dev.runbook.engine;

/**
 * Whether the run is being stopped: the token running work listens to, and whether the operator interrupted.
 * A rollback starts with a fresh token, so the Ctrl-C that stopped the run does not cancel its undos.
 */
final class RunControl {
    private volatile CancellationToken token = new CancellationToken();
    private volatile boolean interrupted;

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

    void cancel(CancellationToken.Reason reason) {
        token.cancel(reason);
    }

    /** Called once, when the rollback begins. */
    synchronized void freshForRollback() {
        token = new CancellationToken();
        interrupted = false;
    }
}
