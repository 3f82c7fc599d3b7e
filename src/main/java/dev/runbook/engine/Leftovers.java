package dev.runbook.engine;

import dev.runbook.action.process.ProcessTable;
import dev.runbook.journal.RunEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Processes that steps of an earlier run started (journaled as {@code step.process}) and that still live. A run that
 * died leaves none when its sessions' watchers did their work; one that is left may still be making its step's
 * change, so resume must not run that step again (nor anything else) until it is gone.
 */
final class Leftovers {
    private Leftovers() {}

    record Survivor(String step, ProcessTable.Entry process) {}

    static List<Survivor> of(List<RunEvent> events) {
        Map<Long, RunEvent.StepProcess> sessions = new LinkedHashMap<>();
        for (RunEvent e : events) {
            if (e instanceof RunEvent.StepProcess p) sessions.put(p.pid(), p);
        }
        List<Survivor> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (RunEvent.StepProcess p : sessions.values()) {
            for (ProcessTable.Entry e : ProcessTable.survivors(p.pid(), instant(p.started()))) {
                if (e.pid() != self) out.add(new Survivor(p.step(), e));
            }
        }
        return out;
    }

    /** Why resume must wait, naming each process and what to do; empty when nothing of the run lives. */
    static Optional<String> refusal(String runId, List<RunEvent> events) {
        List<Survivor> left = of(events);
        if (left.isEmpty()) return Optional.empty();
        StringBuilder sb = new StringBuilder("run " + runId + " cannot be resumed yet: processes its steps started are still running");
        for (Survivor s : left) {
            sb.append("\n  step ").append(s.step()).append(": pid ").append(s.process().pid()).append(" (").append(s.process().command())
                    .append("), process group ").append(s.process().pgid());
        }
        long first = left.get(0).process().pgid();
        sb.append("\nThey may still be making their step's change, so running the step again now could make it twice."
                + " Wait for them to end, or stop them (e.g. kill -TERM -- -").append(first).append("), then resume again.");
        return Optional.of(sb.toString());
    }

    private static Instant instant(String s) {
        if (s == null) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
