package dev.runbook.engine;

import dev.runbook.journal.RunLock;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.state.Lease;
import dev.runbook.state.SharedState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may work on a run: the per-runbook-and-parameters lock of a state folder on this machine, or the lease of a team
 * state store, taken to start, to resume and to take over a run. Every refusal says who holds it and what to do.
 */
final class RunLocks {
    private final RunStore store;
    private final SharedState shared;
    private final Clock clock;

    RunLocks(RunStore store, SharedState shared, Clock clock) {
        this.store = store;
        this.shared = shared;
        this.clock = clock;
    }

    /** This machine's lock of the runbook with these (visible) parameters, for run {@code runId}. */
    RunLock lock(Runbook rb, Map<String, Object> params, String runId) throws RunService.Refused {
        try {
            return store.lock(rb.id(), visible(rb, params), "run " + runId + ", pid " + ProcessHandle.current().pid());
        } catch (RunLock.Held e) {
            throw new RunService.Refused(e.getMessage() + "; wait for it to finish or stop it first", true);
        }
    }

    /** The key a new run's lease is taken under. */
    static String lockKey(Runbook rb, Map<String, Object> params) {
        return RunStore.lockKey(rb.id(), visible(rb, params));
    }

    /** The team store's lease for a new run. */
    Lease lease(String lockKey, String runId, String runbook, EngineOptions options) throws RunService.Refused {
        try {
            // an expired lease over a run left in the middle is that run's: it is handed over, not run past
            return shared.lock(lockKey, holder(runId, runbook, options), theirs -> !shared.unfinished(theirs.runId()));
        } catch (Lease.Held e) {
            if (e.expired()) throw abandoned(e.holder());
            throw new RunService.Refused(e.getMessage() + "; wait for it to finish, or if its machine is gone, once the lease expires: "
                    + takeoverCommand(e.holder().runId()), true);
        }
    }

    /** The exact command that hands {@code runId} over to this machine. */
    private String takeoverCommand(String runId) {
        return "runbook takeover " + runId + " --reason \"why you take it over\"" + stateArg();
    }

    private String stateArg() {
        String url = shared.url().text();
        return " --state " + (url.matches("[A-Za-z0-9@%+=:,./_-]+") ? url : "'" + url.replace("'", "'\\''") + "'");
    }

    /** A lock whose holder stopped renewing in the middle of its run: say how to continue that run, or to give it up. */
    private RunService.Refused abandoned(Lease.Record h) {
        return new RunService.Refused("run " + h.runId() + " was left unfinished by " + h.who() + ": its lease expired at "
                + h.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " without being renewed, so that machine stopped (or lost"
                + " the state store) in the middle of the run (lock id " + h.leaseId() + ").\n"
                + "  To continue it here, with the handover journaled: " + takeoverCommand(h.runId()) + "\n"
                + "  To give it up and start anew: runbook unlock " + h.leaseId() + stateArg(), true);
    }

    /** The team store's lease to resume run {@code r}: refused while its holder (this run elsewhere, or another run) has it. */
    Lease resumeLease(RunService.Resumable r, Runbook rb, Map<String, Object> params, EngineOptions options) throws RunService.Refused {
        String lockKey = lockKey(r, rb, params);
        String me = options.user() + "@" + options.host();
        try {
            // this run's own expired lease: the machine that held it resumes; any other hands it over (journaled)
            return shared.lock(lockKey, holder(r.runId(), rb.id(), options),
                    theirs -> theirs.runId().equals(r.runId()) ? theirs.who().equals(me) : !shared.unfinished(theirs.runId()));
        } catch (Lease.Held e) {
            if (e.expired()) throw abandoned(e.holder());
            if (!e.holder().runId().equals(r.runId())) {
                throw new RunService.Refused(e.getMessage() + "; wait for it to finish", true);
            }
            throw new RunService.Refused("run " + r.runId() + " is held by " + e.holder().describe() + ": it may still be running there."
                    + " If that machine is gone: " + takeoverCommand(r.runId()) + " (once the lease expires, or with --force)", true);
        }
    }

    /**
     * {@code runbook takeover}: the run's lease, once it expired or (with {@code forceLeaseId}, the lease the operator
     * confirmed) from a live holder; never the lease of another run that holds the same lock.
     */
    Lease takeover(RunService.Resumable r, Runbook rb, Map<String, Object> params, EngineOptions options, String forceLeaseId)
            throws RunService.Refused {
        String lockKey = lockKey(r, rb, params);
        Optional<Lease.Record> now = Lease.read(shared.store(), lockKey);
        if (now.isPresent() && !now.get().runId().equals(r.runId()) && !now.get().expiredAt(clock.instant())) {
            throw new RunService.Refused("the lock of run " + r.runId() + " is held by another run: " + now.get().describe()
                    + "; takeover only takes over the run it names", true);
        }
        try {
            return shared.takeover(lockKey, holder(r.runId(), rb.id(), options), forceLeaseId);
        } catch (Lease.Held e) {
            if (forceLeaseId != null) {
                throw new RunService.Refused("run " + r.runId() + " changed hands while you confirmed: it is now held by " + e.holder().describe()
                        + "; nothing was taken over", true);
            }
            throw new RunService.Refused("run " + r.runId() + " is held by " + e.holder().describe() + " and its lease has not expired."
                    + " Wait until then, or if that machine is gone for sure: " + takeoverCommand(r.runId()) + " --force", true);
        }
    }

    /** The lease over run {@code r} in the team store, if any (what a forced takeover asks the operator to confirm). */
    Optional<Lease.Record> leaseOf(RunService.Resumable r, Runbook rb, Map<String, Object> params) {
        return shared == null ? Optional.empty() : shared.lease(lockKey(r, rb, params));
    }

    /** The key the run was registered under in the store (or, for a run that is not there, the one it would have). */
    private String lockKey(RunService.Resumable r, Runbook rb, Map<String, Object> params) {
        return shared.meta(r.runId()).map(SharedState.Meta::lockKey).orElseGet(() -> lockKey(rb, params));
    }

    private Lease.Record holder(String runId, String runbook, EngineOptions options) {
        return Lease.Record.holder(runId, runbook, options.user(), options.host(), ProcessHandle.current().pid(), shared.identity());
    }

    /** The parameters a lock is keyed on: all but the secret ones. */
    static Map<String, Object> visible(Runbook rb, Map<String, Object> params) {
        Map<String, Object> visible = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            Parameter p = rb.parameters().get(k);
            if (p == null || !p.secret()) visible.put(k, v);
        });
        return visible;
    }
}
