package dev.runbook.engine;

import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.state.SharedState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a run can be resumed, before anything is locked or run: it exists (in the team store, copied to this
 * machine), its journal verifies, it started, it was a real run, and it has not ended. Under the lease it is read
 * again ({@link #current}), since the previous holder may have written more.
 */
final class ResumeInspector {
    private final RunStore store;
    private final SharedState shared;

    ResumeInspector(RunStore store, SharedState shared) {
        this.store = store;
        this.shared = shared;
    }

    RunService.Resumable inspect(String runId) throws RunService.Refused {
        if (shared != null) {
            if (!RunStore.isSafeId(runId) || shared.meta(runId).isEmpty()) {
                throw new RunService.Refused("no run '" + runId + "' in " + shared.url() + "; 'runbook runs --state " + shared.url() + "' lists them", false);
            }
            shared.sync(runId, store);
        }
        if (!RunStore.isSafeId(runId) || !store.exists(runId)) {
            throw new RunService.Refused("no run '" + runId + "' in " + store.root() + "; 'runbook runs' lists them"
                    + (store.runIds().isEmpty() ? "" : " (latest: " + store.runIds().get(0) + ")"), false);
        }
        JournalReader.Contents contents = verified(runId);
        if (contents.events().stream().noneMatch(e -> e instanceof RunEvent.RunStarted)) {
            // a run whose start could not be recorded (a full disk, a crash at its first write) never did anything
            throw JournalException.local("run " + runId + " never started: nothing ran (its journal " + store.runDir(runId).resolve(Journal.FILE)
                    + " has no run.start event" + (contents.events().isEmpty() ? "; it is empty" : "") + "). Start a new run");
        }
        RunHistory h = RunHistory.replay(contents.events());
        // a rehearsal continues on the simulator (the caller stages its scenario again); dry runs have nothing to continue
        if (!h.start().mode().equals(Mode.EXECUTE.id()) && !h.start().mode().equals(Mode.REHEARSAL.id())) {
            String was = h.start().mode().equals(Mode.OFFLINE.id()) ? "an offline dry run"
                    : h.start().mode().equals(Mode.DRY_RUN.id()) ? "a dry run" : "a '" + h.start().mode() + "' run";
            throw new RunService.Refused("run " + runId + " was " + was + ": it changed nothing, so there is nothing to resume;"
                    + " start a new run (runbook exec " + h.start().runbook() + " ...)", false);
        }
        // a run that stopped during its rollback is resumed into that rollback (RollbackSaga); a finished one has ended
        if (h.outcome().isPresent() && !h.outcome().get().resumable()) {
            throw new RunService.Refused("run " + runId + " already ended (" + h.outcome().get().id() + "); nothing to resume", false);
        }
        return new RunService.Resumable(runId, contents, h, Path.of(h.start().path()));
    }

    /**
     * Under the team store's lease: the local copy made current again and read anew; {@code r} itself when nobody wrote
     * since, refused when the run ended meanwhile.
     */
    RunService.Resumable current(RunService.Resumable r) throws RunService.Refused {
        shared.sync(r.runId(), store);
        JournalReader.Contents now = verified(r.runId());
        RunService.Resumable current = now.lastSeq() == r.journal().lastSeq() ? r
                : new RunService.Resumable(r.runId(), now, RunHistory.replay(now.events()), r.runbookFile());
        if (current != r && current.history().outcome().isPresent() && !current.history().outcome().get().resumable()) {
            throw new RunService.Refused("run " + r.runId() + " ended (" + current.history().outcome().get().id()
                    + ") while this machine was getting ready; nothing to resume", false);
        }
        return current;
    }

    private JournalReader.Contents verified(String runId) throws RunService.Refused {
        JournalReader.Contents contents = JournalReader.read(store.runDir(runId), store.journalKey(), store.headRequired());
        if (!contents.intact()) {
            throw new RunService.Refused("the journal of run " + runId + " fails verification, so it cannot be trusted to resume from:\n  "
                    + String.join("\n  ", contents.problems()), false);
        }
        return contents;
    }

    /** Non-secret parameter values recorded at the start of the run. */
    static Map<String, Object> recordedParams(RunHistory h, Runbook rb) {
        Map<String, Object> out = new LinkedHashMap<>();
        h.start().params().forEach((k, v) -> {
            Parameter p = rb.parameters().get(k);
            if (p != null && !p.secret()) out.put(k, Plain.normalize(v));
        });
        return out;
    }

    /** user@host of whoever last started or continued the run, as its journal says. */
    static String lastHolder(List<RunEvent> events) {
        String who = "?";
        for (RunEvent e : events) {
            if (e instanceof RunEvent.RunStarted s) who = s.user() + "@" + s.host();
            else if (e instanceof RunEvent.RunResumed s) who = s.user() + "@" + s.host();
            else if (e instanceof RunEvent.Handover h) who = h.to();
        }
        return who;
    }
}
