package dev.runbook.engine;

import dev.runbook.journal.RunEvent;
import dev.runbook.model.Durations;
import dev.runbook.model.Escalation;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The response clock against the runbook's {@code escalation:} list: once a threshold's {@code after} has passed since
 * the run first started, the run journals (and shows) a {@code run.escalate} event naming who to escalate to, once.
 * A resumed run keeps the first start and the escalations already journaled, so its clock does not restart.
 *
 * <p>Checked at every event (so a rehearsal's simulated time escalates where it passes) and every second (so a run
 * waiting at a gate or on a long step escalates on time). It must be the last listener: the event it adds is seen
 * by the others after the one that made the time pass.
 */
public final class EscalationClock implements RunListener, AutoCloseable {
    private final List<Escalation> thresholds;
    private final InstantSource clock;
    private final Set<String> done = new HashSet<>();
    /** Thresholds journaled before a resume, and the last notice of each (posting, posted, ...). */
    private final java.util.Map<String, RunEvent.Escalated> before = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, RunEvent.EscalationNotice> notices = new java.util.HashMap<>();
    private volatile Instant start;
    private volatile Engine engine;
    private final ScheduledExecutorService ticker;

    /**
     * @param firstStart when the run first started (a resumed run's journal says), or null: at its run.start event
     * @param earlier    the events the run journaled before (escalations already made are not made again)
     */
    public EscalationClock(List<Escalation> thresholds, InstantSource clock, Instant firstStart, List<RunEvent> earlier) {
        this.thresholds = new ArrayList<>(thresholds);
        this.thresholds.sort((a, b) -> a.after().compareTo(b.after()));
        this.clock = clock;
        this.start = firstStart;
        for (RunEvent e : earlier) {
            if (e instanceof RunEvent.Escalated x) {
                done.add(x.after());
                before.putIfAbsent(x.after(), x);
            }
            if (e instanceof RunEvent.EscalationNotice n && n.after() != null) notices.put(n.after(), n);
        }
        if (this.thresholds.isEmpty()) {
            ticker = null;
        } else {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "runbook-escalation");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::check, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** The engine of the run, to journal through; given before it runs. */
    public void engine(Engine e) {
        this.engine = e;
    }

    @Override
    public void on(String runId, RunEvent event) {
        if (event instanceof RunEvent.RunStarted && start == null) start = clock.instant();
        if (event instanceof RunEvent.RunResumed && start == null) start = clock.instant();
        if (event instanceof RunEvent.RunResumed) afterResume();
        if (event instanceof RunEvent.RunFinished) {
            close();
            return;
        }
        if (!(event instanceof RunEvent.Escalated) && !(event instanceof RunEvent.EscalationNotice)) check();
    }

    /**
     * What a resume owes the thresholds journaled before it: one with no notice was never posted (post it now, when it
     * has a notify:); one whose post began and has no result is in doubt (recorded so, never posted again).
     */
    private void afterResume() {
        Engine e = engine;
        if (e == null) return;
        for (RunEvent.Escalated x : before.values()) {
            RunEvent.EscalationNotice last = notices.get(x.after());
            if (last == null) e.escalatedBefore(x);
            else if (last.status() == dev.runbook.journal.NoticeStatus.POSTING) e.escalationInDoubt(x.after(), x.to(), last.format());
        }
    }

    private void check() {
        Instant s = start;
        Engine e = engine;
        if (s == null || e == null) return;
        Duration elapsed = Duration.between(s, clock.instant());
        List<RunEvent.Escalated> due = new ArrayList<>();
        // decided under the lock, journaled outside it: the journal's own lock may be held by the thread that called on()
        synchronized (this) {
            for (Escalation t : thresholds) {
                String after = Durations.format(t.after());
                if (elapsed.compareTo(t.after()) < 0) break;
                if (done.add(after)) due.add(new RunEvent.Escalated(after, t.to(), elapsed.toMillis()));
            }
        }
        for (RunEvent.Escalated x : due) e.escalate(x);
    }

    @Override
    public void close() {
        if (ticker != null) ticker.shutdownNow();
    }
}
