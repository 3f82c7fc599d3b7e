package dev.runbook.engine;

import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.RunLock;
import dev.runbook.journal.RunStore;
import dev.runbook.state.Lease;
import dev.runbook.state.SharedState;
import dev.runbook.model.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs with their files: picks a run id, takes the per-runbook-and-parameters lock (or a team store's lease:
 * {@link RunLocks}), creates (or reopens) the journal, keeps a copy of the runbook beside it, and hands the engine to
 * {@code onEngine} so a signal handler can interrupt it. Resume verifies the journal ({@link ResumeInspector}) and the
 * runbook's hash before anything runs.
 */
public final class RunService {
    private final RunStore store;
    private final Clock clock;
    private final SharedState shared;
    private final RunLocks locks;
    private final ResumeInspector inspector;

    public RunService(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.shared = null;
        this.locks = new RunLocks(store, null, clock);
        this.inspector = new ResumeInspector(store, null);
    }

    /**
     * Runs kept in a team store: the lock is a {@link Lease} there, every journal line is mirrored there first (fenced),
     * and the journal is worked on in the store's local copy.
     */
    public RunService(SharedState shared, Clock clock) {
        this.store = shared.local();
        this.clock = clock;
        this.shared = shared;
        this.locks = new RunLocks(store, shared, clock);
        this.inspector = new ResumeInspector(store, shared);
    }

    /** A run that could not start; the message says why and what to do. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean locked;

        public Refused(String message, boolean locked) {
            super(message);
            this.locked = locked;
        }

        public boolean locked() {
            return locked;
        }
    }

    /** The runbook as read from disk: its model, the file and its exact bytes (hashed into the journal). */
    public record Source(Runbook runbook, Path file, byte[] bytes) {
        public String sha256() {
            return RunStore.sha256(bytes);
        }
    }

    @SuppressWarnings("try")
    public RunResult start(Source src, Mode mode, Map<String, Object> params, EngineOptions options, Consumer<Engine> onEngine)
            throws Refused {
        return start(src, mode, params, options, onEngine, null);
    }

    /** As above, tagging the run with an incident id ({@code --incident}); null for none. */
    public RunResult start(Source src, Mode mode, Map<String, Object> params, EngineOptions options, Consumer<Engine> onEngine,
                           String incident) throws Refused {
        return start(src, mode, params, options, onEngine, incident, null);
    }

    /**
     * A rehearsal on {@code scenario}: the caller's options already carry the simulated actions. It takes no lock
     * (it changes nothing real, and trainees may rehearse side by side) and its run id says it is a rehearsal.
     */
    public RunResult rehearse(Source src, String scenario, Map<String, Object> params, EngineOptions options, Consumer<Engine> onEngine)
            throws Refused {
        return rehearse(src, scenario, params, options, onEngine, null);
    }

    /** As above, tagging the rehearsal with an incident id (a drill's ticket); null for none. */
    public RunResult rehearse(Source src, String scenario, Map<String, Object> params, EngineOptions options, Consumer<Engine> onEngine,
                              String incident) throws Refused {
        return start(src, Mode.REHEARSAL, params, options, onEngine, incident, scenario);
    }

    @SuppressWarnings("try") // the lock is held for the run's duration; the body never touches it
    private RunResult start(Source src, Mode mode, Map<String, Object> params, EngineOptions options, Consumer<Engine> onEngine,
                            String incident, String scenario) throws Refused {
        Runbook rb = src.runbook();
        boolean rehearsal = mode == Mode.REHEARSAL;
        if (shared != null && !rehearsal) return startShared(src, mode, params, options, onEngine, incident);
        // a state folder that cannot be used is said so (exit 10) before any lock, journal or step
        store.prepare();
        String runId = store.newRunId(rehearsal ? rb.id() + "-rehearsal" : rb.id(), clock.instant());
        try (RunLock lock = rehearsal ? rehearsalLock(runId) : locks.lock(rb, params, runId)) {
            Path dir = store.runDir(runId);
            try (Journal journal = Journal.create(dir, options.redactor(), clock).key(store.journalKey())) {
                Path copy = dir.resolve(RunStore.RUNBOOK_COPY);
                try {
                    Files.write(copy, src.bytes());
                } catch (IOException e) {
                    throw JournalException.io("write the runbook's copy", copy, e);
                }
                Engine engine = new Engine(options);
                onEngine.accept(engine);
                RunRequest req = new RunRequest(runId, rb, mode, params, src.file().toAbsolutePath().toString(), src.sha256(), null, false,
                        incident, scenario);
                return engine.run(req, journal);
            }
        }
    }

