package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.engine.ApprovalRule.Clearance;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunEvent;
import dev.runbook.model.Durations;
import dev.runbook.model.Effect;
import dev.runbook.model.Step;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place the engine calls an action (ArchitectureTest keeps it that way). Each call runs on its own thread
 * so a timeout or Ctrl-C can cancel it (hooks kill the work) and stop waiting. {@link #plan} is read-only by the
 * action contract; {@link #executeStep} and {@link #executeUndo} first check the caller's {@link Clearance}
 * against what the call may change: without one that covers it, nothing is called.
 */
final class ActionInvoker implements AutoCloseable {
    private final RunContext run;
    private final ApprovalRule approvals;
    private final ExecutorService threads = Executors.newCachedThreadPool(Threads.daemon("runbook-action"));

    ActionInvoker(RunContext run, ApprovalRule approvals) {
        this.run = run;
        this.approvals = approvals;
    }

    Plan plan(Step owner, Action action, Args args, Duration timeout) throws ActionException {
        return call(owner.id(), action, ctx -> action.plan(ctx, args), timeout);
    }

    /** Runs the step's own action; the clearance must cover the step's effective effect (its undo included). */
    /** Read-only, like {@link #plan}: where an operation the step's action started earlier stands now (resume). */
    Operation.State checkOperation(Step owner, Action action, Operation op, Duration timeout) throws ActionException {
        return call(owner.id(), action, ctx -> action.check(ctx, op), timeout);
    }

    /**
     * Waits for an operation the step's action started, under the approval its gate gave then (it starts nothing
     * new); the step's outputs when it finished.
     */
    Result attach(Step s, Action action, Operation op, Duration timeout) throws ActionException {
        return call(s.id(), action, ctx -> action.attach(ctx, op), timeout);
    }

    /**
     * Asks a provider's identity action (who and where its calls act) once, at the start of a run: only an action
     * declared read, with no arguments, so it needs no gate; anything else is a bug in the provider's metadata.
     */
    Result identity(String provider, Action action, Duration timeout) throws ActionException {
        return identity(provider, action, java.util.Map.of(), timeout);
    }

    /** The same, with the arguments a step gives (a database's connection): see {@code Provider.identityArguments}. */
    Result identity(String provider, Action action, java.util.Map<String, Object> args, Duration timeout) throws ActionException {
        if (action.spec().effect() != Effect.READ) {
            throw new IllegalStateException("the identity action of provider " + provider + " (" + action.spec().name() + ") is not a read");
        }
        return call(IDENTITY_STEP, action, ctx -> action.execute(ctx, dev.runbook.action.Args.of(args)), timeout);
    }

    /** The step id an identity lookup's context carries: not a valid step id, so it never names a real step. */
    static final String IDENTITY_STEP = "(identity)";

    /**
     * Posts an escalation ({@code escalation: ... notify:}) through the {@code notify.webhook} action, and nothing else:
     * only in a real run (a dry run, an offline run and a rehearsal never post: {@link EscalationNotices} journals
     * what would have been posted instead). Not gated: the post is the runbook's response policy, shown when the run
     * starts, and it changes nothing the runbook works on. Its own cancellation: a Ctrl-C that stops the steps does
     * not cut a page short (a second one halts the process; resume then records the post as unknown).
     */
    Result escalationNotice(Action action, Args args, Duration timeout) throws ActionException {
        if (run.req.mode() != Mode.EXECUTE) throw new IllegalStateException("an escalation is posted only by a real run, not in mode " + run.req.mode().id());
        if (!action.spec().name().equals(EscalationNotices.ACTION)) {
            throw new IllegalStateException("an escalation is posted with " + EscalationNotices.ACTION + ", not " + action.spec().name());
        }
        return call(ESCALATION_STEP, action, ctx -> action.execute(ctx, args), timeout, new CancellationToken());
    }

    /** The step id an escalation post's context carries: not a valid step id. */
    static final String ESCALATION_STEP = "(escalation)";

    Result executeStep(Clearance c, Step s, Action action, Args args, Duration timeout) throws ActionException {
        check(c, s, approvals.needed(s), "step");
        return call(s.id(), action, ctx -> action.execute(ctx, args), timeout);
    }

    /**
     * Runs an undo of step {@code s}; the clearance must cover {@code effect}, what the undo may change (its
     * action's effect, as its {@code effect:} declares it: a shell undo that writes).
     */
    Result executeUndo(Clearance c, Step s, Action undo, Effect effect, Args args, Duration timeout) throws ActionException {
        check(c, s, effect, "undo of step");
        return call(s.id(), undo, ctx -> undo.execute(ctx, args), timeout);
    }

    private void check(Clearance c, Step s, Effect needed, String what) throws ActionException {
        if (!approvals.permits(c, s.id(), needed)) {
            throw ActionException.permanent("not approved: the " + what + " '" + s.id() + "' would " + needed.id()
                    + (c == null ? " and no gate approved it" : " but its approval covers " + c), "approve it at its gate, with --approve "
                    + s.id() + (needed == Effect.WRITE ? " or --yes" : "") + " (the approval covers its undo too)");
        }
    }

    @FunctionalInterface
    private interface ActionCall<T> {
        T apply(StepContext ctx) throws ActionException;
    }

    private <T> T call(String stepId, Action action, ActionCall<T> fn, Duration timeout) throws ActionException {
        return call(stepId, action, fn, timeout, run.control.token());
    }

    private <T> T call(String stepId, Action action, ActionCall<T> fn, Duration timeout, CancellationToken parent) throws ActionException {
        CancellationToken callToken = parent.child();
        StepOperator operator = new StepOperator(stepId, run.o.gates().answers(), run.o.gates().interaction(), run.promptLock, run::emit);
        StepContext ctx = new StepContext(run.req.runId(), stepId, timeout, run.dry(), callToken,
                m -> run.emit(new RunEvent.StepProgress(stepId, m)), run.o, operator, run::emit);
        CountDownLatch finished = new CountDownLatch(1);
        // an action that stops waiting for work its provider accepted says so (UNFINISHED); a cancel must not hide it
        java.util.concurrent.atomic.AtomicReference<ActionException> unfinished = new java.util.concurrent.atomic.AtomicReference<>();
        Callable<T> task = () -> {
            try {
                return fn.apply(ctx);
            } catch (ActionException e) {
                if (e.kind() == ActionException.Kind.UNFINISHED) unfinished.set(e);
                throw e;
            } finally {
                finished.countDown();
            }
        };
        Future<T> f = threads.submit(task);
        AutoCloseable unhook = callToken.onCancel(() -> f.cancel(true));
        try {
            return f.get(Math.max(1, run.o.clock().real(timeout).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            callToken.cancel(CancellationToken.Reason.TIMEOUT);
            awaitQuietly(finished);
            if (unfinished.get() != null) throw unfinished.get();
            throw timedOut(timeout);
        } catch (CancellationException e) {
            awaitQuietly(finished);
            if (unfinished.get() != null) throw unfinished.get();
            if (callToken.reason() == CancellationToken.Reason.TIMEOUT) throw timedOut(timeout);
            throw ActionException.cancelled(run.control.cancelledBy());
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ActionException ae) {
                if (ae.kind() == ActionException.Kind.UNFINISHED) throw ae;
                if (callToken.reason() == CancellationToken.Reason.TIMEOUT && ae.kind() != ActionException.Kind.TIMEOUT) throw timedOut(timeout);
                if (callToken.reason() == CancellationToken.Reason.INTERRUPT) throw ActionException.cancelled(run.control.cancelledBy());
                throw ae;
            }
            if (c instanceof JournalException je) throw je;
            throw new ActionException(ActionException.Kind.PERMANENT, "action " + action.spec().name() + " failed unexpectedly: " + c,
                    "this is a bug in the action; re-run with --debug and report it", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callToken.cancel(CancellationToken.Reason.INTERRUPT);
            awaitQuietly(finished);
            throw ActionException.cancelled("cancelled");
        } finally {
            try {
                unhook.close();
            } catch (Exception ignored) {
                // deregistering a hook cannot fail in a way that matters here
            }
        }
    }

    private static ActionException timedOut(Duration timeout) {
        return ActionException.timeout("timed out after " + Durations.format(timeout) + " (the work was cancelled)");
    }

    private void awaitQuietly(CountDownLatch finished) {
        try {
            finished.await(run.o.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
