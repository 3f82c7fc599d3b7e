package dev.runbook.history;

import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.journal.UndoStatus;
import dev.runbook.journal.Via;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run amounts to for the person who ran it, read from its events (the journal's, or the stream as it
 * happens): the changes it made, the steps skipped at a gate, what the diagnosis found, the undos and how they
 * really ended, and the outcome in words ("resolved", "partially resolved", "rolled back", ...). The terminal's end
 * block, {@code runs show} and the post-mortem all say the same because they all read it here.
 *
 * <p>A failed diagnose step is a finding, not a failure: diagnosing exists to find what is wrong. But only a check that
 * was made finds anything: a read that could not reach its provider (sign-in, connection; {@code step.end}'s
 * {@code reach}) or that a dry run did not run checked nothing, and is listed as not checked, never as a finding nor
 * as a failure. A change is a write or destructive step that succeeded (planned, in a dry run); its line is the plan
 * the gate (or the dry run) showed.
 */
public record RunDigest(String runId, String mode, Optional<RunOutcome> outcome, String message, long elapsedMs,
                        List<Change> changes, List<Skipped> skippedAtGate, List<Finding> findings, List<NotChecked> notChecked,
                        List<Failure> failures, List<Undo> undos, String words) {

    /** A change made (or, in a dry run, planned): the step, what the plan said, and the plan's before → after lines. */
    public record Change(String step, String phase, String effect, String what, Map<String, Object> before, Map<String, Object> after) {}

    /** A step the operator (or --answers) declined at its gate. */
    public record Skipped(String step, String phase, Via via) {}

    /** A diagnose step that failed: what it found. */
    public record Finding(String step, String error) {}

    /**
     * A read that checked nothing: it could not reach its provider ({@code why} is its error), or a dry run did not run
     * it ({@code why} says so). What it would have found is unknown.
     */
    public record NotChecked(String step, String phase, String why, boolean unreached) {}

    /** A step outside diagnose that failed (tolerated or not). */
    public record Failure(String step, String phase, String error) {}

    /** An undo and its true status; {@code error} says why it failed or was not confirmed. */
    public record Undo(String step, UndoStatus status, String error) {}

    public RunDigest {
        changes = List.copyOf(changes);
        skippedAtGate = List.copyOf(skippedAtGate);
        findings = List.copyOf(findings);
        notChecked = List.copyOf(notChecked);
        failures = List.copyOf(failures);
        undos = List.copyOf(undos);
    }

    /** A run that succeeded but skipped a change at a gate or tolerated a failure: "partially resolved". */
    public boolean partial() {
        return partial(mode, outcome, skippedAtGate, failures);
    }

    /** A run that succeeded, but a verify step could not check (its provider was not reached): "resolved, not verified". */
    public boolean unverified() {
        return unverified(mode, outcome, notChecked);
    }

    private static boolean unverified(String mode, Optional<RunOutcome> outcome, java.util.Collection<NotChecked> notChecked) {
        boolean dry = "dry-run".equals(mode) || "offline".equals(mode);
        return outcome.isPresent() && outcome.get() == RunOutcome.SUCCEEDED && !dry
                && notChecked.stream().anyMatch(n -> "verify".equals(n.phase()));
    }

    private static boolean partial(String mode, Optional<RunOutcome> outcome, java.util.Collection<Skipped> skipped,
                                   java.util.Collection<Failure> failures) {
        boolean dry = "dry-run".equals(mode) || "offline".equals(mode);
        boolean resolveSkipped = skipped.stream().anyMatch(s -> !"rollback".equals(s.phase()));
        return outcome.isPresent() && outcome.get() == RunOutcome.SUCCEEDED && !dry && (resolveSkipped || !failures.isEmpty());
    }

    /**
     * Whether a run that succeeded can be called resolved without a qualifier (a verify check passed, nothing skipped at
     * a gate, nothing tolerated): the end block marks anything less with "!", not "✓". Derived from {@link #words}, the
     * one place that decides.
     */
    public boolean resolvedWithoutDoubt() {
        return "resolved".equals(words);
    }

    public boolean dryRun() {
        return "dry-run".equals(mode) || "offline".equals(mode);
    }

    public static RunDigest of(List<RunEvent> events) {
        String runId = null;
        String mode = "execute";
        RunEvent.RunFinished end = null;
        Map<String, RunEvent.StepPlanned> plans = new LinkedHashMap<>();
        Map<String, String> effects = new LinkedHashMap<>();
        Map<String, Change> changes = new LinkedHashMap<>();
        Map<String, Skipped> skipped = new LinkedHashMap<>();
        Map<String, Finding> findings = new LinkedHashMap<>();
        Map<String, NotChecked> notChecked = new LinkedHashMap<>();
        Map<String, Failure> failures = new LinkedHashMap<>();
        Map<String, Undo> undos = new LinkedHashMap<>();
        // the verify steps whose latest end succeeded: something checked that the fix worked
        java.util.Set<String> verified = new java.util.LinkedHashSet<>();
        for (RunEvent e : events) {
            if (e instanceof RunEvent.RunStarted s) {
                runId = s.runId();
                mode = s.mode();
            } else if (e instanceof RunEvent.RunResumed r) {
                runId = r.runId();
                end = null; // a resumed run has not ended until its new run.end
            } else if (e instanceof RunEvent.StepPlanned p) {
                plans.put(p.step(), p);
            } else if (e instanceof RunEvent.GateAnswered g) {
                effects.put(g.step(), g.effect());
                if (g.answer() == GateAnswer.SKIP) {
                    skipped.put(g.step(), new Skipped(g.step(), null, g.via()));
                } else {
                    skipped.remove(g.step());
                }
            } else if (e instanceof RunEvent.StepStarted s) {
                effects.put(s.step(), s.effect());
            } else if (e instanceof RunEvent.StepFinished f) {
                ended(f, mode, plans, effects, changes, skipped, findings, notChecked, failures);
                if ("verify".equals(f.phase()) && f.status() == StepStatus.SUCCEEDED) verified.add(f.step());
                else verified.remove(f.step());
            } else if (e instanceof RunEvent.UndoFinished u) {
                undos.put(u.step(), new Undo(u.step(), u.status() == null ? UndoStatus.FAILED : u.status(), u.error()));
            } else if (e instanceof RunEvent.RunFinished f) {
                end = f;
            }
        }
        Optional<RunOutcome> outcome = Optional.ofNullable(end).map(RunEvent.RunFinished::outcome);
        List<Undo> undoList = new ArrayList<>(undos.values());
        String words = words(mode, outcome, changes.values(), skipped.values(), failures.values(), undoList, notChecked.values(),
                !verified.isEmpty());
        return new RunDigest(runId, mode, outcome, end == null ? null : end.message(), end == null ? 0 : end.elapsedMs(),
                new ArrayList<>(changes.values()), new ArrayList<>(skipped.values()), new ArrayList<>(findings.values()),
                new ArrayList<>(notChecked.values()), new ArrayList<>(failures.values()), undoList, words);
    }

    private static void ended(RunEvent.StepFinished f, String mode, Map<String, RunEvent.StepPlanned> plans, Map<String, String> effects,
                              Map<String, Change> changes, Map<String, Skipped> skipped, Map<String, Finding> findings,
                              Map<String, NotChecked> notChecked, Map<String, Failure> failures) {
        String step = f.step();
        RunEvent.StepPlanned plan = plans.get(step);
        // a change a dry run planned has no step.start to say its effect; its plan says it is a change
        String effect = effects.getOrDefault(step, plan != null && plan.kind() == RunEvent.PlanKind.CHANGE ? null : "read");
        boolean mutating = effect == null || "write".equals(effect) || "destructive".equals(effect);
        boolean dry = "dry-run".equals(mode) || "offline".equals(mode);
        // the latest end of a step is the one that counts (a retried or resumed step ends again)
        changes.remove(step);
        findings.remove(step);
        notChecked.remove(step);
        failures.remove(step);
        if (f.status() == StepStatus.SKIPPED && skipped.containsKey(step)) {
            skipped.put(step, new Skipped(step, f.phase(), skipped.get(step).via()));
            return;
        }
        skipped.remove(step);
        if (mutating && (f.status() == StepStatus.SUCCEEDED || (dry && f.status() == StepStatus.PLANNED))) {
            RunEvent.StepPlanned p = plans.get(step);
            String what = p != null && p.summary() != null ? p.summary() : f.reason();
            Map<String, Object> before = p == null ? Map.of() : p.before();
            Map<String, Object> after = p == null ? Map.of() : p.after();
            if (!dry) {
                // what happened, not what the gate predicted: the values the step recorded overlay the plan's
                before = overlay(before, f.before());
                after = overlay(after, f.outputs());
            }
            changes.put(step, new Change(step, f.phase(), effect, what, before, after));
        } else if (!mutating && f.unreached()) {
            // it could not reach its provider: it checked nothing, so it found nothing (whatever its phase)
            notChecked.put(step, new NotChecked(step, f.phase(), f.error() == null ? "its provider was not reached" : f.error(), true));
        } else if (!mutating && f.status() == StepStatus.PLANNED && dry) {
            notChecked.put(step, new NotChecked(step, f.phase(), f.reason() == null ? "not run (dry run)" : f.reason(), false));
        } else if (f.status() == StepStatus.FAILED) {
            String error = f.error() == null ? "failed" : f.error();
            if ("diagnose".equals(f.phase())) {
                findings.put(step, new Finding(step, error));
            } else {
                failures.put(step, new Failure(step, f.phase(), error));
            }
        }
    }

    /** The plan's values, each replaced by the value the step recorded under the same name (the plan's names only). */
    private static Map<String, Object> overlay(Map<String, Object> planned, Map<String, Object> recorded) {
        if (recorded == null || recorded.isEmpty() || planned.isEmpty()) return planned;
        Map<String, Object> out = new LinkedHashMap<>(planned);
        for (String k : planned.keySet()) {
            if (recorded.containsKey(k) && recorded.get(k) != null) out.put(k, recorded.get(k));
        }
        return out;
    }

    /** The outcome as an operator says it: did the run fix things, partly, not at all, or put them back? */
    static String words(String mode, Optional<RunOutcome> outcome, java.util.Collection<Change> changes,
                        java.util.Collection<Skipped> skipped, java.util.Collection<Failure> failures, List<Undo> undos,
                        java.util.Collection<NotChecked> notChecked, boolean verified) {
        if (outcome.isEmpty()) return "unfinished";
        boolean dry = "dry-run".equals(mode) || "offline".equals(mode);
        boolean unconfirmed = undos.stream().anyMatch(u -> !u.status().reverted() && u.status() != UndoStatus.PLANNED);
        // a run goes on past a failed verify step only when told to (skip, onFailure: continue): the check said the fix
        // did not work, so the run is not "resolved", nor "partially" so
        boolean verifyFailed = failures.stream().anyMatch(f -> "verify".equals(f.phase()));
        return switch (outcome.get()) {
            case SUCCEEDED -> dry ? "dry run: nothing was changed"
                    : verifyFailed ? (changes.isEmpty() ? "not resolved: a verify check failed" : "not resolved: a verify check failed, changes remain")
                    : partial(mode, outcome, skipped, failures) ? "partially resolved"
                    // changes made and nothing checked that they worked (no verify step, or none that ran and passed)
                    : !changes.isEmpty() && !verified && notChecked.stream().noneMatch(n -> "verify".equals(n.phase()))
                            ? "changes made, not verified"
                    : unverified(mode, outcome, notChecked) ? "resolved, not verified"
                    : "resolved";
            // a dry run changed nothing, so it rolled nothing back: it shows the rollback a real run would take
            case ROLLED_BACK -> dry ? "dry run: would roll back; nothing was changed"
                    : unconfirmed ? "rolled back, with undos not confirmed" : "rolled back";
            case ROLLBACK_FAILED -> "rollback failed: changes remain";
            case FAILED -> dry ? "dry run failed: nothing was changed" : changes.isEmpty() ? "not resolved" : "not resolved: changes remain";
            case ABORTED -> dry ? "dry run aborted: nothing was changed" : changes.isEmpty() ? "aborted" : "aborted: changes remain";
            case INTERRUPTED -> "interrupted";
            case APPROVAL_REQUIRED -> "approval required: nothing was changed";
        };
    }
}
