package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * Everything that happens in a run, in the order it happens. The journal stores each one as a JSON line
 * ({@code type} names the record), {@code --output json} streams the same lines, and the terminal renders them.
 * Values are plain (Map/List/String/Long/Double/Boolean); secrets are redacted where events are written.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RunEvent.RunStarted.class, name = "run.start"),
    @JsonSubTypes.Type(value = RunEvent.RunResumed.class, name = "run.resume"),
    @JsonSubTypes.Type(value = RunEvent.ApprovalRequired.class, name = "run.approval-required"),
    @JsonSubTypes.Type(value = RunEvent.InDoubtDecision.class, name = "step.in-doubt"),
    @JsonSubTypes.Type(value = RunEvent.StepPlanned.class, name = "step.plan"),
    @JsonSubTypes.Type(value = RunEvent.GateAnswered.class, name = "gate.answer"),
    @JsonSubTypes.Type(value = RunEvent.StepStarted.class, name = "step.start"),
    @JsonSubTypes.Type(value = RunEvent.StepProgress.class, name = "step.progress"),
    @JsonSubTypes.Type(value = RunEvent.StepProcess.class, name = "step.process"),
    @JsonSubTypes.Type(value = RunEvent.StepAccepted.class, name = "step.accepted"),
    @JsonSubTypes.Type(value = RunEvent.StepRetrying.class, name = "step.retry"),
    @JsonSubTypes.Type(value = RunEvent.StepFinished.class, name = "step.end"),
    @JsonSubTypes.Type(value = RunEvent.OperatorText.class, name = "operator.text"),
    @JsonSubTypes.Type(value = RunEvent.FailureChoice.class, name = "failure.choice"),
    @JsonSubTypes.Type(value = RunEvent.Interrupted.class, name = "run.interrupt"),
    @JsonSubTypes.Type(value = RunEvent.RollbackStarted.class, name = "rollback.start"),
    @JsonSubTypes.Type(value = RunEvent.UndoStarted.class, name = "undo.start"),
    @JsonSubTypes.Type(value = RunEvent.UndoFinished.class, name = "undo.end"),
    @JsonSubTypes.Type(value = RunEvent.RollbackFinished.class, name = "rollback.end"),
    @JsonSubTypes.Type(value = RunEvent.RunFinished.class, name = "run.end"),
    @JsonSubTypes.Type(value = RunEvent.Handover.class, name = "run.handover"),
    @JsonSubTypes.Type(value = RunEvent.Unlocked.class, name = "run.unlock"),
    @JsonSubTypes.Type(value = RunEvent.Escalated.class, name = "run.escalate"),
    @JsonSubTypes.Type(value = RunEvent.EscalationNotice.class, name = "escalation.notify"),
    @JsonSubTypes.Type(value = RunEvent.Identity.class, name = "run.identity"),
})
public sealed interface RunEvent {

    /** Only journaled events are fsynced; progress lines are for the terminal. */
    default boolean journaled() {
        return true;
    }

    /**
     * @param mode       execute, dry-run, offline or rehearsal
     * @param params     parameter values, secret ones replaced by ***
     * @param secrets    names of the secret parameters (never their values)
     * @param incident   the incident this run belongs to ({@code --incident INC-123}), or null
     * @param scenario   the scenario a rehearsal runs on; absent for every other mode
     */
    record RunStarted(String runId, String runbook, String title, String severity, String responseTarget, String path,
                      String sha256, Map<String, Object> params, List<String> secrets, String user, String host,
                      String mode, int parallel, String incident, String scenario) implements RunEvent {
        /** A run that belongs to no incident. */
        public RunStarted(String runId, String runbook, String title, String severity, String responseTarget, String path,
                          String sha256, Map<String, Object> params, List<String> secrets, String user, String host,
                          String mode, int parallel) {
            this(runId, runbook, title, severity, responseTarget, path, sha256, params, secrets, user, host, mode, parallel, null, null);
        }

        /** A run that is not a rehearsal. */
        public RunStarted(String runId, String runbook, String title, String severity, String responseTarget, String path,
                          String sha256, Map<String, Object> params, List<String> secrets, String user, String host,
                          String mode, int parallel, String incident) {
            this(runId, runbook, title, severity, responseTarget, path, sha256, params, secrets, user, host, mode, parallel, incident, null);
        }
    }

    record RunResumed(String runId, String user, String host, String sha256, boolean forced) implements RunEvent {}

