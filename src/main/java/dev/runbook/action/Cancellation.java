package dev.runbook.action;

/**
 * Lets the engine cancel a running action: on timeout or Ctrl-C the registered hooks run
 * (abort the HTTP exchange, kill the process tree), so work is really stopped, not just abandoned.
 */
public interface Cancellation {
    boolean isCancelled();

    /** Registers a hook run once on cancellation (immediately if already cancelled). Returns a handle to deregister. */
    AutoCloseable onCancel(Runnable hook);

    /** Throws CANCELLED if cancelled; long loops call this between polls. */
    default void check() throws ActionException {
        if (isCancelled()) throw ActionException.cancelled("cancelled");
    }
}
