package dev.runbook.engine;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.NoticeStatus;
import dev.runbook.journal.RunEvent;
import dev.runbook.model.Durations;
import dev.runbook.model.Escalation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Posts an escalation whose threshold has a {@code notify:}, once, off the run's threads (a slow webhook never holds up
 * a step), and journals it: {@code escalation.notify} POSTING (fsynced) before the post leaves, then POSTED or FAILED.
 * A failure is shown and journaled and the run goes on. A dry run, an offline run and a rehearsal post nothing: they
 * journal NOT_POSTED with the text that would have been sent.
 *
 * <p>At most once per threshold, across crash and resume: a resumed run posts a threshold whose {@code run.escalate}
 * is journaled without any notice (it is known not to have been posted), and records a POSTING without a result as
 * UNKNOWN without posting again: runbook stopped between sending and recording, so nobody can tell whether it arrived.
 */
final class EscalationNotices implements AutoCloseable {
    static final String ACTION = "notify.webhook";

    private final RunContext run;
    private final ActionInvoker invoker;
    private final ExecutorService poster = Executors.newSingleThreadExecutor(Threads.daemon("runbook-escalation-post"));
    private final List<Future<?>> pending = new ArrayList<>();
    private final Set<String> handled = new HashSet<>();
    private boolean closing;

    EscalationNotices(RunContext run, ActionInvoker invoker) {
        this.run = run;
        this.invoker = invoker;
    }

    /** The threshold {@code after} ("30m") of the runbook, when it posts. */
    private Optional<Escalation> threshold(String after) {
        for (Escalation t : run.rb.escalation()) {
            if (t.notice() != null && t.after() != null && Durations.format(t.after()).equals(after)) return Optional.of(t);
        }
        return Optional.empty();
    }

    /** {@code run.escalate} was journaled (now, or before a resume with no notice after it): post it, once. */
    void escalated(RunEvent.Escalated e) {
        Optional<Escalation> t = threshold(e.after());
        if (t.isEmpty()) return;
        synchronized (this) {
            if (closing || !handled.add(e.after())) return;
            if (run.req.mode() != Mode.EXECUTE) {
                notPosted(t.get(), e);
                return;
            }
            pending.add(poster.submit(() -> post(t.get(), e)));
        }
    }

    /** On resume: the post of {@code after} began and has no result; it is recorded as unknown, never posted again. */
    void inDoubt(String after, String to, String format) {
        synchronized (this) {
            if (closing || !handled.add(after)) return;
        }
        emit(new RunEvent.EscalationNotice(after, to, NoticeStatus.UNKNOWN, format, null, null, null,
                "runbook stopped while posting it, before the answer was recorded: it may or may not have arrived, and it is not posted again",
                null, "check with " + to + " that they were paged; if not, page them by hand"));
    }

    private void notPosted(Escalation t, RunEvent.Escalated e) {
        String why = switch (run.req.mode()) {
            case DRY_RUN -> "dry run: nothing is posted";
            case OFFLINE -> "offline dry run: nothing is posted";
            case REHEARSAL -> "rehearsal: nothing is posted; a real run would post it";
            case EXECUTE -> throw new IllegalStateException("a real run posts");
        };
        Map<String, Object> args;
        try {
            args = args(t, e);
        } catch (Evaluator.Failure f) {
            emit(new RunEvent.EscalationNotice(e.after(), e.to(), NoticeStatus.NOT_POSTED, null, null, null, null, why,
                    "its notify: could not be rendered: " + f.getMessage(), f.hint()));
            return;
        }
        emit(new RunEvent.EscalationNotice(e.after(), e.to(), NoticeStatus.NOT_POSTED, String.valueOf(args.get("format")),
                String.valueOf(args.get("text")), null, null, why, null, null));
    }

