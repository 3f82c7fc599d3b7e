package dev.runbook.history;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Findings;
import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.StepStatus;
import dev.runbook.journal.UndoStatus;
import dev.runbook.journal.Via;
import dev.runbook.model.Durations;
import dev.runbook.model.Severity;
import dev.runbook.text.FindingLines;
import dev.runbook.text.StepResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A post-mortem draft built from one run, following the RCA template of the seed runbooks: summary, severity and
 * response time against its target, what the diagnosis found, a timeline of one row per step, the changes made with
 * their approvers, the undos and how they really ended, hand-overs and escalations, communications sent, open
 * questions, and the 5 whys, action items and lessons left for the people in the review.
 *
 * <p>The outcome in words, the changes, the steps skipped at a gate and the undo states are {@link RunDigest}'s, so
 * the report says what the terminal's end block said. Findings are rendered by {@link FindingLines} from each action's
 * {@link Findings} declaration, the rendering under the step lines on screen.
 *
 * @param parameters the run's parameters as journaled ({@code name: value}, secrets redacted)
 * @param actingAs  who and where the run acted, a line per provider ({@code run.identity}), empty when not journaled
 * @param outcome   the outcome as an operator says it ("resolved", "partially resolved", "rolled back", ...)
 * @param findings  every diagnose step that ran or was skipped, in the order they ended
 * @param steps     the condensed timeline: one row per step, undo and run milestone
 * @param timeline  every journaled event, for {@code --timeline full} and JSON
 */
