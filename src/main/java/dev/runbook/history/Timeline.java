package dev.runbook.history;

import dev.runbook.journal.ErrorKind;
import dev.runbook.journal.Reach;
import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.Via;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.StepStatus;
import dev.runbook.journal.UndoStatus;
import dev.runbook.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run replayed from its journal: every event as a dated moment, and per step what happened to it. Values are
 * exactly as journaled, so secrets stay redacted. Built only from what the journal holds; when the chain is broken
 * the {@link RunSummary#integrity()} says so and the moments are the readable prefix.
 */
public record Timeline(RunSummary run, List<Moment> moments, List<StepRun> steps, List<GateRecord> gates,
                       List<Decision> decisions, List<Rollback> rollbacks, List<Handover> handovers, List<Escalation> escalations) {

    /** A run with no readable events: its header only. */
    public static Timeline empty(RunSummary run) {
        return new Timeline(run, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The run changed hands ({@code runbook takeover}): from whom, to whom, why, and whether the lease was broken. */
    public record Handover(Instant at, String from, String to, String reason, boolean forced) {}

    /** An {@code escalation:} threshold passed while the run went on. */
    /**
     * An escalation threshold that passed; {@code posted} is how its {@code notify:} post ended as the journal last says
     * (null when the entry has no {@code notify:}), {@code postDetail} the HTTP status, error or reason.
     */
    public record Escalation(Instant at, String after, String to, Duration elapsed, dev.runbook.journal.NoticeStatus posted, String postDetail) {
        Escalation(Instant at, String after, String to, Duration elapsed) {
            this(at, after, to, elapsed, null, null);
        }
    }

    public enum Kind { RUN, PLAN, GATE, STEP, RETRY, OUTPUT, TEXT, DECISION, INTERRUPT, ROLLBACK, UNDO }

    /** One line of the timeline; {@code offset} is the time since the run started. */
    public record Moment(Instant at, Duration offset, Kind kind, String step, String text, List<String> details) {
        public Moment {
            details = List.copyOf(details);
        }
    }

    /** Who answered a gate, what, how and when; {@code shown} is what they saw. */
    public record GateRecord(Instant at, String step, String effect, GateAnswer answer, Via via, String user, String shown) {}

    /** A choice after a failure (retry/skip/abort/rollback) or about an in-doubt step on resume. */
    public record Decision(Instant at, String step, String about, String choice, Via via, String user) {}

    public record RetryRecord(Instant at, int attempt, int attempts, long delayMs, String error) {}

    public record UndoRecord(String step, String uses, Instant started, Duration duration, UndoStatus status, String error) {}

    public record Rollback(Instant at, String reason, List<String> planned, List<UndoRecord> undos, Boolean ok) {
        public Rollback {
            planned = List.copyOf(planned);
            undos = List.copyOf(undos);
        }
    }

    /**
     * What happened to one step (its last run when it ran more than once, e.g. after a resume).
     *
     * @param status   null when the step started but never finished (in doubt)
     * @param tries    every call of the action, retries and reruns included
     * @param reach    how its provider was not reached when it failed that way (it checked nothing), else null
     * @param subject  what the step's call works on, in words (journaled with its start or plan; null in older journals)
     * @param gate     the last gate answer for this step, or null when it had no gate
     */
    public record StepRun(String step, String phase, String title, String uses, String effect, Instant started,
                          Duration duration, StepStatus status, int tries, List<RetryRecord> retries,
                          Map<String, Object> outputs, String reason, String error, ErrorKind errorKind, Reach reach, String hint,
                          String plan, String subject, GateRecord gate, Map<String, Object> args, Map<String, Object> before,
                          Map<String, Object> after, Instant ended) {
        public boolean mutating() {
            return "write".equals(effect) || "destructive".equals(effect);
        }
    }

    public static Timeline of(RunSummary run, JournalReader.Contents contents) {
        return new Builder(run).replay(contents.entries());
    }

    private static final class Builder {
        private final RunSummary run;
        private final List<Moment> moments = new ArrayList<>();
        private final Map<String, StepAcc> steps = new LinkedHashMap<>();
        private final List<GateRecord> gates = new ArrayList<>();
        private final List<Decision> decisions = new ArrayList<>();
        private final List<Rollback> rollbacks = new ArrayList<>();
        private final List<Handover> handovers = new ArrayList<>();
        private final List<Escalation> escalations = new ArrayList<>();
        private RollbackAcc rollback;
        private final Map<String, UndoAcc> undos = new LinkedHashMap<>();
        private Instant origin;

        Builder(RunSummary run) {
            this.run = run;
            this.origin = run.started();
        }

        Timeline replay(List<JournalReader.Entry> entries) {
            for (JournalReader.Entry e : entries) {
                Instant at = RunIndex.instant(e.ts());
                if (origin == null) origin = at;
                on(at, e.event());
            }
            if (rollback != null) rollbacks.add(rollback.build(null));
            List<StepRun> out = new ArrayList<>();
            for (StepAcc a : steps.values()) out.add(a.build());
            return new Timeline(run, List.copyOf(moments), List.copyOf(out), List.copyOf(gates), List.copyOf(decisions),
                    List.copyOf(rollbacks), List.copyOf(handovers), List.copyOf(escalations));
        }

        private void on(Instant at, RunEvent ev) {
            if (ev instanceof RunEvent.RunStarted s) {
                add(at, Kind.RUN, null, "run started by " + s.user() + " on " + s.host()
                    + " (" + s.mode() + (s.scenario() == null ? "" : " of scenario " + s.scenario())
                    + (s.incident() == null ? "" : ", incident " + s.incident()) + ")", params(s.params()));
            } else if (ev instanceof RunEvent.RunResumed r) {
                add(at, Kind.RUN, null, "run resumed by " + r.user() + " on " + r.host()
                    + (r.forced() ? " (forced: the runbook had changed)" : ""), List.of());
            } else if (ev instanceof RunEvent.Handover h) {
                handovers.add(new Handover(at, h.from(), h.to(), h.reason(), h.forced()));
                add(at, Kind.RUN, null, "run handed over from " + h.from() + " to " + h.to()
                    + (h.forced() ? " (forced: the previous holder's lease had not expired)" : " (its lease had expired)"),
                    h.reason() == null ? List.of() : List.of("reason: " + h.reason()));
            } else if (ev instanceof RunEvent.Identity id) {
                if (!id.targets().isEmpty()) add(at, Kind.RUN, null, "acting as (per provider)", id.lines());
            } else if (ev instanceof RunEvent.Escalated x) {
                escalations.add(new Escalation(at, x.after(), x.to(), Duration.ofMillis(x.elapsedMs())));
                add(at, Kind.RUN, null, "escalation due: " + x.after() + " passed, escalate to " + x.to(), List.of());
            } else if (ev instanceof RunEvent.EscalationNotice n) {
                String what = switch (n.status()) {
                    case POSTING -> "posting the escalation to " + n.to();
                    case POSTED -> "escalation posted to " + n.to() + (n.httpStatus() == null ? "" : " (HTTP " + n.httpStatus() + ")");
                    case FAILED -> "escalation NOT posted to " + n.to() + ": " + n.error();
                    case UNKNOWN -> "escalation to " + n.to() + " may not have been posted: " + n.reason();
                    case NOT_POSTED -> "escalation to " + n.to() + " not posted: " + n.reason();
                };
                add(at, Kind.RUN, null, what, n.text() == null ? List.of() : n.text().lines().toList());
                // the threshold's latest post status (a resume may add "unknown" after "posting")
                for (int i = escalations.size() - 1; i >= 0; i--) {
                    Escalation x = escalations.get(i);
                    if (x.after().equals(n.after())) {
                        String detail = switch (n.status()) {
                            case POSTED -> n.httpStatus() == null ? null : "HTTP " + n.httpStatus();
                            case FAILED -> n.error();
                            default -> n.reason();
                        };
                        escalations.set(i, new Escalation(x.at(), x.after(), x.to(), x.elapsed(), n.status(), detail));
                        break;
                    }
                }
            } else if (ev instanceof RunEvent.Unlocked u) {
                add(at, Kind.RUN, null, "lock " + u.lock() + " (held by " + u.holder() + ") released by hand by " + u.user() + " on " + u.host(),
                    List.of());
            } else if (ev instanceof RunEvent.ApprovalRequired a) {
                add(at, Kind.GATE, null,
                    "stopped before any change: approval required", a.steps().stream()
                            .map(x -> x.step() + " (" + x.effect() + "): " + x.how()).toList());
            } else if (ev instanceof RunEvent.InDoubtDecision d) {
                decisions.add(new Decision(at, d.step(), "in-doubt", d.decision(), d.via(), d.user()));
                add(at, Kind.DECISION, d.step(), "in doubt after an interruption: " + d.user() + " chose " + d.decision()
                        + " (" + d.via() + ")", List.of());
            } else if (ev instanceof RunEvent.StepPlanned p) {
                StepAcc planned = step(p.step());
                planned.plan = p.summary();
                planned.before = p.before() == null ? Map.of() : p.before();
                planned.after = p.after() == null ? Map.of() : p.after();
                if (planned.uses == null) planned.uses = p.uses();
                if (p.subject() != null) planned.subject = p.subject();
                List<String> details = new ArrayList<>();
                if (p.target() != null) details.add("target: " + p.target());
                p.before().forEach((k, v) -> details.add("before " + k + ": " + Values.show(v)
                        + (p.after().containsKey(k) ? " -> " + Values.show(p.after().get(k)) : "")));
                details.addAll(p.details());
                add(at, Kind.PLAN, p.step(), "plan: " + p.summary(), details);
            } else if (ev instanceof RunEvent.GateAnswered g) {
                GateRecord r = new GateRecord(at, g.step(), g.effect(), g.answer(), g.via(), g.user(), g.shown());
                gates.add(r);
                step(g.step()).gate = r;
                add(at, Kind.GATE, g.step(), "gate (" + g.effect() + "): " + g.user() + " answered " + g.answer()
                        + " via " + g.via(), List.of());
            } else if (ev instanceof RunEvent.StepStarted s) {
                StepAcc a = step(s.step());
                a.phase = s.phase();
                a.title = s.title();
                a.uses = s.uses();
                a.effect = s.effect();
                a.started = at;
                a.args = s.args() == null ? Map.of() : s.args();
                if (s.subject() != null) a.subject = s.subject();
                a.tries++;
                a.status = null;
                add(at, Kind.STEP, s.step(), "started: " + s.title() + " [" + s.uses() + ", " + s.effect() + "]"
                        + (s.attempt() > 1 ? " (run " + s.attempt() + ")" : ""), List.of());
            } else if (ev instanceof RunEvent.StepRetrying r) {
                StepAcc a = step(r.step());
                a.tries++;
                a.retries.add(new RetryRecord(at, r.attempt(), r.attempts(), r.delayMs(), r.error()));
                add(at, Kind.RETRY, r.step(), "retry " + r.attempt() + "/" + r.attempts() + " in "
                        + Durations.format(Duration.ofMillis(r.delayMs())) + " after: " + Values.firstLine(r.error()), List.of());
            } else if (ev instanceof RunEvent.StepFinished f) {
                finished(at, f);
            } else if (ev instanceof RunEvent.OperatorText t) {
                add(at, Kind.TEXT, t.step(), "shown to the operator"
                    + (t.title() == null ? "" : ": " + t.title()), Values.lines(t.text(), 12));
            } else if (ev instanceof RunEvent.FailureChoice c) {
                decisions.add(new Decision(at, c.step(), "failure", c.choice(), c.via(), c.user()));
                add(at, Kind.DECISION, c.step(), "after the failure: " + c.choice() + " (" + c.user() + " via " + c.via() + ")",
                        List.of());
            } else if (ev instanceof RunEvent.Interrupted i) {
                add(at, Kind.INTERRUPT, null, "interrupted: " + i.reason(), List.of());
            } else if (ev instanceof RunEvent.RollbackStarted r && rollback != null) {
                // a rollback resumed after a crash or an interrupt: the same saga goes on
                add(at, Kind.ROLLBACK, null, "rollback resumed", r.undo() == null || r.undo().isEmpty() ? List.of("no undo left to run")
                        : List.of("undos left, in order: " + String.join(", ", r.undo())));
            } else if (ev instanceof RunEvent.RollbackStarted r) {
                rollback = new RollbackAcc(at, r.reason(), r.undo() == null ? List.of() : r.undo());
                undos.clear();
                add(at, Kind.ROLLBACK, null, "rollback started: " + Values.firstLine(r.reason()),
                        r.undo() == null || r.undo().isEmpty() ? List.of("nothing to undo")
                                : List.of("undo in order: " + String.join(", ", r.undo())));
            } else if (ev instanceof RunEvent.UndoStarted u) {
                undos.put(u.step(), new UndoAcc(u.step(), u.uses(), at));
                add(at, Kind.UNDO, u.step(), "undo started [" + u.uses() + "]", List.of());
            } else if (ev instanceof RunEvent.UndoFinished u) {
                UndoAcc acc = undos.getOrDefault(u.step(), new UndoAcc(u.step(), null, at));
                UndoRecord r = new UndoRecord(u.step(), acc.uses, acc.started, Duration.ofMillis(u.elapsedMs()), u.status(), u.error());
                if (rollback != null) rollback.undos.add(r);
                String error = u.error() == null ? "" : ": " + Values.firstLine(u.error());
                add(at, Kind.UNDO, u.step(), switch (u.status() == null ? UndoStatus.FAILED : u.status()) {
                    case UNDONE -> "undone in " + Texts.duration(r.duration()) + error;
                    case NOTHING -> "nothing to undo";
                    case PLANNED -> "undo planned (dry run)";
                    case UNCONFIRMED -> "undo shown to the operator, NOT CONFIRMED" + error;
                    case FAILED -> "undo FAILED" + error;
                }, List.of());
            } else if (ev instanceof RunEvent.RollbackFinished r) {
                List<String> left = new ArrayList<>();
                if (rollback != null) {
                    for (UndoRecord x : rollback.undos) if (x.status() == UndoStatus.FAILED) left.add("left changed: " + x.step());
                    rollbacks.add(rollback.build(r.ok()));
                }
                rollback = null;
                add(at, Kind.ROLLBACK, null, r.ok() ? "rollback finished"
                        : left.isEmpty() ? "ROLLBACK FAILED: the rollback phase did not complete" : "ROLLBACK FAILED: an undo failed", left);
            } else if (ev instanceof RunEvent.RunFinished f) {
                add(at, Kind.RUN, null, "run ended: " + f.outcome().id()
                    + " after " + Texts.duration(Duration.ofMillis(f.elapsedMs())), Values.lines(f.message(), 6));
            }
        }

        private void finished(Instant at, RunEvent.StepFinished f) {
            StepAcc a = step(f.step());
            if (a.phase == null) a.phase = f.phase();
            a.status = f.status();
            a.ended = at;
            a.duration = Duration.ofMillis(f.elapsedMs());
            a.outputs = f.outputs() == null ? Map.of() : f.outputs();
            a.reason = f.reason();
            a.error = f.error();
            a.errorKind = f.errorKind();
            a.reach = f.status() == StepStatus.FAILED ? f.reach() : null;
            a.hint = f.hint();
            String took = " in " + Texts.duration(a.duration);
            String text = switch (f.status()) {
                case SUCCEEDED -> "succeeded" + took;
                case FAILED -> (f.unreached() ? "FAILED, nothing checked (its provider was not reached: " + f.reach().id() + ")" : "FAILED")
                        + took + ": " + Values.firstLine(f.error()) + (f.errorKind() == null ? "" : " (" + f.errorKind().label() + ")");
                case SKIPPED -> "skipped" + (f.reason() == null ? "" : ": " + f.reason());
                case PLANNED -> "planned (not run)" + (f.reason() == null ? "" : ": " + f.reason());
                case CANCELLED -> "cancelled" + took + (f.error() == null ? "" : ": " + Values.firstLine(f.error()));
            };
            List<String> details = new ArrayList<>(Values.outputs(a.outputs));
            if (f.hint() != null && f.status() == StepStatus.FAILED) details.add("hint: " + f.hint());
            add(at, Kind.STEP, f.step(), text, details);
        }

        private StepAcc step(String id) {
            return steps.computeIfAbsent(id, StepAcc::new);
        }

        private void add(Instant at, Kind kind, String step, String text, List<String> details) {
            Duration offset = at == null || origin == null ? null : Duration.between(origin, at);
            moments.add(new Moment(at, offset, kind, step, text, details));
        }

        private static List<String> params(Map<String, Object> params) {
            if (params == null || params.isEmpty()) return List.of();
            List<String> out = new ArrayList<>();
            params.forEach((k, v) -> out.add("param " + k + ": " + Values.show(v)));
            return out;
        }
    }

    private static final class StepAcc {
        final String id;
        String phase, title, uses, effect, plan, reason, error, hint, subject;
        ErrorKind errorKind;
        Reach reach;
        Instant started, ended;
        Duration duration;
        StepStatus status;
        int tries;
        final List<RetryRecord> retries = new ArrayList<>();
        Map<String, Object> outputs = Map.of();
        Map<String, Object> args = Map.of();
        Map<String, Object> before = Map.of();
        Map<String, Object> after = Map.of();
        GateRecord gate;

        StepAcc(String id) {
            this.id = id;
        }

        StepRun build() {
            return new StepRun(id, phase, title == null ? id : title, uses, effect, started, duration, status, tries,
                    List.copyOf(retries), outputs, reason, error, errorKind, reach, hint, plan, subject, gate, args, before, after, ended);
        }
    }

    private static final class UndoAcc {
        final String step, uses;
        final Instant started;

        UndoAcc(String step, String uses, Instant started) {
            this.step = step;
            this.uses = uses;
            this.started = started;
        }
    }

    private static final class RollbackAcc {
        final Instant at;
        final String reason;
        final List<String> planned;
        final List<UndoRecord> undos = new ArrayList<>();

        RollbackAcc(Instant at, String reason, List<String> planned) {
            this.at = at;
            this.reason = reason;
            this.planned = planned;
        }

        Rollback build(Boolean ok) {
            return new Rollback(at, reason, planned, undos, ok);
        }
    }
}
