package dev.runbook.rehearse;

import dev.runbook.action.sim.SimEvent;
import dev.runbook.engine.RunListener;
import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Listens to a rehearsal's events and, at the end, compares them with the scenario's expected path. */
public final class DebriefRecorder implements RunListener {
    private final Scenario scenario;
    private final Map<String, StepStatus> status = new LinkedHashMap<>();
    private final Map<String, GateAnswer> gates = new LinkedHashMap<>();
    /** Verify steps whose latest end failed (the run went on past them: skipped by the trainee, or onFailure: continue). */
    private final java.util.Set<String> verifyFailed = new java.util.LinkedHashSet<>();
    private RunEvent.RunFinished finished;

    public DebriefRecorder(Scenario scenario) {
        this.scenario = scenario;
    }

    @Override
    public synchronized void on(String runId, RunEvent event) {
        if (event instanceof RunEvent.StepFinished f) {
            status.put(f.step(), f.status());
            if ("verify".equals(f.phase()) && f.status() == StepStatus.FAILED) verifyFailed.add(f.step());
            else verifyFailed.remove(f.step());
        } else if (event instanceof RunEvent.GateAnswered g) {
            gates.put(g.step(), g.answer());
        } else if (event instanceof RunEvent.RunFinished f) {
            finished = f;
        }
    }

    static Outcome outcomeOf(RunOutcome o) {
        return switch (o) {
            case SUCCEEDED -> Outcome.RESOLVED;
            case ROLLED_BACK -> Outcome.ROLLED_BACK;
            case FAILED, ROLLBACK_FAILED -> Outcome.FAILED;
            case ABORTED, APPROVAL_REQUIRED -> Outcome.ABORTED;
            case INTERRUPTED -> null;
        };
    }

    public synchronized Debrief debrief(RunOutcome fallback, List<SimEvent> world) {
        RunOutcome ro = finished != null ? finished.outcome() : fallback;
        Outcome outcome = outcomeOf(ro);
        Duration elapsed = Duration.ofMillis(finished != null ? finished.elapsedMs() : 0);
        List<String> ran = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        status.forEach((step, st) -> (st == StepStatus.SUCCEEDED || st == StepStatus.FAILED ? ran : skipped).add(step));
        Expectation e = scenario.expect();
        List<String> dev = new ArrayList<>();
        if (ro == RunOutcome.APPROVAL_REQUIRED) {
            dev.add("the run stopped before its first change: no answer for its gates (give --answers or answers: gates: in the scenario)");
        }
        if (e.outcome() != null && e.outcome() != outcome) {
            dev.add("ended " + (outcome == null ? ro.id() : outcome.id()) + ", expected " + e.outcome().id());
        } else if (outcome == Outcome.RESOLVED && !verifyFailed.isEmpty()) {
            // the run "succeeded" only because a failed check was passed over: nothing showed the incident resolved (the
            // end block says "not resolved: a verify check failed"); a trainee must not be told it passed
            dev.add("verify step" + (verifyFailed.size() == 1 ? " '" + verifyFailed.iterator().next() + "'" : "s " + verifyFailed)
                    + " failed and the run went on past it: the incident was not shown resolved");
        }
        for (String s : e.run()) {
            if (!ran.contains(s)) dev.add("step '" + s + "' should have run but " + (status.containsKey(s) ? "was skipped" : "was never reached"));
        }
        for (String s : e.skip()) {
            if (ran.contains(s)) dev.add("step '" + s + "' ran, but this incident needs it skipped");
        }
        for (String s : e.approve()) {
            GateAnswer a = gates.get(s);
            if (a == null) {
                dev.add("the gate of step '" + s + "' should have been approved but was never reached");
            } else if (a != GateAnswer.APPROVE) {
                dev.add("refused step '" + s + "' (" + a + "), which the scenario needs approved");
            }
        }
        for (String s : e.refuse()) {
            if (gates.get(s) == GateAnswer.APPROVE) dev.add("approved step '" + s + "', which the scenario says to refuse");
        }
        if (e.within() != null && elapsed.compareTo(e.within()) > 0) {
            dev.add("took " + Durations.format(truncate(elapsed)) + ", expected within " + Durations.format(e.within()));
        }
        return new Debrief(scenario.id(), outcome, ro.id(), finished != null ? finished.message() : null, elapsed, ran, skipped, gates, dev,
                world.stream().map(SimEvent::toString).toList());
    }

    static Duration truncate(Duration d) {
        return Duration.ofSeconds(d.toSeconds());
    }
}