    @SuppressWarnings("try")
    private RunResult startShared(Source src, Mode mode, Map<String, Object> params, EngineOptions options, Consumer<Engine> onEngine,
                                  String incident) throws Refused {
        Runbook rb = src.runbook();
        String lockKey = RunLocks.lockKey(rb, params);
        String runId = store.newRunId(rb.id(), clock.instant());
        for (int i = 0; i < 10 && (shared.meta(runId).isPresent() || store.exists(runId)); i++) runId = store.newRunId(rb.id(), clock.instant());
        try (Lease lease = locks.lease(lockKey, runId, rb.id(), options)) {
            if (!shared.register(new SharedState.Meta(runId, rb.id(), lockKey, options.user(), options.host(), clock.instant().toString(), mode.id()),
                    src.bytes())) {
                throw new Refused("run id " + runId + " is taken in " + shared.url() + "; start the run again", false);
            }
            Path dir = store.runDir(runId);
            try (Journal journal = Journal.create(dir, options.redactor(), clock).key(store.journalKey()).mirror(shared.mirror(runId, lease))) {
                Files.write(dir.resolve(RunStore.RUNBOOK_COPY), src.bytes());
                Engine engine = new Engine(options);
                onEngine.accept(engine);
                RunRequest req = new RunRequest(runId, rb, mode, params, src.file().toAbsolutePath().toString(), src.sha256(), null, false,
                        incident, null);
                return engine.run(req, journal);
            } catch (IOException e) {
                throw new Refused("cannot write the run record in " + dir + ": " + e.getMessage(), false);
            }
        }
    }

    /** What resume needs to know before parameters are resolved: the history and the runbook path recorded. */
    public record Resumable(String runId, JournalReader.Contents journal, RunHistory history, Path runbookFile) {}

    public Resumable inspect(String runId) throws Refused {
        return inspector.inspect(runId);
    }

    /** Non-secret parameter values recorded at the start of the run. */
    public static Map<String, Object> recordedParams(RunHistory h, Runbook rb) {
        return ResumeInspector.recordedParams(h, rb);
    }

    @SuppressWarnings("try")
    public RunResult resume(Resumable r, Source src, boolean force, Map<String, Object> params, EngineOptions options,
                            Consumer<Engine> onEngine) throws Refused {
        String recorded = r.history().start().sha256();
        if (recorded != null && !recorded.equals(src.sha256()) && !force) {
            throw new Refused("the runbook " + src.file() + " changed since run " + r.runId() + " started (its copy is "
                    + store.runDir(r.runId()).resolve(RunStore.RUNBOOK_COPY) + "); resuming could run different steps."
                    + " Compare them, then use --force to resume with the current file", false);
        }
        if (shared != null) {
            try (Lease lease = locks.resumeLease(r, src.runbook(), params, options)) {
                return continueShared(r, src, force, params, options, onEngine, lease, null);
            }
        }
        if (rehearsal(r)) {
            // as when it started: a rehearsal changes nothing real, so it takes no runbook lock (trainees may practise side
            // by side), only its own: never two processes writing one journal
            try (RunLock lock = rehearsalLock(r.runId())) {
                return resumeLocked(r, src, force, params, options, onEngine, null, null);
            }
        }
        try (RunLock lock = locks.lock(src.runbook(), params, r.runId())) {
            // under the lock, so the run is not alive: any process of it that still runs was left by a crash
            Optional<String> leftovers = Leftovers.refusal(r.runId(), r.journal().events());
            if (leftovers.isPresent()) throw new Refused(leftovers.get(), false);
            return resumeLocked(r, src, force, params, options, onEngine, null, null);
        }
    }

