package dev.runbook.engine;

import dev.runbook.journal.StepStatus;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the run has done so far, in memory: how each step ended, the changes a rollback would undo (in the order
 * they were made), which steps a dry run only planned, attempts and time spent at gates. Restored from the
 * journal on resume. Every query is proportional to what it returns, never to the runbook's size per step.
 */
final class RunLedger {
    private final Runbook rb;
    private final Map<String, StepState> ended = new ConcurrentHashMap<>();
    private final List<String> changes = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> planned = ConcurrentHashMap.newKeySet();
    /** Reads a dry run could not do (they failed): what uses their outputs is planned with values unknown until run. */
    private final Map<String, FailedRead> failedReads = new ConcurrentHashMap<>();
    /** Steps that failed without reaching their provider (sign-in, connection): they checked nothing. */
    private final Set<String> unreached = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> gateWait = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    RunLedger(Runbook rb) {
        this.rb = rb;
    }

    void end(String step, StepState state) {
        ended.put(step, state);
        if (state.status() == StepStatus.PLANNED) planned.add(step);
        else planned.remove(step);
    }

    /** Whether the step's last end was a failure to reach its provider (the latest end of a step is the one that counts). */
    void unreached(String step, boolean unreachedNow) {
        if (unreachedNow) unreached.add(step);
        else unreached.remove(step);
    }

    StepState get(String step) {
        return ended.get(step);
    }

    boolean ended(String step) {
        return ended.containsKey(step);
    }

    /** A resolve step made (or, in a dry run, planned) a change that rollback undoes, last change first. */
    void changed(String step) {
        changes.add(step);
    }

    List<String> undoOrder() {
        List<String> ids;
        synchronized (changes) {
            ids = new ArrayList<>(changes);
        }
        Collections.reverse(ids);
        return ids;
    }

    /** Steps a dry run planned instead of running (their outputs are predictions). */
    Set<String> planned() {
        return Collections.unmodifiableSet(planned);
    }

    /**
     * A read of a dry run that failed, and the run went on planning without its outputs: a read step, or the plan of a
     * change ({@code what}: "restart's plan").
     */
    record FailedRead(String what, String step, String onFailure, boolean reach, String error) {}

    void failedRead(FailedRead r) {
        failedReads.put(r.step(), r);
    }

    /**
     * Steps whose outputs a dry run does not know: planned instead of run (their outputs are predictions), or reads
     * that failed (their outputs are unknown until run). A step whose arguments use them is planned, not run.
     */
    Set<String> notKnown() {
        if (failedReads.isEmpty()) return planned();
        Set<String> all = new java.util.HashSet<>(planned);
        all.addAll(failedReads.keySet());
        return Collections.unmodifiableSet(all);
    }

    boolean failedRead(String step) {
        return failedReads.containsKey(step);
    }

    /** The failed reads of a dry run, in the runbook's order. */
    List<FailedRead> failedReads() {
        List<FailedRead> out = new ArrayList<>();
        for (Step s : rb.allSteps()) {
            FailedRead r = failedReads.get(s.id());
            if (r != null) out.add(r);
        }
        return out;
    }

    int nextAttempt(String step) {
        return attempts.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
    }

    void waitedAtGate(String step, Duration d) {
        gateWait.merge(step, d, Duration::plus);
    }

    /** Time the step's operator spent at gates (taken off its elapsed time), forgotten once read. */
    Duration takeGateWait(String step) {
        Duration d = gateWait.remove(step);
        return d == null ? Duration.ZERO : d;
    }

    Map<String, StepStatus> statuses() {
        Map<String, StepStatus> out = new LinkedHashMap<>();
        ended.forEach((k, v) -> out.put(k, v.status()));
        return out;
    }

    Map<String, Map<String, Object>> outputs() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Step s : rb.allSteps()) {
            StepState st = ended.get(s.id());
            if (st != null) out.put(s.id(), st.outputs());
        }
        return out;
    }

    /** Mutating resolve steps that a dry run planned instead of executing, in run order. */
    List<String> plannedChanges(List<Step> resolveInOrder, Effects effects) {
        List<String> out = new ArrayList<>();
        for (Step r : resolveInOrder) {
            if (planned.contains(r.id()) && effects.own(r).mutates()) out.add(r.id());
        }
        return out;
    }

    String summary(boolean dry) {
        Map<StepStatus, Integer> counts = new LinkedHashMap<>();
        int findings = 0;
        int notChecked = 0;
        for (Step s : rb.allSteps()) {
            StepState st = ended.get(s.id());
            if (st != null && st.status() == StepStatus.FAILED && unreached.contains(s.id())) {
                // it could not reach its provider: it found nothing, and nothing is known (not a finding, not a check)
                notChecked++;
            } else if (st != null && st.status() == StepStatus.FAILED && s.phase() == dev.runbook.model.Phase.DIAGNOSE) {
                // a diagnose check that failed is a finding (what diagnosing is for), not a failure of the run
                findings++;
            } else if (st != null) {
                counts.merge(st.status(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k.id()));
        if (findings > 0) parts.add(findings + (findings == 1 ? " finding" : " findings"));
        if (notChecked > 0) parts.add(notChecked + " not checked (provider not reached)");
        String verb = dry ? "dry run finished" : "run succeeded";
        return verb + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    boolean anyFailed(List<Step> steps) {
        for (Step s : steps) {
            StepState st = ended.get(s.id());
            if (st != null && st.status() == StepStatus.FAILED) return true;
        }
        return false;
    }
}
