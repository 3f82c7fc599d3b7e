package dev.runbook.state;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code runbook state check}: proves a store keeps the promises a team store needs before anyone relies on it. Every
 * key it writes is under {@code check/<random>/} (and one lock, {@code locks/check-<random>.json}), and is deleted
 * at the end. Some S3-compatible stores accept {@code If-None-Match: *} and ignore it: the second create of the same
 * key then succeeds, and the store is refused.
 */
public final class StoreCheck {
    /** One finding: what was checked, whether it held, and what was seen. */
    public record Finding(String check, boolean ok, String detail) {}

    /** @param acquireMs median lock acquire (create of a lease record), @param appendMs median journal append (conditional create) */
    public record Report(String store, List<Finding> findings, double acquireMs, double appendMs, int samples) {
        public boolean safe() {
            return findings.stream().allMatch(Finding::ok);
        }
    }

    private final ObjectStore store;
    private final Clock clock;
    private final String scratch = "check/" + UUID.randomUUID().toString().substring(0, 12) + "/";
    private final List<Finding> findings = new ArrayList<>();

    public StoreCheck(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    private void add(String check, boolean ok, String detail) {
        findings.add(new Finding(check, ok, detail));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public Report run(int samples) {
        double acquire = Double.NaN;
        double append = Double.NaN;
        try {
            if (permissions()) {
                conditionalCreate();
                staleReplace();
                race();
                lease();
                acquire = acquireLatency(samples);
                append = appendLatency(samples);
            }
        } catch (StoreException e) {
            add("store answers", false, e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
        } finally {
            cleanUp();
        }
        return new Report(store.describe(), List.copyOf(findings), acquire, append, samples);
    }

    private boolean permissions() {
        String key = scratch + "probe";
        byte[] bytes = b("runbook state check " + clock.instant());
        Optional<String> v = store.createIfAbsent(key, bytes);
        if (v.isEmpty()) {
            add("create", false, "a new key " + key + " was refused as existing");
            return false;
        }
        Optional<ObjectStore.Blob> back = store.get(key);
        boolean read = back.isPresent() && Arrays.equals(back.get().bytes(), bytes);
        boolean listed = store.list(scratch).contains(key);
        boolean deleted = store.delete(key, null) && store.get(key).isEmpty();
        add("permissions", read && listed && deleted, "create, read" + (read ? "" : " (FAILED: not read back as written)")
                + ", list" + (listed ? "" : " (FAILED: not listed)") + ", delete" + (deleted ? "" : " (FAILED: still there)") + " under " + scratch);
        return read && listed && deleted;
    }

    private void conditionalCreate() {
        String key = scratch + "twice";
        store.createIfAbsent(key, b("first"));
        Optional<String> second = store.createIfAbsent(key, b("second"));
        String now = store.get(key).map(x -> new String(x.bytes(), StandardCharsets.UTF_8)).orElse("(missing)");
        add("create-if-absent", second.isEmpty() && now.equals("first"), second.isEmpty()
                ? "a second create of the same key was refused; the first stands"
                : "UNSAFE: a second create of the same key succeeded (the store ignores If-None-Match or its equivalent); two machines could both append the same journal event");
    }

    private void staleReplace() {
        String key = scratch + "cas";
        String v1 = store.createIfAbsent(key, b("a")).orElseThrow();
        Optional<String> v2 = store.replaceIfMatch(key, b("b"), v1);
        Optional<String> stale = store.replaceIfMatch(key, b("c"), v1);
        boolean ok = v2.isPresent() && stale.isEmpty();
        add("replace-if-match", ok, ok ? "a replace naming a stale version was refused"
                : v2.isEmpty() ? "UNSAFE: a replace naming the current version was refused" : "UNSAFE: a replace naming a stale version succeeded; two machines could both take a lease");
    }

    /** Eight threads of this process racing through one client: as a run's appends and its heartbeat do, and as racing machines would. */
    private void race() {
        List<ObjectStore> racers = java.util.Collections.nCopies(RACERS, store);
        StoreRace.Outcome creates = StoreRace.creates(racers, scratch + "race", i -> b("writer " + i));
        int won = creates.winners().size();
        add(RACERS + "-way create race", won == 1, won == 1 ? "exactly one of " + RACERS + " concurrent creates won"
                : "UNSAFE: " + won + " of " + RACERS + " concurrent creates of one key succeeded; two machines could both take a lock");
        String v = store.createIfAbsent(scratch + "race-replace", b("lease of a holder that died")).orElseThrow(
                () -> new StoreException(StoreException.Kind.UNSAFE, "a new key " + scratch + "race-replace was refused as existing"));
        StoreRace.Outcome replaces = StoreRace.replaces(racers, scratch + "race-replace", v, i -> b("taken over by " + i));
        won = replaces.winners().size();
        add(RACERS + "-way replace race", won == 1, won == 1 ? "exactly one of " + RACERS + " concurrent replaces of one version won"
                : "UNSAFE: " + won + " of " + RACERS + " concurrent replaces of one version succeeded; two machines could both take over a lease");
    }

    static final int RACERS = 8;

    private String lockKey() {
        return "check-" + scratch.substring("check/".length(), scratch.length() - 1);
    }

    private void lease() {
        Lease.Record me = Lease.Record.holder("state-check", "state-check", "check", "check", ProcessHandle.current().pid(), null);
        try (Lease l = Lease.acquire(store, lockKey(), me, Duration.ofSeconds(30), clock)) {
            boolean refused;
            try {
                Lease.acquire(store, lockKey(), me, Duration.ofSeconds(30), clock).close();
                refused = false;
            } catch (Lease.Held e) {
                refused = true;
            }
            l.renew();
            boolean renewed = l.lost().isEmpty();
            add("lease", refused && renewed, "acquire; a second acquire " + (refused ? "refused" : "SUCCEEDED (UNSAFE)")
                    + "; renew " + (renewed ? "ok" : "FAILED") + "; release");
        } catch (Lease.Held e) {
            add("lease", false, "a fresh lock key was reported held: " + e.getMessage());
        }
        boolean released = Lease.read(store, lockKey()).isEmpty();
        if (!released) add("lease release", false, "the lock was still there after release");
    }

    private double acquireLatency(int samples) {
        long[] ns = new long[samples];
        Lease.Record me = Lease.Record.holder("state-check", "state-check", "check", "check", ProcessHandle.current().pid(), null);
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            Lease l;
            try {
                l = Lease.acquire(store, lockKey(), me, Duration.ofSeconds(30), clock);
            } catch (Lease.Held e) {
                add("lock acquire", false, "held by itself after release: " + e.getMessage());
                return Double.NaN;
            }
            ns[i] = System.nanoTime() - t0;
            l.close();
        }
        return median(ns);
    }

    private double appendLatency(int samples) {
        long[] ns = new long[samples];
        for (int i = 0; i < samples; i++) {
            byte[] line = b("{\"seq\":" + (i + 1) + ",\"type\":\"operator.text\",\"text\":\"state check\"}");
            long t0 = System.nanoTime();
            store.createIfAbsent(String.format("%sevents/%010d", scratch, i + 1), line);
            ns[i] = System.nanoTime() - t0;
        }
        return median(ns);
    }

    static double median(long[] ns) {
        if (ns.length == 0) return Double.NaN;
        long[] s = ns.clone();
        Arrays.sort(s);
        double mid = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
        return mid / 1_000_000.0;
    }

    private void cleanUp() {
        try {
            for (String k : store.list(scratch)) store.delete(k, null);
            store.delete(Lease.key(lockKey()), null);
            List<String> left = store.list(scratch);
            if (!left.isEmpty()) add("clean-up", false, left.size() + " scratch keys could not be deleted under " + scratch);
        } catch (StoreException e) {
            add("clean-up", false, "scratch keys under " + scratch + " may be left: " + e.getMessage());
        }
    }
}
