package dev.runbook.engine;

import dev.runbook.journal.RunHistory;
import dev.runbook.model.Runbook;
import java.util.Map;

/**
 * One run to perform. {@code params} are resolved values (defaults applied, secrets included: they are held
 * in memory only). {@code resume} is the replayed history when continuing an earlier run, else null.
 * {@code incident} tags the run with an incident id ({@code --incident INC-123}) so {@code runs --incident} finds it.
 * {@code scenario} names the scenario of a {@link Mode#REHEARSAL}, else null.
 */
public record RunRequest(String runId, Runbook runbook, Mode mode, Map<String, Object> params, String runbookPath,
                         String runbookSha256, RunHistory resume, boolean forced, String incident, String scenario) {
    public RunRequest {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    public RunRequest(String runId, Runbook runbook, Mode mode, Map<String, Object> params, String runbookPath,
                      String runbookSha256, RunHistory resume, boolean forced) {
        this(runId, runbook, mode, params, runbookPath, runbookSha256, resume, forced, null, null);
    }

    public RunRequest(String runId, Runbook runbook, Mode mode, Map<String, Object> params, String runbookPath,
                      String runbookSha256, RunHistory resume, boolean forced, String incident) {
        this(runId, runbook, mode, params, runbookPath, runbookSha256, resume, forced, incident, null);
    }

    public RunRequest withIncident(String id) {
        return new RunRequest(runId, runbook, mode, params, runbookPath, runbookSha256, resume, forced, id, scenario);
    }

    public static RunRequest of(String runId, Runbook runbook, Mode mode, Map<String, Object> params) {
        return new RunRequest(runId, runbook, mode, params, runbook.source(), null, null, false);
    }

    /** A rehearsal of {@code runbook} on the scenario {@code scenario}. */
    public static RunRequest rehearsal(String runId, Runbook runbook, String scenario, Map<String, Object> params) {
        return new RunRequest(runId, runbook, Mode.REHEARSAL, params, runbook.source(), null, null, false, null, scenario);
    }

    public RunRequest resuming(RunHistory history, boolean force) {
        return new RunRequest(runId, runbook, mode, params, runbookPath, runbookSha256, history, force, incident, scenario);
    }
}
