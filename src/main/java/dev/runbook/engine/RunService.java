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
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs with their files: picks a run id, takes the per-runbook-and-parameters lock, creates (or reopens) the
 * journal, keeps a copy of the runbook beside it, and hands the engine to {@code onEngine} so a signal
 * handler can interrupt it. Resume verifies the journal and the runbook's hash before anything runs.
 */
public final class RunService {
    private final RunStore store;
    private final Clock clock;
    private final SharedState shared;

    public RunService(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.shared = null;
    }

    /**
     * Runs kept in a team store: the lock is a {@link Lease} there, every journal line is mirrored there first (fenced),
     * and the journal is worked on in the store's local copy.
     */
    public RunService(SharedState shared, Clock clock) {
        this.store = shared.local();
        this.clock = clock;
        this.shared = shared;
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
        try (RunLock lock = rehearsal ? null : lock(rb, params, runId)) {
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
        String lockKey = RunStore.lockKey(rb.id(), visible(rb, params));
        String runId = store.newRunId(rb.id(), clock.instant());
        for (int i = 0; i < 10 && (shared.meta(runId).isPresent() || store.exists(runId)); i++) runId = store.newRunId(rb.id(), clock.instant());
        try (Lease lease = lease(lockKey, runId, rb.id(), options)) {
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

    private Lease lease(String lockKey, String runId, String runbook, EngineOptions options) throws Refused {
        try {
            // an expired lease over a run left in the middle is that run's: it is handed over, not run past
            return shared.lock(lockKey, holder(runId, runbook, options), theirs -> !shared.unfinished(theirs.runId()));
        } catch (Lease.Held e) {
            if (e.expired()) throw abandoned(e.holder());
            throw new Refused(e.getMessage() + "; wait for it to finish, or if its machine is gone, once the lease expires: "
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
    private Refused abandoned(Lease.Record h) {
        return new Refused("run " + h.runId() + " was left unfinished by " + h.who() + ": its lease expired at "
                + h.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " without being renewed, so that machine stopped (or lost"
                + " the state store) in the middle of the run (lock id " + h.leaseId() + ").\n"
                + "  To continue it here, with the handover journaled: " + takeoverCommand(h.runId()) + "\n"
                + "  To give it up and start anew: runbook unlock " + h.leaseId() + stateArg(), true);
    }

    private Lease.Record holder(String runId, String runbook, EngineOptions options) {
        return Lease.Record.holder(runId, runbook, options.user(), options.host(), ProcessHandle.current().pid(), shared.identity());
    }

    private static Map<String, Object> visible(Runbook rb, Map<String, Object> params) {
        Map<String, Object> visible = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            Parameter p = rb.parameters().get(k);
            if (p == null || !p.secret()) visible.put(k, v);
        });
        return visible;
    }

    /** What resume needs to know before parameters are resolved: the history and the runbook path recorded. */
    public record Resumable(String runId, JournalReader.Contents journal, RunHistory history, Path runbookFile) {}

    public Resumable inspect(String runId) throws Refused {
        if (shared != null) {
            if (!RunStore.isSafeId(runId) || shared.meta(runId).isEmpty()) {
                throw new Refused("no run '" + runId + "' in " + shared.url() + "; 'runbook runs --state " + shared.url() + "' lists them", false);
            }
            shared.sync(runId, store);
        }
        if (!RunStore.isSafeId(runId) || !store.exists(runId)) {
            throw new Refused("no run '" + runId + "' in " + store.root() + "; 'runbook runs' lists them"
                    + (store.runIds().isEmpty() ? "" : " (latest: " + store.runIds().get(0) + ")"), false);
        }
        JournalReader.Contents contents = JournalReader.read(store.runDir(runId), store.journalKey(), store.headRequired());
        if (!contents.intact()) {
            throw new Refused("the journal of run " + runId + " fails verification, so it cannot be trusted to resume from:\n  "
                    + String.join("\n  ", contents.problems()), false);
        }
        if (contents.events().stream().noneMatch(e -> e instanceof RunEvent.RunStarted)) {
            // a run whose start could not be recorded (a full disk, a crash at its first write) never did anything
            throw JournalException.local("run " + runId + " never started: nothing ran (its journal " + store.runDir(runId).resolve(Journal.FILE)
                    + " has no run.start event" + (contents.events().isEmpty() ? "; it is empty" : "") + "). Start a new run");
        }
        RunHistory h = RunHistory.replay(contents.events());
        // a rehearsal continues on the simulator (the caller stages its scenario again); dry runs have nothing to continue
        if (!h.start().mode().equals(Mode.EXECUTE.id()) && !h.start().mode().equals(Mode.REHEARSAL.id())) {
            throw new Refused("run " + runId + " was a " + h.start().mode() + "; there is nothing to resume, start a new run", false);
        }
        // a run that stopped during its rollback is resumed into that rollback (RollbackSaga); a finished one has ended
        if (h.outcome().isPresent() && !h.outcome().get().resumable()) {
            throw new Refused("run " + runId + " already ended (" + h.outcome().get().id() + "); nothing to resume", false);
        }
        return new Resumable(runId, contents, h, Path.of(h.start().path()));
    }

    /** Non-secret parameter values recorded at the start of the run. */
    public static Map<String, Object> recordedParams(RunHistory h, Runbook rb) {
        Map<String, Object> out = new LinkedHashMap<>();
        h.start().params().forEach((k, v) -> {
            Parameter p = rb.parameters().get(k);
            if (p != null && !p.secret()) out.put(k, Plain.normalize(v));
        });
        return out;
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
            try (Lease lease = resumeLease(r, src.runbook(), params, options)) {
                return continueShared(r, src, force, params, options, onEngine, lease, null);
            }
        }
        if (rehearsal(r)) {
            // as when it started: a rehearsal changes nothing real, so it takes no lock (trainees may practise side by side)
            return resumeLocked(r, src, force, params, options, onEngine, null, null);
        }
        try (RunLock lock = lock(src.runbook(), params, r.runId())) {
            // under the lock, so the run is not alive: any process of it that still runs was left by a crash
            Optional<String> leftovers = Leftovers.refusal(r.runId(), r.journal().events());
            if (leftovers.isPresent()) throw new Refused(leftovers.get(), false);
            return resumeLocked(r, src, force, params, options, onEngine, null, null);
        }
    }

    private Lease resumeLease(Resumable r, Runbook rb, Map<String, Object> params, EngineOptions options) throws Refused {
        String lockKey = lockKey(r, rb, params);
        String me = options.user() + "@" + options.host();
        try {
            // this run's own expired lease: the machine that held it resumes; any other hands it over (journaled)
            return shared.lock(lockKey, holder(r.runId(), rb.id(), options),
                    theirs -> theirs.runId().equals(r.runId()) ? theirs.who().equals(me) : !shared.unfinished(theirs.runId()));
        } catch (Lease.Held e) {
            if (e.expired()) throw abandoned(e.holder());
            if (!e.holder().runId().equals(r.runId())) {
                throw new Refused(e.getMessage() + "; wait for it to finish", true);
            }
            throw new Refused("run " + r.runId() + " is held by " + e.holder().describe() + ": it may still be running there."
                    + " If that machine is gone: " + takeoverCommand(r.runId()) + " (once the lease expires, or with --force)", true);
        }
    }

    private String lockKey(Resumable r, Runbook rb, Map<String, Object> params) {
        return shared.meta(r.runId()).map(SharedState.Meta::lockKey).orElseGet(() -> RunStore.lockKey(rb.id(), visible(rb, params)));
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
        String lockKey = lockKey(r, src.runbook(), params);
        Optional<Lease.Record> now = Lease.read(shared.store(), lockKey);
        if (now.isPresent() && !now.get().runId().equals(r.runId()) && !now.get().expiredAt(clock.instant())) {
            throw new Refused("the lock of run " + r.runId() + " is held by another run: " + now.get().describe()
                    + "; takeover only takes over the run it names", true);
        }
        Lease lease;
        try {
            lease = shared.takeover(lockKey, holder(r.runId(), src.runbook().id(), options), forceLeaseId);
        } catch (Lease.Held e) {
            if (forceLeaseId != null) {
                throw new Refused("run " + r.runId() + " changed hands while you confirmed: it is now held by " + e.holder().describe()
                        + "; nothing was taken over", true);
            }
            throw new Refused("run " + r.runId() + " is held by " + e.holder().describe() + " and its lease has not expired."
                    + " Wait until then, or if that machine is gone for sure: " + takeoverCommand(r.runId()) + " --force", true);
        }
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
        return shared == null ? Optional.empty() : shared.lease(lockKey(r, rb, params));
    }

    /** user@host of whoever last started or continued the run, as its journal says. */
    static String lastHolder(java.util.List<RunEvent> events) {
        String who = "?";
        for (RunEvent e : events) {
            if (e instanceof RunEvent.RunStarted s) who = s.user() + "@" + s.host();
            else if (e instanceof RunEvent.RunResumed s) who = s.user() + "@" + s.host();
            else if (e instanceof RunEvent.Handover h) who = h.to();
        }
        return who;
    }

    /** Under the lease: the local copy made current again (the previous holder may have written more), then resume. */
    private RunResult continueShared(Resumable r, Source src, boolean force, Map<String, Object> params, EngineOptions options,
                                     Consumer<Engine> onEngine, Lease lease, RunEvent.Handover handover) throws Refused {
        shared.sync(r.runId(), store);
        JournalReader.Contents now = JournalReader.read(store.runDir(r.runId()), store.journalKey(), store.headRequired());
        if (!now.intact()) {
            throw new Refused("the journal of run " + r.runId() + " fails verification, so it cannot be trusted to resume from:\n  "
                    + String.join("\n  ", now.problems()), false);
        }
        Resumable current = now.lastSeq() == r.journal().lastSeq() ? r
                : new Resumable(r.runId(), now, RunHistory.replay(now.events()), r.runbookFile());
        if (current != r && current.history().outcome().isPresent() && !current.history().outcome().get().resumable()) {
            throw new Refused("run " + r.runId() + " ended (" + current.history().outcome().get().id() + ") while this machine was getting ready; nothing to resume", false);
        }
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

    /** Whether the run to resume is a rehearsal: its actions must be the simulator's (see Rehearsal.Staged#replay). */
    public static boolean rehearsal(Resumable r) {
        return Mode.REHEARSAL.id().equals(r.history().start().mode());
    }

    private RunLock lock(Runbook rb, Map<String, Object> params, String runId) throws Refused {
        try {
            return store.lock(rb.id(), visible(rb, params), "run " + runId + ", pid " + ProcessHandle.current().pid());
        } catch (RunLock.Held e) {
            throw new Refused(e.getMessage() + "; wait for it to finish or stop it first", true);
        }
    }
}
