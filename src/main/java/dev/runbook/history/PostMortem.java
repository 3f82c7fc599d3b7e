package dev.runbook.history;

import dev.runbook.model.Durations;
import dev.runbook.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A post-mortem draft built from one run, following the RCA template of the seed runbooks: summary, severity and
 * response time against its target, timeline, actions taken with their approvers, what was rolled back,
 * communications sent, open questions, and the 5 whys, action items and lessons left for the people in the review.
 */
public record PostMortem(RunSummary run, Response response, List<Timeline.Moment> timeline, List<ActionTaken> actions,
                         List<Timeline.Rollback> rollbacks, List<Communication> communications, List<String> openQuestions,
                         List<String> whys) {

    /**
     * Response time against the severity's target. {@code origin} is when the clock starts: the detection time
     * given with {@code --detected}, else the start of the run (runbook cannot know when the alert fired).
     *
     * @param firstChange      when the first write/destructive step started, null when nothing was changed
     * @param withinTarget     null when there is no target or no change
     * @param resolved         when the run ended successfully, null otherwise
     */
    public record Response(String severity, String label, Duration target, Instant origin, String originKind,
                           Instant firstChange, String firstChangeStep, Duration toFirstChange, Boolean withinTarget,
                           Instant resolved, Duration toResolved) {}

    /** A step that changed (or was approved to change) something, with who let it through. */
    public record ActionTaken(String step, String title, String uses, String effect, Instant at, String status,
                              String plan, String approvedBy, String answer, String via, String error) {}

    /** A message sent or shown during the run (notify.*, message): what the stakeholders were told. */
    public record Communication(String step, String uses, Instant at, String status, String text) {}

    static final List<String> WHYS = List.of(
            "Why did the incident happen? (the symptom the users saw)",
            "Why did that happen?",
            "Why did that happen?",
            "Why did that happen?",
            "Why did that happen? (this answer is the root cause)");

    public static PostMortem of(Timeline t, Instant detected) {
        RunSummary r = t.run();
        List<ActionTaken> actions = new ArrayList<>();
        List<Communication> comms = new ArrayList<>();
        Timeline.StepRun first = null;
        for (Timeline.StepRun s : t.steps()) {
            boolean ran = s.tries() > 0;
            Timeline.GateRecord g = s.gate();
            if (s.mutating() || g != null) {
                String status = s.status() != null ? s.status().id() : ran ? "in doubt" : "not run";
                actions.add(new ActionTaken(s.step(), s.title(), s.uses(), s.effect() != null || g == null ? s.effect() : g.effect(),
                        s.started() != null || g == null ? s.started() : g.at(), status, s.plan(), g == null ? null : g.user(),
                        g == null ? null : g.answer(), g == null ? null : g.via(), s.error()));
                // a damaged journal may have a step's end without its start: it cannot be placed in time, so it is not the first change
                if (ran && s.mutating() && "execute".equals(r.mode()) && s.started() != null && (first == null || s.started().isBefore(first.started()))) {
                    first = s;
                }
            }
            if (ran && s.uses() != null && (s.uses().startsWith("notify.") || s.uses().equals("message"))) {
                Object text = s.outputs().get("text");
                comms.add(new Communication(s.step(), s.uses(), s.started(), s.status() == null ? "in doubt" : s.status().id(),
                        text == null ? null : String.valueOf(text)));
            }
        }
        Response response = response(r, detected, first);
        return new PostMortem(r, response, t.moments(), List.copyOf(actions), t.rollbacks(), List.copyOf(comms),
                questions(t, response, actions), WHYS);
    }

    private static Response response(RunSummary r, Instant detected, Timeline.StepRun first) {
        Optional<Severity> sev = Optional.ofNullable(r.severity()).flatMap(Severity::parse);
        Duration target = Optional.ofNullable(r.responseTarget()).flatMap(Durations::parse)
                .or(() -> sev.map(Severity::responseTarget)).orElse(null);
        Instant origin = detected != null ? detected : r.started();
        String kind = detected != null ? "detection" : "run start";
        Instant change = first == null ? null : first.started();
        Duration toChange = change == null || origin == null ? null : Duration.between(origin, change);
        Boolean within = target == null || toChange == null ? null : toChange.compareTo(target) <= 0;
        boolean ok = r.outcome().map(o -> o == dev.runbook.journal.RunOutcome.SUCCEEDED).orElse(false);
        Instant resolved = ok ? r.lastEvent() : null;
        Duration toResolved = resolved == null || origin == null ? null : Duration.between(origin, resolved);
        return new Response(r.severity(), sev.map(Severity::label).orElse(null), target, origin, kind, change,
                first == null ? null : first.step(), toChange, within, resolved, toResolved);
    }

    private static List<String> questions(Timeline t, Response resp, List<ActionTaken> actions) {
        RunSummary r = t.run();
        List<String> q = new ArrayList<>();
        if (r.integrity() != Integrity.INTACT) {
            q.add("The journal's hash chain does not verify (" + String.join("; ", r.problems())
                    + "). Who changed it, and what is missing from this record?");
        }
        if (!r.finished()) {
            q.add("The run has no recorded end (" + r.status() + "): was it abandoned, did it crash, or is it still running?");
        }
        if ("run start".equals(resp.originKind())) {
            q.add("When was the problem detected, and when did the alert fire? runbook only knows when this run started"
                    + " (regenerate with --detected TIME to measure the response from detection).");
        }
        if (Boolean.FALSE.equals(resp.withinTarget())) {
            q.add("The first change came " + Texts.duration(resp.toFirstChange()) + " after " + resp.originKind()
                    + ", over the " + resp.severity() + " target of " + Durations.format(resp.target()) + ": what delayed it?");
        }
        for (Timeline.StepRun s : t.steps()) {
            if (s.status() == dev.runbook.journal.StepStatus.FAILED) {
                q.add("Why did step '" + s.step() + "' fail? (" + Values.firstLine(s.error()) + ")");
            } else if (s.status() == null && s.tries() > 0) {
                q.add("Step '" + s.step() + "' started but its end was never recorded: did it change anything?");
            }
        }
        for (Timeline.Decision d : t.decisions()) {
            if ("in-doubt".equals(d.about()) && !"undecided".equals(d.choice())) {
                q.add("Step '" + d.step() + "' was in doubt after an interruption and " + d.user() + " chose '" + d.choice()
                        + "': was that right, and what did the step actually change?");
            }
        }
        for (ActionTaken a : actions) {
            if ("skip".equals(a.answer()) || "abort".equals(a.answer())) {
                q.add("Step '" + a.step() + "' was " + (a.answer().equals("skip") ? "skipped" : "refused") + " at the gate by "
                        + a.approvedBy() + ": was the change not needed, or was it done another way?");
            }
        }
        for (Timeline.Rollback rb : t.rollbacks()) {
            q.add("What made the rollback necessary (" + Values.firstLine(rb.reason()) + "), and is the system back in its"
                    + " earlier state?");
            for (Timeline.UndoRecord u : rb.undos()) {
                if (u.status() == dev.runbook.journal.UndoStatus.FAILED) {
                    q.add("Undoing step '" + u.step() + "' failed (" + Values.firstLine(u.error()) + "): what state was left behind?");
                } else if (u.status() == dev.runbook.journal.UndoStatus.UNCONFIRMED) {
                    q.add("The manual undo of step '" + u.step() + "' was shown but nobody confirmed it: was it done?");
                }
            }
        }
        q.add("Who was affected, for how long, and how did they notice?");
        return List.copyOf(q);
    }
}