    /** A non-interactive run stopped before its first mutating call; each entry says what would approve it. */
    record ApprovalRequired(List<Approval> steps) implements RunEvent {
        /**
         * @param effect the step's effective effect (its undo's when that is higher)
         * @param undo   what its undo would do ("write (shell)") when that raises the effect, else null
         */
        public record Approval(String step, String effect, String phase, String how, String undo) {
            public Approval(String step, String effect, String phase, String how) {
                this(step, effect, phase, how, null);
            }
        }
    }

    /** On resume: what the operator decided about a step that started but never finished (rerun, done, abort). */
    record InDoubtDecision(String step, String decision, Via via, String user) implements RunEvent {}

    /**
     * The read-only plan of a mutating step, shown at the gate and recorded by a dry run; {@code kind} says whether
     * it previews a change or records a read step a dry run did not run (renderers decide by it, never by the text).
     *
     * @param uses    the action (a step a dry run only planned has no {@code step.start} to say it); null in older journals
     * @param subject what the call works on, in words, from its action's metadata ({@code ActionSpec.subjectOf}); may be null
     */
    record StepPlanned(String step, String summary, Map<String, Object> before, Map<String, Object> after,
                       String target, List<String> details, PlanKind kind, String uses, String subject) implements RunEvent {
        public StepPlanned {
            // journals written before the field was there only recorded changes this way
            if (kind == null) kind = PlanKind.CHANGE;
        }

        public StepPlanned(String step, String summary, Map<String, Object> before, Map<String, Object> after, String target,
                           List<String> details, PlanKind kind) {
            this(step, summary, before, after, target, details, kind, null, null);
        }

        public StepPlanned(String step, String summary, Map<String, Object> before, Map<String, Object> after, String target,
                           List<String> details) {
            this(step, summary, before, after, target, details, PlanKind.CHANGE);
        }
    }

    /** What a {@link StepPlanned} is: a change previewed (at a gate, or by a dry run), or a read a dry run did not run. */
    enum PlanKind {
        @com.fasterxml.jackson.annotation.JsonProperty("change") CHANGE,
        @com.fasterxml.jackson.annotation.JsonProperty("not-run") NOT_RUN
    }

    /**
     * @param answer  approve, skip or abort
     * @param via     terminal, --yes, --approve, --answers or non-interactive
     * @param shown   what the operator saw: the plan summary and the confirm text
     */
    record GateAnswered(String step, String effect, GateAnswer answer, Via via, String user, String shown) implements RunEvent {}

    /**
     * Written and fsynced before the action is called.
     *
     * @param subject what the call works on, in words, from its action's metadata ({@code ActionSpec.subjectOf}: a
     *                resource's name, {@code local shell: kubectl}); null in older journals
     */
    record StepStarted(String step, String phase, String title, String uses, String effect, int attempt,
                       Map<String, Object> args, String subject) implements RunEvent {
        public StepStarted(String step, String phase, String title, String uses, String effect, int attempt, Map<String, Object> args) {
            this(step, phase, title, uses, effect, attempt, args, null);
        }
    }

    record StepProgress(String step, String message) implements RunEvent {
        @Override
        public boolean journaled() {
            return false;
        }
    }

    /**
     * A process a step (or its undo) started: the leader of a session of its own, so {@code pid} is also its process
     * group and session id. Fsynced before the process may run; {@code started} (the leader's start time) tells a
     * later pid reuse apart. Resume refuses to run anything while a process of such a session is alive.
     */
    record StepProcess(String step, long pid, String started, String command) implements RunEvent {}

    /**
     * The provider accepted work of a step that goes on without runbook (an LRO, a restore, a rotation). Fsynced. From
     * here on, unless the step ends succeeded, it is in doubt: resume checks on the operation and offers to wait for it
     * instead of starting a second one.
     */
    record StepAccepted(String step, String kind, String id, String description) implements RunEvent {}

    record StepRetrying(String step, int attempt, int attempts, long delayMs, String error) implements RunEvent {}

    /**
     * @param reason  why a step was skipped or planned ("condition is false", "skipped at the gate")
     * @param errorKind what kind of failure it was (null unless the step failed or was cancelled)
     * @param reach   how the provider was not reached when the step failed that way (null otherwise): it checked nothing
     */
    record StepFinished(String step, String phase, StepStatus status, Map<String, Object> outputs,
                        Map<String, Object> before, long elapsedMs, String reason, String error, ErrorKind errorKind,
                        String hint, Reach reach) implements RunEvent {

        public StepFinished(String step, String phase, StepStatus status, Map<String, Object> outputs, Map<String, Object> before,
                            long elapsedMs, String reason, String error, ErrorKind errorKind, String hint) {
            this(step, phase, status, outputs, before, elapsedMs, reason, error, errorKind, hint, null);
        }

        /** A step that failed without reaching its provider (see {@link Reach}): it checked nothing. */
        public boolean unreached() {
            return status == StepStatus.FAILED && reach != null;
        }
    }

