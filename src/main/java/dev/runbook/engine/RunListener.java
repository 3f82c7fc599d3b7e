package dev.runbook.engine;

import dev.runbook.journal.RunEvent;

/**
 * Receives every event of a run (after the journal has it). The terminal renderer and the JSON writer
 * implement it. Called from the engine's threads, one event at a time.
 */
@FunctionalInterface
public interface RunListener {
    void on(String runId, RunEvent event);
}
