package dev.runbook.history;

import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.Via;
import dev.runbook.journal.ErrorKind;
import dev.runbook.journal.Journal;
import dev.runbook.journal.NoticeStatus;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.UndoStatus;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.secret.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes run journals the way the engine does, through the real {@link Journal}, at chosen times. */
final class JournalFixtures {
    static final String SECRET = "s3cr3t-t0ken";
    static final String ROLLED_BACK = "20250131-143000-service-down-a1b2";
    static final String SUCCEEDED = "20250205-091500-cache-flush-c3d4";
    static final String UNFINISHED = "20250110-080000-service-down-e5f6";
    static final String INTERRUPTED = "20250111-080000-cache-flush-0a0b";
    static final String HANDED_OVER = "20250301-020000-db-failover-7c7c";
    static final String RESUMED = "20250402-030000-service-down-9d9d";

    /** A clock the fixture moves by hand. */
    static final class ManualClock extends Clock {
        Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        ManualClock at(String iso) {
            now = Instant.parse(iso);
            return this;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private JournalFixtures() {}

    static Path runDir(Path root, String id) {
        return root.resolve("runs").resolve(id);
    }

    private static Journal journal(Path root, String id, ManualClock clock) {
        Redactor r = new Redactor();
        r.add(SECRET);
        return Journal.create(runDir(root, id), r, clock);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static RunEvent.RunStarted start(String id, String runbook, String title, String sev, String target, String user,
                                             String mode, String incident, Map<String, Object> params) {
        return new RunEvent.RunStarted(id, runbook, title, sev, target, "runbooks/" + runbook + ".yaml", "ab".repeat(32),
                params, List.of("apiKey"), user, "ops-1", mode, 4, incident);
    }

    /** A P0 incident run: a failed check, two approved changes (one retried), a failed verify, a rollback. */
    static void rolledBack(Path root) {
        ManualClock c = new ManualClock(Instant.parse("2025-01-31T14:30:00Z"));
        try (Journal j = journal(root, ROLLED_BACK, c)) {
            j.append(start(ROLLED_BACK, "service-down", "Critical service outage response", "P0", "15m", "alice", "execute",
                    "INC-42", map("app", "fleet-api", "apiKey", "***")));
            j.append(new RunEvent.StepStarted("health", "diagnose", "Check the health endpoint", "http.check", "read", 1,
                    map("url", "https://fleet.example.com/health")));
            c.at("2025-01-31T14:30:02Z");
            j.append(new RunEvent.StepFinished("health", "diagnose", StepStatus.FAILED, map("status", 503L, "ok", false), null,
                    1800, null, "expected status 200, got 503", ErrorKind.PERMANENT, null));
            c.at("2025-01-31T14:30:03Z");
            j.append(new RunEvent.StepStarted("app", "diagnose", "Read the web app's state", "azure.webapp.get", "read", 1,
                    map("name", "fleet-api")));
            c.at("2025-01-31T14:30:04Z");
            j.append(new RunEvent.StepFinished("app", "diagnose", StepStatus.SUCCEEDED,
                    map("state", "Running", "plan", "asp-fleet", "token", SECRET), null, 700, null, null, null, null));
            c.at("2025-01-31T14:31:10Z");
            j.append(new RunEvent.StepPlanned("restart", "restart web app fleet-api", map(), map(), null, List.of()));
            c.at("2025-01-31T14:32:00Z");
            j.append(new RunEvent.GateAnswered("restart", "write", GateAnswer.APPROVE, Via.TERMINAL, "alice",
                    "restart web app fleet-api\nUsers see errors for ~30 s"));
            j.append(new RunEvent.StepStarted("restart", "resolve", "Restart the web app", "azure.webapp.restart", "write", 1,
                    map("name", "fleet-api")));
            c.at("2025-01-31T14:32:05Z");
            j.append(new RunEvent.StepRetrying("restart", 2, 3, 2000, "503 Service Unavailable (throttled)"));
            c.at("2025-01-31T14:32:40Z");
            j.append(new RunEvent.StepFinished("restart", "resolve", StepStatus.SUCCEEDED, map(), map(), 40000, null, null, null, null));
            c.at("2025-01-31T14:33:00Z");
            j.append(new RunEvent.StepPlanned("scale-out", "scale plan asp-fleet from 1 to 3 workers", map("workers", 1L),
                    map("workers", 3L), null, List.of()));
            c.at("2025-01-31T14:33:30Z");
            j.append(new RunEvent.GateAnswered("scale-out", "write", GateAnswer.APPROVE, Via.APPROVE, "bob", "scale plan asp-fleet from 1 to 3 workers"));
            j.append(new RunEvent.StepStarted("scale-out", "resolve", "Scale out the plan", "azure.appservice.plan.scale", "write", 1,
                    map("plan", "asp-fleet", "workers", 3L)));
            c.at("2025-01-31T14:35:00Z");
            j.append(new RunEvent.StepFinished("scale-out", "resolve", StepStatus.SUCCEEDED, map("workers", 3L), map("workers", 1L),
                    90000, null, null, null, null));
            j.append(new RunEvent.StepStarted("notify", "resolve", "Tell #incidents", "notify.webhook", "write", 1,
                    map("url", "***", "text", "Mitigating INC-42: fleet-api restarted and scaled out")));
            c.at("2025-01-31T14:35:01Z");
            j.append(new RunEvent.StepFinished("notify", "resolve", StepStatus.SUCCEEDED,
                    map("status", 200L, "text", "Mitigating INC-42: fleet-api restarted and scaled out"), map(), 300, null, null, null, null));
            c.at("2025-01-31T14:36:00Z");
            j.append(new RunEvent.StepStarted("verify-health", "verify", "Health is back", "http.check", "read", 1,
                    map("url", "https://fleet.example.com/health")));
            c.at("2025-01-31T14:36:05Z");
            j.append(new RunEvent.StepFinished("verify-health", "verify", StepStatus.FAILED, map("status", 500L), null, 5000, null,
                    "expected status 200, got 500", ErrorKind.PERMANENT, "look at the application logs"));
            c.at("2025-01-31T14:37:00Z");
            j.append(new RunEvent.FailureChoice("verify-health", "rollback", Via.TERMINAL, "alice"));
            j.append(new RunEvent.RollbackStarted("step 'verify-health' failed: expected status 200, got 500",
                    List.of("scale-out", "restart")));
            j.append(new RunEvent.UndoStarted("scale-out", "azure.appservice.plan.scale", map("workers", 1L)));
            c.at("2025-01-31T14:38:30Z");
            j.append(new RunEvent.UndoFinished("scale-out", UndoStatus.UNDONE, 90000, null));
            j.append(new RunEvent.UndoFinished("restart", UndoStatus.NOTHING, 0, null));
            j.append(new RunEvent.RollbackFinished(true));
            j.append(new RunEvent.RunFinished(RunOutcome.ROLLED_BACK, 510000,
                    "rolled back after step 'verify-health' failed: expected status 200, got 500"));
        }
    }

    /** A run aborted when a change was throttled (429), then resumed: the change ran again and the run succeeded. */
    static void abortedThenResumed(Path root) {
        ManualClock c = new ManualClock(Instant.parse("2025-04-02T03:00:00Z"));
        try (Journal j = journal(root, RESUMED, c)) {
            j.append(start(RESUMED, "service-down", "Critical service outage response", "P0", "15m", "erin", "execute",
                    "INC-9", map("app", "fleet-api")));
            c.at("2025-04-02T03:01:00Z");
            j.append(new RunEvent.GateAnswered("scale-out", "write", GateAnswer.APPROVE, Via.TERMINAL, "erin", "scale out"));
            j.append(new RunEvent.StepStarted("scale-out", "resolve", "Scale out the plan", "azure.appservice.plan.scale", "write", 1,
                    map("plan", "asp-fleet", "workers", 3L)));
            c.at("2025-04-02T03:01:05Z");
            j.append(new RunEvent.StepFinished("scale-out", "resolve", StepStatus.FAILED, null, map("workers", 1L), 5000, null,
                    "429 Too Many Requests (throttled)", ErrorKind.TRANSIENT, null));
            c.at("2025-04-02T03:01:06Z");
            j.append(new RunEvent.Escalated("1m", "SRE Pager", 66000));
            j.append(new RunEvent.EscalationNotice("1m", "SRE Pager", NoticeStatus.POSTING, "slack", "escalate", null, null, null, null, null));
            j.append(new RunEvent.RunFinished(RunOutcome.ABORTED, 66000, "step 'scale-out' failed: 429 Too Many Requests"));
            c.at("2025-04-02T03:05:00Z");
            j.append(new RunEvent.RunResumed(RESUMED, "erin", "ops-1", "ab".repeat(32), false));
            j.append(new RunEvent.EscalationNotice("1m", "SRE Pager", NoticeStatus.UNKNOWN, "slack", null, null, null,
                    "the run stopped while posting", null, null));
            j.append(new RunEvent.Escalated("5m", "Team lead", 300000));
            j.append(new RunEvent.EscalationNotice("5m", "Team lead", NoticeStatus.POSTED, "slack", "escalate", 200L, 1L, null, null, null));
            j.append(new RunEvent.StepStarted("scale-out", "resolve", "Scale out the plan", "azure.appservice.plan.scale", "write", 2,
                    map("plan", "asp-fleet", "workers", 3L)));
            c.at("2025-04-02T03:05:40Z");
            j.append(new RunEvent.StepFinished("scale-out", "resolve", StepStatus.SUCCEEDED, map("workers", 3L), map("workers", 1L),
                    40000, null, null, null, null));
            j.append(new RunEvent.RunFinished(RunOutcome.SUCCEEDED, 346000, "1 step succeeded"));
        }
    }

    /** A plain successful run of another runbook, without an incident. */
    static void succeeded(Path root) {
        ManualClock c = new ManualClock(Instant.parse("2025-02-05T09:15:00Z"));
        try (Journal j = journal(root, SUCCEEDED, c)) {
            j.append(start(SUCCEEDED, "cache-flush", "Flush the cache", "P2", "4h", "bob", "execute", null, map()));
            j.append(new RunEvent.StepStarted("flush", "resolve", "Flush", "shell", "write", 1, map()));
            c.at("2025-02-05T09:15:12Z");
            j.append(new RunEvent.StepFinished("flush", "resolve", StepStatus.SUCCEEDED, map("exitCode", 0L), map(), 12000, null, null, null, null));
            j.append(new RunEvent.RunFinished(RunOutcome.SUCCEEDED, 12000, "1 step succeeded"));
        }
    }

    /** A run that crashed in the middle of a write step: no run.end, the step in doubt. */
    static void unfinished(Path root) {
        ManualClock c = new ManualClock(Instant.parse("2025-01-10T08:00:00Z"));
        try (Journal j = journal(root, UNFINISHED, c)) {
            j.append(start(UNFINISHED, "service-down", "Critical service outage response", "P0", "15m", "carol", "execute",
                    "INC-7", map()));
            c.at("2025-01-10T08:01:00Z");
            j.append(new RunEvent.StepStarted("restart", "resolve", "Restart the web app", "azure.webapp.restart", "write", 1, map()));
        }
    }

    static void interrupted(Path root) {
        ManualClock c = new ManualClock(Instant.parse("2025-01-11T08:00:00Z"));
        try (Journal j = journal(root, INTERRUPTED, c)) {
            j.append(start(INTERRUPTED, "cache-flush", "Flush the cache", "P2", "4h", "dave", "dry-run", "inc-7", map()));
            c.at("2025-01-11T08:00:30Z");
            j.append(new RunEvent.Interrupted("interrupted by the operator (Ctrl-C)"));
            j.append(new RunEvent.RunFinished(RunOutcome.INTERRUPTED, 30000, "interrupted; continue with: runbook resume " + INTERRUPTED));
        }
    }

    /** Rewrites one journal line in place, the way an editor would (the hash chain then breaks). */
    static void tamper(Path root, String id, String from, String to) throws IOException {
        Path f = runDir(root, id).resolve(Journal.FILE);
        String s = Files.readString(f);
        if (!s.contains(from)) throw new IllegalStateException("fixture does not contain " + from);
        Files.writeString(f, s.replace(from, to));
    }

    /** Leaves half a line at the end, as a crash while writing an event does (head still names the line before). */
    static void tornLine(Path root, String id) throws IOException {
        Path f = runDir(root, id).resolve(Journal.FILE);
        Files.writeString(f, "{\"seq\":99,\"ts\":\"2025-01-10T08:01:05Z\",\"type\":\"step.e", java.nio.file.StandardOpenOption.APPEND);
    }

    /** Cuts whole events off the end, which the head file notices. */
    static void truncate(Path root, String id, int lines) throws IOException {
        Path f = runDir(root, id).resolve(Journal.FILE);
        List<String> all = Files.readAllLines(f);
        Files.write(f, all.subList(0, all.size() - lines));
    }

    static void garbage(Path root, String id) throws IOException {
        Files.createDirectories(runDir(root, id));
        Files.writeString(runDir(root, id).resolve(Journal.FILE), "this is not a journal\n", StandardCharsets.UTF_8);
    }

    /**
     * A night's run that changed hands and escalated, with HTML-looking text in every journaled string (a title, an
     * incident, an error, a response body, a reason), a step skipped at its gate, and a rollback whose undos ended in
     * every way: undone, nothing to undo, shown but not confirmed, failed, and one the rollback never reached.
     */
    static void handedOver(Path root) {
        ManualClock c = new ManualClock(Instant.parse("2025-03-01T02:00:00Z"));
        try (Journal j = journal(root, HANDED_OVER, c)) {
            j.append(start(HANDED_OVER, "db-failover", "Fail over <b>the</b> database", "P1", null, "carol", "execute", "INC-7",
                    map("db", "<script>alert(1)</script>")));
            j.append(new RunEvent.StepStarted("lag", "diagnose", "Replica lag <br> check", "shell", "read", 1, map("argv", List.of("psql"))));
            c.at("2025-03-01T02:00:04Z");
            j.append(new RunEvent.StepFinished("lag", "diagnose", StepStatus.FAILED,
                    map("exitCode", 1L, "stdout", "<html><body>lag 93s</body></html>\nline ```fenced```", "stderr", ""), null,
                    4000, null, "exit 1: <i>lag</i> over 30s", ErrorKind.PERMANENT, null));
            j.append(new RunEvent.StepStarted("conns", "diagnose", "Connections & <u>locks</u>", "http.check", "read", 1, map("url", "http://db/health")));
            c.at("2025-03-01T02:00:05Z");
            j.append(new RunEvent.StepFinished("conns", "diagnose", StepStatus.SUCCEEDED,
                    map("status", 503L, "ok", false, "body", "<h1>Service Unavailable</h1>", "latencyMs", 12L), null, 1000, null, null, null, null));
            j.append(new RunEvent.StepFinished("old-check", "diagnose", StepStatus.SKIPPED, map(), null, 0, "condition false: <when>", null, null, null));
            c.at("2025-03-01T02:20:00Z");
            j.append(new RunEvent.Escalated("15m", "SRE <Team> Pager", 1_200_000));
            c.at("2025-03-01T02:25:00Z");
            j.append(new RunEvent.Handover("carol@ops-1", "dave@ops-2", "carol's shift <ended>", false));
            j.append(new RunEvent.StepPlanned("fence", "fence primary <db-1>", map("fenced", false), map("fenced", true), null, List.of()));
            j.append(new RunEvent.GateAnswered("fence", "write", GateAnswer.APPROVE, Via.TERMINAL, "dave", "fence primary"));
            j.append(new RunEvent.StepStarted("fence", "resolve", "Fence the primary", "shell", "write", 1, map("host", "db-1", "fenced", true)));
            c.at("2025-03-01T02:25:10Z");
            j.append(new RunEvent.StepFinished("fence", "resolve", StepStatus.SUCCEEDED, map("exitCode", 0L), map("fenced", false), 10000, null, null, null, null));
            j.append(new RunEvent.StepPlanned("dns", "point db.example at db-2", map("target", "db-1"), map("target", "db-2"), null, List.of()));
            j.append(new RunEvent.GateAnswered("dns", "write", GateAnswer.APPROVE, Via.TERMINAL, "dave", "point db.example at db-2"));
            j.append(new RunEvent.StepStarted("dns", "resolve", "Switch DNS", "shell", "write", 1, map("zone", "example")));
            c.at("2025-03-01T02:25:20Z");
            j.append(new RunEvent.StepFinished("dns", "resolve", StepStatus.SUCCEEDED, map("exitCode", 0L), map("target", "db-1"), 10000, null, null, null, null));
            j.append(new RunEvent.StepPlanned("cache", "flush the cache", map(), map(), null, List.of()));
            j.append(new RunEvent.GateAnswered("cache", "write", GateAnswer.SKIP, Via.TERMINAL, "dave", "flush the cache"));
            j.append(new RunEvent.StepFinished("cache", "resolve", StepStatus.SKIPPED, map(), map(), 0, "skipped at the gate", null, null, null));
            j.append(new RunEvent.StepPlanned("promote", "promote db-2", map("role", "replica"), map("role", "primary"), null, List.of()));
            j.append(new RunEvent.GateAnswered("promote", "write", GateAnswer.APPROVE, Via.TERMINAL, "dave", "promote db-2"));
            j.append(new RunEvent.StepStarted("promote", "resolve", "Promote the replica", "shell", "write", 1, map("host", "db-2")));
            c.at("2025-03-01T02:26:00Z");
            j.append(new RunEvent.StepFinished("promote", "resolve", StepStatus.SUCCEEDED, map("exitCode", 0L), map("role", "replica"), 40000, null, null, null, null));
            j.append(new RunEvent.StepStarted("check", "verify", "Writes work", "shell", "read", 1, map()));
            c.at("2025-03-01T02:27:00Z");
            j.append(new RunEvent.StepFinished("check", "verify", StepStatus.FAILED, map("exitCode", 2L), null, 60000, null,
                    "exit 2: ERROR: <read-only transaction>", ErrorKind.PERMANENT, null));
            j.append(new RunEvent.FailureChoice("check", "rollback", Via.TERMINAL, "dave"));
            j.append(new RunEvent.RollbackStarted("step 'check' failed: <read-only>", List.of("promote", "dns", "fence", "lag")));
            j.append(new RunEvent.UndoStarted("promote", "shell", map()));
            c.at("2025-03-01T02:28:00Z");
            j.append(new RunEvent.UndoFinished("promote", UndoStatus.FAILED, 60000, "exit 1: <cannot demote>"));
            j.append(new RunEvent.UndoStarted("dns", "manual", map()));
            j.append(new RunEvent.UndoFinished("dns", UndoStatus.UNCONFIRMED, 1000, "the operator did not confirm <it>"));
            j.append(new RunEvent.UndoStarted("fence", "shell", map()));
            c.at("2025-03-01T02:28:30Z");
            j.append(new RunEvent.UndoFinished("fence", UndoStatus.UNDONE, 30000, null));
            j.append(new RunEvent.RollbackFinished(false));
            j.append(new RunEvent.RunFinished(RunOutcome.ROLLBACK_FAILED, 1_710_000, "rollback failed: undo of 'promote' failed <x>"));
        }
    }

    static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }
}
