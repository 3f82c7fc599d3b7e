package dev.runbook.engine;

import dev.runbook.journal.RunHistory;
import dev.runbook.model.Runbook;
import java.util.Map;

/**
 * One run to perform. {@code params} are resolved values (defaults applied, secrets included: they are held
 * in memory only). {@code resume} is the replayed history when continuing an earlier run, else null.
 */
public record RunRequest(String runId, Runbook runbook, Mode mode, Map<String, Object> params, String runbookPath,
                         String runbookSha256, RunHistory resume, boolean forced) {
    public RunRequest {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    public static RunRequest of(String runId, Runbook runbook, Mode mode, Map<String, Object> params) {
        return new RunRequest(runId, runbook, mode, params, runbook.source(), null, null, false);
    }

    public RunRequest resuming(RunHistory history, boolean force) {
        return new RunRequest(runId, runbook, mode, params, runbookPath, runbookSha256, history, force);
    }
}
