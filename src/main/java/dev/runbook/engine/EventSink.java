package dev.runbook.engine;

import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.RunEvent;
import java.util.List;

/**
 * Where every event of a run goes: first the journal (which fsyncs what precedes a change), then each listener.
 * One event at a time, so the journal's order is the order listeners saw.
 */
final class EventSink {
    private final Journal journal;
    private final List<RunListener> listeners;
    private final String runId;
    private final Object lock = new Object();
    private volatile boolean stopped;

    EventSink(Journal journal, List<RunListener> listeners, String runId) {
        this.journal = journal;
        this.listeners = List.copyOf(listeners);
        this.runId = runId;
    }

    void emit(RunEvent e) {
        synchronized (lock) {
            // after a second Ctrl-C nothing more is journaled, so nothing more may start either
            if (stopped) throw new JournalException("the run was stopped by a second Ctrl-C");
            journal.append(e);
            for (RunListener l : listeners) {
                try {
                    l.on(runId, e);
                } catch (RuntimeException ex) {
                    // a broken renderer must not stop the run; the journal has the event
                }
            }
        }
    }

    /** From now on every emit throws: the process is about to halt and nothing may start unrecorded. */
    void stop() {
        stopped = true;
    }
}
