package dev.runbook.engine;

import dev.runbook.journal.RunEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects every event a run emits. */
final class Recorder implements RunListener {
    final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void on(String runId, RunEvent event) {
        events.add(event);
    }

    <T extends RunEvent> List<T> of(Class<T> type) {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