    /**
     * {@code runbook takeover}: takes the run's lease (once it expired, or from a live holder with {@code forceLease}),
     * journals the handover, then continues as resume does. The runbook is the copy stored with the run.
     */
    public RunResult takeover(Resumable r, Source src, Map<String, Object> params, EngineOptions options, Consumer<Engine> onEngine,
                              String reason, String forceLeaseId) throws Refused {
        if (shared == null) throw new Refused("takeover needs a team state store (--state URL or RUNBOOK_STATE); on one machine use: runbook resume " + r.runId(), false);
        String recorded = r.history().start().sha256();
        if (recorded != null && !recorded.equals(src.sha256())) {
            throw new Refused("the runbook stored with run " + r.runId() + " does not match the hash its journal recorded; it was changed in the store", false);
        }
        Lease lease = locks.takeover(r, src.runbook(), params, options, forceLeaseId);
        try (lease) {
            Lease.Record prev = lease.previous();
            String from = prev != null ? prev.who() : lastHolder(r.journal().events());
            boolean forced = prev != null && !prev.expiredAt(clock.instant());
            return continueShared(r, src, false, params, options, onEngine, lease,
                    new RunEvent.Handover(from, options.user() + "@" + options.host(), reason, forced));
        }
    }

    /** The lease over run {@code r} in the team store, if any (what a forced takeover asks the operator to confirm). */
    public Optional<Lease.Record> leaseOf(Resumable r, Runbook rb, Map<String, Object> params) {
        return locks.leaseOf(r, rb, params);
    }

    /** user@host of whoever last started or continued the run, as its journal says. */
    static String lastHolder(java.util.List<RunEvent> events) {
        return ResumeInspector.lastHolder(events);
    }

    /** Under the lease: the local copy made current again (the previous holder may have written more), then resume. */
    private RunResult continueShared(Resumable r, Source src, boolean force, Map<String, Object> params, EngineOptions options,
                                     Consumer<Engine> onEngine, Lease lease, RunEvent.Handover handover) throws Refused {
        Resumable current = inspector.current(r);
        Optional<String> leftovers = Leftovers.refusal(r.runId(), current.journal().events());
        if (leftovers.isPresent()) throw new Refused(leftovers.get(), false);
        return resumeLocked(current, src, force, params, options, onEngine, lease, handover);
    }

    private RunResult resumeLocked(Resumable r, Source src, boolean force, Map<String, Object> params, EngineOptions options,
                                   Consumer<Engine> onEngine, Lease lease, RunEvent.Handover handover) {
        try (Journal journal = Journal.reopen(r.journal(), options.redactor(), clock).key(store.journalKey())) {
            if (shared != null) journal.mirror(shared.mirror(r.runId(), lease));
            if (handover != null) {
                try {
                    journal.append(handover);
                } catch (dev.runbook.journal.JournalException e) {
                    return new RunResult(r.runId(), dev.runbook.journal.RunOutcome.FAILED, e.getMessage(), Map.of(), java.util.List.of(), Map.of());
                }
            }
            Engine engine = new Engine(options);
            onEngine.accept(engine);
            RunRequest req = new RunRequest(r.runId(), src.runbook(), rehearsal(r) ? Mode.REHEARSAL : Mode.EXECUTE, params,
                    src.file().toAbsolutePath().toString(), src.sha256(), r.history(), force, r.history().start().incident(),
                    r.history().start().scenario());
            return engine.run(req, journal);
        }
    }

    /** A rehearsal's own lock (see {@link RunStore#runLock}); refused while another process still runs it. */
    private RunLock rehearsalLock(String runId) throws Refused {
        try {
            return store.runLock(runId, "pid " + ProcessHandle.current().pid());
        } catch (RunLock.Held e) {
            throw new Refused("rehearsal " + runId + " is still running" + (e.holder().isBlank() ? "" : " (" + e.holder() + ")")
                    + " in another terminal; end it there (answer its question, or Ctrl-C), then resume it", true);
        }
    }

    /** Whether the run to resume is a rehearsal: its actions must be the simulator's (see Rehearsal.Staged#replay). */
    public static boolean rehearsal(Resumable r) {
        return Mode.REHEARSAL.id().equals(r.history().start().mode());
    }
}
