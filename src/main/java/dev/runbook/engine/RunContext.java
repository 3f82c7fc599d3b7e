package dev.runbook.engine;

import dev.runbook.journal.RunEvent;
import dev.runbook.model.Runbook;
import java.time.Duration;
import java.time.Instant;

/**
 * The parts of one run that its collaborators share: options, request, step order, where events go, what has
 * happened so far, expression scope, effects and cancellation. {@code promptLock} keeps prompts one at a time.
 */
final class RunContext {
    final EngineOptions o;
    final RunRequest req;
    final Runbook rb;
    final StepOrder order;
    final EventSink sink;
    final RunLedger ledger;
    final RunScope scope;
    final Effects effects;
    final RunControl control;
    final Object promptLock = new Object();
    /** Who and where the run acts, per provider (asked at its start, answered in the background): shown at every gate. */
    volatile TargetIdentity.Lookup identityLookup = TargetIdentity.Lookup.none();
    /** The failure that stopped the run (shown in its final message), or null. */
    volatile String lastFailure;
    /** The steps whose failure stopped the run: journaled with its end, so renderers know which failures its message tells. */
    final java.util.Set<String> causes = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

    /** Step {@code step} stopped the run; {@code message} says why (and becomes part of the run's final message). */
    void stoppedBy(String step, String message) {
        causes.add(step);
        lastFailure = message;
    }

    java.util.List<String> causes() {
        synchronized (causes) {
            return java.util.List.copyOf(causes);
        }
    }

    RunContext(EngineOptions o, RunRequest req, StepOrder order, EventSink sink, RunLedger ledger, RunScope scope,
               RunControl control) {
        this.o = o;
        this.req = req;
        this.rb = req.runbook();
        this.order = order;
        this.sink = sink;
        this.ledger = ledger;
        this.scope = scope;
        this.effects = new Effects(o.actions());
        this.control = control;
    }

    /**
     * Who and where the run acts, waiting for the lookup if it is still on its way: everything that must name it (a
     * write or destructive gate, the non-interactive refusal, the run's end) asks here, so it is journaled before them.
     */
    RunEvent.Identity identity() {
        return identityLookup.get();
    }

    void emit(RunEvent e) {
        sink.emit(e);
    }

    boolean dry() {
        return req.mode().dry();
    }

    long ms(Instant t0) {
        return Math.max(0, Duration.between(t0, o.clock().now()).toMillis());
    }

    String redact(String s) {
        return o.redactor().redact(s);
    }
}
