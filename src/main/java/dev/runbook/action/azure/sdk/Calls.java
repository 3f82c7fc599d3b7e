package dev.runbook.action.azure.sdk;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Runs one blocking SDK call so that the step's deadline and Ctrl-C are honoured: the call runs on a
 * worker thread that is interrupted (aborting the JDK HTTP exchange) when either one fires.
 */
final class Calls {
    /** A blocking SDK call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    private final ExecutorService executor;

    Calls(ExecutorService executor) {
        this.executor = executor;
    }

    <T> T run(ActionContext ctx, String action, String resource, Call<T> call) throws ActionException {
        ctx.cancellation().check();
        Duration left = Duration.between(Instant.now(), ctx.deadline());
        if (left.isNegative() || left.isZero()) throw timedOut(ctx, action, resource);
        Future<T> future = executor.submit(call::run);
        AutoCloseable hook = ctx.cancellation().onCancel(() -> future.cancel(true));
        try {
            return future.get(left.toMillis() + 1, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(ctx, action, resource);
        } catch (CancellationException e) {
            throw ActionException.cancelled(action + ": cancelled while calling Azure for " + resource);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ActionException.cancelled(action + ": interrupted while calling Azure for " + resource);
        } catch (ExecutionException e) {
            throw Errors.map(e.getCause(), action, resource);
        } finally {
            close(hook);
        }
    }

    private static void close(AutoCloseable hook) {
        try {
            hook.close();
        } catch (Exception e) {
            // Deregistering a cancellation hook cannot fail in a way that matters to the call's outcome.
        }
    }

    private static ActionException timedOut(ActionContext ctx, String action, String resource) {
        return ActionException.timeout(action + ": no answer from Azure for " + resource + " within the step timeout ("
                + Durations.format(ctx.timeout()) + ")");
    }
}
