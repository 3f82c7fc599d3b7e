package dev.runbook.journal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a journal says happened, replayed for {@code resume}: how each step ended (with its outputs),
 * which steps started but never ended ("in doubt"), and how the run ended, if it did.
 */
public record RunHistory(
        RunEvent.RunStarted start,
        Map<String, StepRecord> steps,
        Set<String> inDoubt,
        Optional<RunOutcome> outcome,
        boolean rollbackUnfinished) {

    /** The last recorded end of a step. */
    public record StepRecord(String step, String phase, StepStatus status, Map<String, Object> outputs,
                             Map<String, Object> before) {}

    public static RunHistory replay(List<RunEvent> events) {
        RunEvent.RunStarted start = null;
        Map<String, StepRecord> steps = new LinkedHashMap<>();
        Set<String> open = new LinkedHashSet<>();
        RunOutcome outcome = null;
        boolean rollbackOpen = false;
        for (RunEvent e : events) {
            if (e instanceof RunEvent.RunStarted s) {
                start = s;
            } else if (e instanceof RunEvent.RunResumed) {
                outcome = null;
            } else if (e instanceof RunEvent.StepStarted s) {
                open.add(s.step());
            } else if (e instanceof RunEvent.StepFinished f) {
                open.remove(f.step());
                steps.put(f.step(), new StepRecord(f.step(), f.phase(), f.status(), orEmpty(f.outputs()), orEmpty(f.before())));
            } else if (e instanceof RunEvent.RollbackStarted) {
                rollbackOpen = true;
            } else if (e instanceof RunEvent.RollbackFinished) {
                rollbackOpen = false;
            } else if (e instanceof RunEvent.RunFinished f) {
                outcome = f.outcome();
            }
        }
        if (start == null) throw new JournalException("the journal has no run.start event");
        return new RunHistory(start, steps, open, Optional.ofNullable(outcome), rollbackOpen);
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }
}