    private void post(Escalation t, RunEvent.Escalated e) {
        Map<String, Object> args;
        Action action;
        ActionSpec spec;
        try {
            args = args(t, e);
        } catch (Evaluator.Failure f) {
            emit(new RunEvent.EscalationNotice(e.after(), e.to(), NoticeStatus.FAILED, null, null, null, null, null,
                    "its notify: could not be rendered: " + f.getMessage(), hintOr(f.hint(), e.to())));
            return;
        }
        String format = String.valueOf(args.get("format"));
        String text = run.redact(String.valueOf(args.get("text")));
        try {
            spec = run.o.actions().spec(ACTION).orElseThrow(() -> new IllegalStateException("no " + ACTION + " in the catalogue"));
            action = run.o.actions().action(ACTION);
        } catch (RuntimeException x) {
            emit(new RunEvent.EscalationNotice(e.after(), e.to(), NoticeStatus.FAILED, format, text, null, null, null,
                    "the notify provider could not be loaded: " + run.redact(String.valueOf(x.getMessage())), hintOr(null, e.to())));
            return;
        }
        // journaled (and fsynced) before the post leaves: a resume that finds it without a result does not post again
        if (!emit(new RunEvent.EscalationNotice(e.after(), e.to(), NoticeStatus.POSTING, format, text, null, null, null, null, null))) return;
        try {
            Result r = invoker.escalationNotice(action, Args.of(args), spec.defaultTimeout());
            Object status = r.outputs().get("status");
            Object attempts = r.outputs().get("attempts");
            emit(new RunEvent.EscalationNotice(e.after(), e.to(), NoticeStatus.POSTED, format, text,
                    status instanceof Number n ? n.longValue() : null, attempts instanceof Number n ? n.longValue() : null, null, null, null));
        } catch (ActionException x) {
            emit(new RunEvent.EscalationNotice(e.after(), e.to(), NoticeStatus.FAILED, format, text, null, null, null,
                    run.redact(x.getMessage()), hintOr(x.hint(), e.to())));
        } catch (RuntimeException x) {
            emit(new RunEvent.EscalationNotice(e.after(), e.to(), NoticeStatus.FAILED, format, text, null, null, null,
                    "posting failed unexpectedly: " + run.redact(String.valueOf(x)), hintOr(null, e.to())));
        }
    }

    private static String hintOr(String hint, String to) {
        String page = "page " + to + " by hand";
        return hint == null || hint.isBlank() ? page : sentence(hint) + "; meanwhile " + page;
    }

    private static String sentence(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** notify.webhook's arguments: the entry's {@code notify:} rendered, its defaults, and a text when it gives none. */
    private Map<String, Object> args(Escalation t, RunEvent.Escalated e) throws Evaluator.Failure {
        Map<String, Object> args = new LinkedHashMap<>();
        Object rendered = run.scope.eval().renderNode(t.notice(), run.scope.scope(), "escalation.notify");
        if (rendered instanceof Map<?, ?> m) m.forEach((k, v) -> args.put(String.valueOf(k), Plain.normalize(v)));
        run.o.actions().spec(ACTION).ifPresent(spec -> RunScope.withDefaults(args, spec));
        args.putIfAbsent("format", "slack");
        if (args.get("text") == null || String.valueOf(args.get("text")).isBlank()) args.put("text", defaultText(e));
        return args;
    }

    /** Who, after how long, which run: enough to act on from a phone. */
    private String defaultText(RunEvent.Escalated e) {
        StringBuilder sb = new StringBuilder();
        sb.append("ESCALATE to ").append(e.to()).append(": ").append(e.after()).append(" have passed since runbook ")
                .append(run.rb.id()).append(" (").append(run.rb.title()).append(") started");
        if (run.rb.severity() != null) sb.append(", ").append(run.rb.severity().name());
        sb.append(".\nrun ").append(run.req.runId()).append(" · ").append(run.o.user()).append('@').append(run.o.host());
        if (run.req.incident() != null && !run.req.incident().isBlank()) sb.append(" · incident ").append(run.req.incident());
        return sb.toString();
    }

    /** False when the run can record nothing more (it was stopped, or its journal failed): then nothing is posted. */
    private boolean emit(RunEvent.EscalationNotice n) {
        try {
            run.emit(n);
            return true;
        } catch (JournalException x) {
            return false;
        }
    }

    /**
     * Before the run's end is journaled: lets a post under way finish (within its timeout) so its result is recorded,
     * and accepts no more.
     */
    void drain(Duration upTo) {
        List<Future<?>> waiting;
        synchronized (this) {
            closing = true;
            waiting = new ArrayList<>(pending);
        }
        long deadline = System.nanoTime() + upTo.toNanos();
        for (Future<?> f : waiting) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception x) {
                // a post that does not finish in time is left in doubt: POSTING is journaled, resume says so
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        poster.shutdownNow();
    }
}