public record PostMortem(RunSummary run, List<String> parameters, List<String> actingAs, String outcome, Response response, List<Finding> findings, List<Row> steps,
                         List<ChangeMade> changes, List<RunDigest.Skipped> skippedAtGate, List<ActionTaken> attempted,
                         List<Timeline.Moment> timeline, List<ActionTaken> actions, List<Timeline.Rollback> rollbacks,
                         List<Timeline.Handover> handovers, List<Timeline.Escalation> escalations,
                         List<Communication> communications, List<String> openQuestions, List<String> whys) {

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
                              String plan, String approvedBy, GateAnswer answer, Via via, String error) {}

    /** A message sent or shown during the run (notify.*, message): what the stakeholders were told. */
    public record Communication(String step, String uses, Instant at, String status, String text) {}

    /**
     * What a diagnose step found: a failed check, a warning (a response with {@code ok: false}), something, nothing; or
     * NOT_CHECKED: it never read (its provider was not reached, or a dry run did not run it), so what it would have found
     * is unknown; or SKIPPED.
     */
    public enum Result { FAILED, WARNING, NOT_CHECKED, FOUND, NOTHING, SKIPPED }

    /**
     * A diagnose step's result: a failed check is a finding, not a failure of the run.
     *
     * @param error what a failed check said (its error's first line), null otherwise
     * @param lines what it found, as on screen under its step line (rows, key fields, a failed response's body)
     */
    public record Finding(String step, String title, String uses, Result result, String error, String reason, List<String> lines) {
        public Finding {
            lines = List.copyOf(lines);
        }
    }

    /**
     * A change made (planned, in a dry run): the step, what it was called on, what its plan said, the values it changed.
     *
     * @param target the step's arguments that name what it changed (its arguments minus the values it set), as journaled
     * @param before the planned values that changed, before; {@code after} the same keys after
     */
    public record ChangeMade(String step, String uses, String target, String what, Map<String, Object> before,
                             Map<String, Object> after, String approvedBy) {}

    /** One row of the condensed timeline: a step, an undo, or a milestone of the run ({@code step} null). */
    public record Row(Instant at, String step, String phase, Duration duration, String result) {}

    /** Columns findings are laid out to in the report (a table wider than this has its cells cut with …). */
    static final int WIDTH = 100;

    static final List<String> WHYS = List.of(
            "Why did the incident happen? (the symptom the users saw)",
            "Why did that happen?",
            "Why did that happen?",
            "Why did that happen?",
            "Why did that happen? (this answer is the root cause)");

    /**
     * @param specs the actions' metadata by {@code uses} name: how a result is summarised (its {@link Findings}), and which
     *              arguments name what a call works on (its required text parameters)
     */
    public static PostMortem of(RunSummary r, JournalReader.Contents contents, Instant detected, Function<String, Optional<ActionSpec>> specs) {
        Timeline t = Timeline.of(r, contents);
        RunDigest digest = RunDigest.of(contents.events());
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
                if (ran && s.mutating() && ("execute".equals(r.mode()) || "rehearsal".equals(r.mode())) && s.started() != null && (first == null || s.started().isBefore(first.started()))) {
                    first = s;
                }
            }
            if (ran && s.uses() != null && (s.uses().startsWith("notify.") || s.uses().equals("message"))) {
                Object text = s.outputs().get("text");
                comms.add(new Communication(s.step(), s.uses(), s.started(), s.status() == null ? "in doubt" : s.status().id(),
                        text == null ? null : String.valueOf(text)));
            }
        }
        Map<String, Timeline.StepRun> byId = new LinkedHashMap<>();
        t.steps().forEach(s -> byId.put(s.step(), s));
        List<ChangeMade> changes = new ArrayList<>();
        for (RunDigest.Change c : digest.changes()) changes.add(change(c, byId.get(c.step()), specs));
        List<ActionTaken> attempted = actions.stream()
                .filter(a -> !"succeeded".equals(a.status()) && !"skipped".equals(a.status()) && !"planned".equals(a.status())
                        && digest.changes().stream().noneMatch(c -> c.step().equals(a.step())))
                .toList();
        Response response = response(r, detected, first);
        List<String> params = t.moments().stream().filter(m -> m.kind() == Timeline.Kind.RUN && m.text().startsWith("run started"))
                .findFirst().map(Timeline.Moment::details).orElse(List.of()).stream()
                .map(d -> d.startsWith("param ") ? d.substring(6) : d).toList();
        // who and where the run acted (run.identity), as last asked (a resume asks again)
        List<String> actingAs = t.moments().stream().filter(m -> m.kind() == Timeline.Kind.RUN && m.text().startsWith("acting as"))
                .reduce((a, b) -> b).map(Timeline.Moment::details).orElse(List.of());
        return new PostMortem(r, params, actingAs, digest.words(), response, findings(t, specs), rows(t), List.copyOf(changes),
                digest.skippedAtGate(), attempted, t.moments(), List.copyOf(actions), t.rollbacks(), t.handovers(), t.escalations(),
                List.copyOf(comms), questions(t, response, actions), WHYS);
    }

    private static ChangeMade change(RunDigest.Change c, Timeline.StepRun s, Function<String, Optional<ActionSpec>> specs) {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        c.before().forEach((k, v) -> {
            if (c.after().containsKey(k) && !java.util.Objects.equals(v, c.after().get(k))) {
                before.put(k, v);
                after.put(k, c.after().get(k));
            }
        });
        c.after().forEach((k, v) -> {
            if (!c.before().containsKey(k)) {
                before.put(k, null);
                after.put(k, v);
            }
        });
        String target = null;
        String who = null;
        String uses = null;
        if (s != null) {
            uses = s.uses();
            // what the call was on, as its action's metadata names it (journaled with the step's start or plan); a journal
            // from before the subject was journaled: the action's subject from its arguments, by the same declaration
            target = s.subject() != null ? s.subject()
                    : s.uses() == null ? null : specs.apply(s.uses()).map(spec -> spec.subjectOf(s.args())).orElse(null);
            if (s.gate() != null) who = s.gate().user() + " (" + s.gate().via() + ")";
        }
        return new ChangeMade(c.step(), uses, target, c.what(), before, after, who);
    }

    private static List<Finding> findings(Timeline t, Function<String, Optional<ActionSpec>> specs) {
        List<Finding> out = new ArrayList<>();
        for (Timeline.StepRun s : t.steps()) {
            if (!"diagnose".equals(s.phase()) || s.status() == null) continue;
            Findings f = s.uses() == null ? Findings.NONE : specs.apply(s.uses()).map(ActionSpec::findings).orElse(Findings.NONE);
            StepResult found = StepResult.of(s.status(), s.reach(), s.outputs());
            List<String> lines = FindingLines.render(f, found, WIDTH, true);
            Result result = found instanceof StepResult.NotChecked ? Result.NOT_CHECKED : switch (s.status()) {
                case FAILED -> Result.FAILED;
                case SKIPPED, CANCELLED -> Result.SKIPPED;
                default -> Boolean.FALSE.equals(s.outputs().get("ok")) ? Result.WARNING : lines.isEmpty() ? Result.NOTHING : Result.FOUND;
            };
            boolean failed = s.status() == StepStatus.FAILED;
            out.add(new Finding(s.step(), s.title(), s.uses(), result, failed ? Values.firstLine(s.error()) : null,
                    result == Result.SKIPPED || result == Result.NOT_CHECKED && !failed ? s.reason() : null, lines));
        }
        // failed checks first, then warnings, then what the others found: the likely cause leads the section
        out.sort(Comparator.comparing(Finding::result));
        return out;
    }

    /** The condensed timeline: a row per step (its last run), per undo, and per milestone of the run, in time order. */
    private static List<Row> rows(Timeline t) {
        RunSummary r = t.run();
        List<Row> rows = new ArrayList<>();
        // the last end of the run is added below with its duration; an earlier one (a run that ended and was resumed) is a
        // milestone of its own, as is each earlier end of a step that ran again after a resume (its last end is its row)
        Timeline.Moment lastEnd = null;
        Map<String, Timeline.Moment> lastStepEnd = new HashMap<>();
        for (Timeline.Moment m : t.moments()) {
            if (m.step() == null && m.kind() == Timeline.Kind.RUN && m.text().startsWith("run ended")) lastEnd = m;
            if (m.step() != null && m.kind() == Timeline.Kind.STEP && !m.text().startsWith("started")) lastStepEnd.put(m.step(), m);
        }
        Map<String, String> phases = new HashMap<>();
        for (Timeline.StepRun s : t.steps()) phases.put(s.step(), s.phase());
        for (Timeline.Moment m : t.moments()) {
            if (m.step() != null) {
                if (m.kind() == Timeline.Kind.STEP && !m.text().startsWith("started") && lastStepEnd.get(m.step()) != m) {
                    rows.add(new Row(m.at(), m.step(), phases.get(m.step()), null, "earlier attempt: " + m.text()));
                }
                continue;
            }
            boolean milestone = switch (m.kind()) {
                case RUN, INTERRUPT, ROLLBACK, GATE -> true;
                default -> false;
            };
            // a finished rollback shows in its undos' rows
            boolean finalEnd = m == lastEnd && r.finished();
            if (milestone && !finalEnd && !m.text().equals("rollback finished") && !m.text().startsWith("acting as")) {
                rows.add(new Row(m.at(), null, null, null, m.text()));
            }
        }
        for (Timeline.StepRun s : t.steps()) {
            Instant at = s.started() != null ? s.started() : s.gate() != null ? s.gate().at() : s.ended();
            if (at == null && s.status() == null) continue; // only planned, never decided
            rows.add(new Row(at, s.step(), s.phase(), s.status() == null || s.status() == StepStatus.SKIPPED ? null : s.duration(), result(s)));
        }
        for (Timeline.Rollback rb : t.rollbacks()) {
            List<String> done = new ArrayList<>();
            for (Timeline.UndoRecord u : rb.undos()) {
                done.add(u.step());
                rows.add(new Row(u.started(), u.step(), "undo", u.status() == UndoStatus.NOTHING ? null : u.duration(),
                        undoText(u.status()) + (u.error() == null ? "" : ": " + Values.firstLine(u.error()))));
            }
            for (String p : rb.planned()) {
                if (!done.contains(p)) rows.add(new Row(null, p, "undo", null, "not reached: the rollback stopped before it"));
            }
        }
        if (r.finished()) {
            rows.add(new Row(r.lastEvent(), null, null, r.duration().orElse(null), "run ended: " + r.status()));
        }
        List<Row> sorted = new ArrayList<>(rows);
        // stable: rows without a time (undos never reached) stay after what came before them
        sorted.sort(Comparator.comparing(Row::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return List.copyOf(sorted);
    }

    private static String result(Timeline.StepRun s) {
        Timeline.GateRecord g = s.gate();
        String gate = g == null ? "" : " · " + (g.answer() == GateAnswer.APPROVE ? "approved" : g.answer()) + " by " + g.user() + " (" + g.via() + ")";
        int retries = s.retries().size();
        String tries = retries == 0 ? "" : " after " + retries + (retries == 1 ? " retry" : " retries");
        if (s.tries() > retries + 1) tries += " (ran " + (s.tries() - retries) + " times)";
        if (s.status() == null) {
            if (s.tries() > 0) return "NO RECORDED END (in doubt: it may have changed something)" + gate;
            return g != null && g.answer() != GateAnswer.APPROVE ? "refused at the gate by " + g.user() + " (" + g.via() + ")" : "not run";
        }
        return switch (s.status()) {
            case SUCCEEDED -> "succeeded" + tries + (s.mutating() && s.plan() != null ? ": " + s.plan() : "") + gate;
            case FAILED -> (s.reach() != null && !s.mutating() ? "not checked: its provider was not reached (" + s.reach().id() + ")"
                    : "diagnose".equals(s.phase()) ? "check failed (a finding)" : "FAILED") + tries + ": " + Values.firstLine(s.error());
            case SKIPPED -> g != null && g.answer() == GateAnswer.SKIP ? "skipped at the gate by " + g.user() + " (" + g.via() + ")"
                    : "skipped" + (s.reason() == null ? "" : ": " + s.reason());
            case PLANNED -> "planned, not run" + (s.plan() != null ? ": " + s.plan() : s.reason() != null ? ": " + s.reason() : "");
            case CANCELLED -> "cancelled" + (s.error() == null ? "" : ": " + Values.firstLine(s.error()));
        };
    }

    static String undoText(UndoStatus st) {
        if (st == null) return "FAILED";
        return switch (st) {
            case UNDONE -> "undone";
            case NOTHING -> "nothing to undo";
            case UNCONFIRMED -> "shown, NOT CONFIRMED";
            case FAILED -> "FAILED";
            case PLANNED -> "planned (dry run)";
        };
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
            if (s.status() == StepStatus.FAILED && s.reach() != null && !s.mutating()) {
                q.add("Step '" + s.step() + "' checked nothing: its provider was not reached (" + Values.firstLine(s.error())
                        + "). What would it have found, and why could runbook not reach it?");
            } else if (s.status() == StepStatus.FAILED && "diagnose".equals(s.phase())) {
                q.add("Step '" + s.step() + "' found: " + Values.firstLine(s.error()) + ". Is that the cause, or a symptom of it?");
            } else if (s.status() == StepStatus.FAILED) {
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
            if (a.answer() == GateAnswer.SKIP || a.answer() == GateAnswer.ABORT) {
                q.add("Step '" + a.step() + "' was " + (a.answer() == GateAnswer.SKIP ? "skipped" : "refused") + " at the gate by "
                        + a.approvedBy() + ": was the change not needed, or was it done another way?");
            }
        }
        for (Timeline.Rollback rb : t.rollbacks()) {
            q.add("What made the rollback necessary (" + Values.firstLine(rb.reason()) + "), and is the system back in its"
                    + " earlier state?");
            for (Timeline.UndoRecord u : rb.undos()) {
                if (u.status() == UndoStatus.FAILED) {
                    q.add("Undoing step '" + u.step() + "' failed (" + Values.firstLine(u.error()) + "): what state was left behind?");
                } else if (u.status() == UndoStatus.UNCONFIRMED) {
                    q.add("The manual undo of step '" + u.step() + "' was shown but nobody confirmed it: was it done?");
                }
            }
        }
        for (Timeline.Escalation x : t.escalations()) {
            q.add("Escalation to " + x.to() + " was due " + x.after() + " into the run: was " + x.to() + " reached, and when?");
        }
        for (Timeline.Handover h : t.handovers()) {
            q.add("The run was handed over from " + h.from() + " to " + h.to() + (h.reason() == null ? "" : " (" + h.reason() + ")")
                    + ": was everything the first operator knew passed on?");
        }
        q.add("Who was affected, for how long, and how did they notice?");
        return List.copyOf(q);
    }
}
