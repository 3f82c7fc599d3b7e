package dev.runbook.state;

import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.secret.Redactor;
import java.nio.file.Path;

/** Appends one event to a run in the store from outside the run ({@code runbook unlock}), continuing its hash chain. */
final class RunEventWriter {
    private RunEventWriter() {}

    static void append(SharedState shared, String runId, RunEvent event) {
        for (int attempt = 1; ; attempt++) {
            Path dir = shared.sync(runId, shared.view());
            JournalReader.Contents c = JournalReader.read(dir);
            if (!c.intact()) {
                throw new StoreException(StoreException.Kind.CORRUPT, "the journal of run " + runId + " fails verification: " + String.join("; ", c.problems()));
            }
            try (Journal j = Journal.reopen(c, new Redactor(), shared.clock()).mirror(shared.mirror(runId, null))) {
                j.append(event);
                return;
            } catch (JournalException e) {
                // the run wrote its next event first: read it and try again behind it
                if (attempt >= 5) throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot journal in run " + runId + ": " + e.getMessage(), e);
            }
        }
    }
}
