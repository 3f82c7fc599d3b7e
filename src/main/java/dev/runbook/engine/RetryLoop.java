package dev.runbook.engine;

import dev.runbook.action.ActionException;
import dev.runbook.model.Retry;
import java.time.Duration;

/**
 * The one retry loop, for steps and undos alike: a transient failure or a timeout is tried again after the
 * {@code retry:} delay, up to its attempts; anything else, a cancel or an interrupted run ends it at once.
 */
final class RetryLoop {
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt) throws ActionException;
    }

    /** Told before each retry's wait (to journal it), with the attempt about to be made. */
    @FunctionalInterface
    interface BeforeRetry {
        void retrying(int attempt, int attempts, Duration delay, ActionException last);
    }

    private final RunControl control;
    private final EngineClock clock;

    RetryLoop(RunControl control, EngineClock clock) {
        this.control = control;
        this.clock = clock;
    }

    /**
     * @param max attempts in all (at least one)
     * @throws ActionException the last failure, unchanged, when no attempt succeeded
     */
    <T> T run(Retry retry, int max, BeforeRetry before, Attempt<T> attempt) throws ActionException {
        int n = Math.max(1, max);
        for (int i = 1; ; i++) {
            try {
                return attempt.run(i);
            } catch (ActionException e) {
                if (i >= n || !retryable(e)) throw e;
                Duration delay = retry.delayBefore(i + 1);
                before.retrying(i + 1, n, delay, e);
                try {
                    clock.sleep(delay, control.token());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw ActionException.cancelled("interrupted while waiting to retry");
                }
                if (control.cancelled()) throw ActionException.cancelled("interrupted while waiting to retry");
            }
        }
    }

    private boolean retryable(ActionException e) {
        if (control.interrupted() || control.cancelled() || e.kind() == ActionException.Kind.CANCELLED) return false;
        return e.isTransient() || e.kind() == ActionException.Kind.TIMEOUT;
    }
}
