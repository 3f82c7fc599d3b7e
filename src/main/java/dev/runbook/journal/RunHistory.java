package dev.runbook.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a journal says happened, replayed for {@code resume}: how each step ended (with its outputs), which steps
 * started but never ended ("in doubt"), what the gates approved, how far a rollback got, and how the run ended.
 * A finished rollback ends the run even when the crash came before {@code run.end} was written.
 *
 * @param approved  per step, the highest effect a gate approved (its undo runs under that approval)
 * @param rollback  the run's rollback saga, or null when none started
 * @param accepted  per step in doubt, the operation a provider accepted for it and may still be carrying out
 */
public record RunHistory(
        RunEvent.RunStarted start,
        Map<String, StepRecord> steps,
        Set<String> inDoubt,
        Optional<RunOutcome> outcome,
        boolean rollbackUnfinished,
        Map<String, String> approved,
        Rollback rollback,
        Map<String, RunEvent.StepAccepted> accepted) {

    public RunHistory(RunEvent.RunStarted start, Map<String, StepRecord> steps, Set<String> inDoubt, Optional<RunOutcome> outcome,
                      boolean rollbackUnfinished, Map<String, String> approved, Rollback rollback) {
        this(start, steps, inDoubt, outcome, rollbackUnfinished, approved, rollback, Map.of());
    }

    /** The last recorded end of a step; {@code reach} says it failed without reaching its provider (see {@link Reach}). */
    public record StepRecord(String step, String phase, StepStatus status, Map<String, Object> outputs,
                             Map<String, Object> before, Reach reach) {}

    /**
     * A rollback as far as the journal shows it.
     *
     * @param undo         the steps to undo, last change first, as the rollback announced them
     * @param ended        how each undo that ended, ended
     * @param undoInDoubt  undos that started but never ended: they may or may not have reverted their change
     * @param ok           how it finished, or null while unfinished
     */
    public record Rollback(String reason, List<String> undo, Map<String, UndoStatus> ended, Set<String> undoInDoubt, Boolean ok) {
        public boolean finished() {
            return ok != null;
        }
    }

    public static RunHistory replay(List<RunEvent> events) {
        RunEvent.RunStarted start = null;
        Map<String, StepRecord> steps = new LinkedHashMap<>();
        Set<String> open = new LinkedHashSet<>();
        Map<String, String> approved = new LinkedHashMap<>();
        Map<String, RunEvent.StepAccepted> accepted = new LinkedHashMap<>();
        RunOutcome outcome = null;
        String reason = null;
        List<String> undo = null;
        Map<String, UndoStatus> undone = new LinkedHashMap<>();
        Set<String> undoOpen = new LinkedHashSet<>();
        Boolean ok = null;
        for (RunEvent e : events) {
            if (e instanceof RunEvent.RunStarted s) {
                start = s;
            } else if (e instanceof RunEvent.RunResumed) {
                outcome = null;
            } else if (e instanceof RunEvent.StepStarted s) {
                open.add(s.step());
                accepted.remove(s.step());
            } else if (e instanceof RunEvent.StepAccepted a) {
                if (open.contains(a.step())) accepted.put(a.step(), a);
            } else if (e instanceof RunEvent.StepFinished f) {
                // work the provider accepted and may still be doing keeps the step in doubt, however it ended here
                if (f.status() == StepStatus.SUCCEEDED) accepted.remove(f.step());
                if (!accepted.containsKey(f.step())) open.remove(f.step());
                steps.put(f.step(), new StepRecord(f.step(), f.phase(), f.status(), orEmpty(f.outputs()), orEmpty(f.before()), f.reach()));
            } else if (e instanceof RunEvent.GateAnswered g && g.answer() == GateAnswer.APPROVE && g.effect() != null) {
                approved.merge(g.step(), g.effect(), (a, b) -> rank(a) >= rank(b) ? a : b);
            } else if (e instanceof RunEvent.RollbackStarted r) {
                // a second start while one is open is that rollback resumed: what it already did stays done
                if (undo == null || ok != null) {
                    reason = r.reason();
                    undo = r.undo() == null ? List.of() : List.copyOf(r.undo());
                    undone.clear();
                    undoOpen.clear();
                    ok = null;
                }
            } else if (e instanceof RunEvent.UndoStarted u) {
                undoOpen.add(u.step());
            } else if (e instanceof RunEvent.UndoFinished u) {
                undoOpen.remove(u.step());
                undone.put(u.step(), u.status() == null ? UndoStatus.FAILED : u.status());
            } else if (e instanceof RunEvent.RollbackFinished r) {
                ok = r.ok();
            } else if (e instanceof RunEvent.RunFinished f) {
                outcome = f.outcome();
            }
        }
        if (start == null) throw new JournalException("the journal has no run.start event");
        Rollback rollback = undo == null ? null
                : new Rollback(reason, undo, Map.copyOf(undone), Set.copyOf(new ArrayList<>(undoOpen)), ok);
        if (outcome == null && rollback != null && rollback.finished()) {
            outcome = rollback.ok() ? RunOutcome.ROLLED_BACK : RunOutcome.ROLLBACK_FAILED;
        }
        accepted.keySet().retainAll(open);
        return new RunHistory(start, steps, open, Optional.ofNullable(outcome), rollback != null && !rollback.finished(),
                approved, rollback, Map.copyOf(accepted));
    }

    private static int rank(String effect) {
        return switch (effect) {
            case "destructive" -> 2;
            case "write" -> 1;
            default -> 0;
        };
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }
}
