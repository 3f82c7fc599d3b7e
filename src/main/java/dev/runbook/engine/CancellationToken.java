package dev.runbook.engine;

import dev.runbook.action.Cancellation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The engine's {@link Cancellation}: cancelling runs every registered hook once (kill the process tree,
 * abort the HTTP exchange) and wakes every sleeper. A child token is cancelled with its parent.
 */
public final class CancellationToken implements Cancellation {
    public enum Reason { TIMEOUT, INTERRUPT }

    private final CountDownLatch latch = new CountDownLatch(1);
    private final CountDownLatch hooksRun = new CountDownLatch(1);
    private final List<Runnable> hooks = new ArrayList<>();
    private volatile Reason reason;

    public CancellationToken child() {
        CancellationToken c = new CancellationToken();
        onCancel(() -> c.cancel(reason));
        return c;
    }

    @Override
    public boolean isCancelled() {
        return reason != null;
    }

    public Reason reason() {
        return reason;
    }

    public void cancel(Reason why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) return;
            reason = why == null ? Reason.INTERRUPT : why;
            toRun = List.copyOf(hooks);
            hooks.clear();
        }
        latch.countDown();
        for (Runnable r : toRun) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a failing hook must not stop the others from cancelling their work
            }
        }
        hooksRun.countDown();
    }

    /**
     * Cancels (if not yet) and waits up to {@code d} until every hook has run, whichever thread runs them: for a
     * caller about to halt the process, so that no process tree outlives it.
     */
    public void cancelAndWait(Reason why, Duration d) {
        cancel(why);
        try {
            hooksRun.await(Math.max(0, d.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public AutoCloseable onCancel(Runnable hook) {
        synchronized (this) {
            if (reason == null) {
                hooks.add(hook);
                return () -> {
                    synchronized (this) {
                        hooks.remove(hook);
                    }
                };
            }
        }
        hook.run();
        return () -> { };
    }

    /** Waits up to {@code d}; returns true if cancelled meanwhile. */
    public boolean await(Duration d) throws InterruptedException {
        return latch.await(Math.max(0, d.toMillis()), TimeUnit.MILLISECONDS);
    }
}
