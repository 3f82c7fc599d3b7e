package dev.runbook.engine;

import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.RunLock;
import dev.runbook.journal.RunStore;
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

    public RunService(RunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
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
        String runId = store.newRunId(rehearsal ? rb.id() + "-rehearsal" : rb.id(), clock.instant());
        try (RunLock lock = rehearsal ? null : lock(rb, params, runId)) {
            Path dir = store.runDir(runId);
            try (Journal journal = Journal.create(dir, options.redactor(), clock)) {
                Files.write(dir.resolve(RunStore.RUNBOOK_COPY), src.bytes());
                Engine engine = new Engine(options);
                onEngine.accept(engine);
                RunRequest req = new RunRequest(runId, rb, mode, params, src.file().toAbsolutePath().toString(), src.sha256(), null, false,
                        incident, scenario);
                return engine.run(req, journal);
            } catch (IOException e) {
                throw new Refused("cannot write the run record in " + dir + ": " + e.getMessage(), false);
            }
        }
    }

    /** What resume needs to know before parameters are resolved: the history and the runbook path recorded. */
    public record Resumable(String runId, JournalReader.Contents journal, RunHistory history, Path runbookFile) {}

    public Resumable inspect(String runId) throws Refused {
        if (!RunStore.isSafeId(runId) || !store.exists(runId)) {
            throw new Refused("no run '" + runId + "' in " + store.root() + "; 'runbook runs' lists them"
                    + (store.runIds().isEmpty() ? "" : " (latest: " + store.runIds().get(0) + ")"), false);
        }
        JournalReader.Contents contents = JournalReader.read(store.runDir(runId));
        if (!contents.intact()) {
            throw new Refused("the journal of run " + runId + " fails verification, so it cannot be trusted to resume from:\n  "
                    + String.join("\n  ", contents.problems()), false);
        }
        RunHistory h = RunHistory.replay(contents.events());
        if (!h.start().mode().equals(Mode.EXECUTE.id())) {
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
        try (RunLock lock = lock(src.runbook(), params, r.runId())) {
            // under the lock, so the run is not alive: any process of it that still runs was left by a crash
            Optional<String> leftovers = Leftovers.refusal(r.runId(), r.journal().events());
            if (leftovers.isPresent()) throw new Refused(leftovers.get(), false);
            return resumeLocked(r, src, force, params, options, onEngine);
        }
    }

    private RunResult resumeLocked(Resumable r, Source src, boolean force, Map<String, Object> params, EngineOptions options,
                                   Consumer<Engine> onEngine) {
        try (Journal journal = Journal.reopen(r.journal(), options.redactor(), clock)) {
            Engine engine = new Engine(options);
            onEngine.accept(engine);
            RunRequest req = new RunRequest(r.runId(), src.runbook(), Mode.EXECUTE, params, src.file().toAbsolutePath().toString(),
                    src.sha256(), r.history(), force);
            return engine.run(req, journal);
        }
    }

    private RunLock lock(Runbook rb, Map<String, Object> params, String runId) throws Refused {
        Map<String, Object> visible = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            Parameter p = rb.parameters().get(k);
            if (p == null || !p.secret()) visible.put(k, v);
        });
        try {
            return store.lock(rb.id(), visible, "run " + runId + ", pid " + ProcessHandle.current().pid());
        } catch (RunLock.Held e) {
            throw new Refused(e.getMessage() + "; wait for it to finish or stop it first", true);
        }
    }
}