    /** Text shown to the operator by a step (message, manual instructions). */
    record OperatorText(String step, String title, String text) implements RunEvent {}

    /** retry, skip, abort or rollback after a failure. */
    record FailureChoice(String step, String choice, Via via, String user) implements RunEvent {}

    record Interrupted(String reason) implements RunEvent {}

    /**
     * The rollback saga begins: {@code undo} lists the steps to undo, last change first. A resumed rollback writes
     * it again with the undos still to do; readers treat a second start while one is open as its continuation.
     */
    record RollbackStarted(String reason, List<String> undo) implements RunEvent {}

    /** Written and fsynced before the compensating action is called. */
    record UndoStarted(String step, String uses, Map<String, Object> args) implements RunEvent {}

    /** How the undo of {@code step} ended; {@code error} says why it failed or was not confirmed. */
    record UndoFinished(String step, UndoStatus status, long elapsedMs, String error) implements RunEvent {}

    record RollbackFinished(boolean ok) implements RunEvent {}

    /**
     * @param message the run's last words to the operator
     * @param causes  the steps whose failure stopped the run, which {@code message} tells (a renderer lists the other
     *                failures itself and never looks for step names in the message); empty in journals written before
     *                the field was there, where renderers list every failure
     */
    record RunFinished(RunOutcome outcome, long elapsedMs, String message, List<String> causes) implements RunEvent {
        public RunFinished {
            causes = causes == null ? List.of() : List.copyOf(causes);
        }

        public RunFinished(RunOutcome outcome, long elapsedMs, String message) {
            this(outcome, elapsedMs, message, List.of());
        }
    }

    /**
     * The run changed hands ({@code runbook takeover}): {@code from} and {@code to} are user@host, {@code reason} the
     * operator's words; {@code forced} when the previous holder's lease had not expired.
     */
    record Handover(String from, String to, String reason, boolean forced) implements RunEvent {}

    /** The run's lock was released by hand ({@code runbook unlock LOCK_ID}); its holder, if alive, stops. */
    record Unlocked(String lock, String holder, String user, String host) implements RunEvent {}

    /**
     * The runbook's {@code escalation:} threshold {@code after} passed while the run went on: escalate to {@code to}.
     * {@code elapsedMs} counts from the run's first start (a resumed run's clock does not restart).
     */
    record Escalated(String after, String to, long elapsedMs) implements RunEvent {}

    /**
     * Posting the escalation of threshold {@code after} to its {@code notify:} webhook: {@code status} POSTING before
     * the post (fsynced), then POSTED or FAILED; NOT_POSTED in a dry run or rehearsal ({@code reason} says why, {@code
     * text} is what would have been sent); UNKNOWN on resume for a post cut short. {@code text} is the message as sent
     * (secrets redacted); the URL is never recorded. {@code httpStatus} and {@code attempts} when it was posted;
     * {@code error} and {@code hint} when it failed.
     */
    record EscalationNotice(String after, String to, NoticeStatus status, String format, String text, Long httpStatus,
                            Long attempts, String reason, String error, String hint) implements RunEvent {}

    /**
     * Who and where the run acts, for each provider it uses that can tell (Azure: subscription, tenant, principal;
     * AWS: profile, account, region): asked once when a run starts or resumes, before any gate. Journals written
     * before this event existed simply do not have it.
     */
    record Identity(List<Target> targets) implements RunEvent {
        public Identity {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }

        /**
         * @param status  {@code known}; {@code simulated} (a rehearsal); {@code unknown} (the lookup failed: {@code text}
         *                says why); {@code offline} (not asked)
         * @param text    the identity in words, or why it is unknown
         * @param details the identity action's outputs ({@code subscriptionId}, {@code account}, ...); empty unless known
         */
        public record Target(String provider, String status, String text, Map<String, Object> details) {
            public Target {
                details = details == null ? Map.of() : details;
            }

            /** "azure: subscription 'Prod' (…), tenant …, as …"; "aws: unknown (why)"; "aws: offline: not asked". */
            public String line() {
                return switch (status == null ? "" : status) {
                    case "known" -> provider + ": " + text;
                    case "simulated" -> provider + " (simulated): " + text;
                    case "offline" -> provider + ": offline: not asked";
                    default -> provider + ": unknown (" + text + ")";
                };
            }
        }

        /** One line per provider, as shown in the header and at every gate. */
        public List<String> lines() {
            return targets.stream().map(Target::line).toList();
        }
    }
}
