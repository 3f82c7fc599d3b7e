package dev.runbook.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run at a time across machines: a lease record at {@code locks/<lock key>.json} (the same key as the local run
 * lock: runbook and non-secret parameters), created with a conditional create, renewed with a conditional replace
 * every TTL/4, and taken over by a conditional replace once it has expired. Its holder stops starting anything (it is
 * fenced) when a renewal finds the record changed, or when it could not renew until TTL/4 before expiry: by then
 * another machine may take the lease, and the holder's clock may be that far off.
 *
 * <p>A conditional write whose answer was lost ({@link StoreException.Kind#UNKNOWN_OUTCOME}) is resolved by reading the
 * record back and comparing lease ids, so a retried create never refuses its own lock.
 */
public final class Lease implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    /**
     * What the lease says about its holder; never a secret.
     *
     * @param lock     the lock key (also the record's name)
     * @param leaseId  random per acquisition: what {@code runbook unlock} names and what a read-back compares
     * @param identity the cloud identity the holder runs as when known (an AWS profile, an Azure client id)
     */
    public record Record(String lock, String leaseId, String runId, String runbook, String user, String host, long pid,
                         String identity, String started, String renewed, String expires) {
        /** Who will hold the lease: the times and the lease id are filled in when it is taken. */
        public static Record holder(String runId, String runbook, String user, String host, long pid, String identity) {
            return new Record(null, null, runId, runbook, user, host, pid, identity, null, null, null);
        }

        public boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt());
        }

        public Instant expiresAt() {
            return Instant.parse(expires);
        }

        public Instant startedAt() {
            return Instant.parse(started);
        }

        /** {@code alice@laptop (run 2025...-x, lease expires 12:00:05Z)} */
        public String who() {
            return user + "@" + host;
        }

        public String describe() {
            return who() + " (run " + runId + (identity == null ? "" : ", as " + identity) + ", started " + startedAt().truncatedTo(ChronoUnit.SECONDS)
                    + ", lease expires " + expiresAt().truncatedTo(ChronoUnit.SECONDS) + ", lock id " + leaseId + ")";
        }

        Record renewedAt(Instant now, Duration ttl) {
            return new Record(lock, leaseId, runId, runbook, user, host, pid, identity, started, now.toString(), now.plus(ttl).toString());
        }

        byte[] bytes() {
            try {
                return JSON.writeValueAsBytes(this);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Record parse(byte[] bytes, String key) {
            try {
                Record r = JSON.readValue(bytes, Record.class);
                if (r.leaseId() == null || r.expires() == null || r.started() == null) throw new IOException("no lease id or times");
                r.expiresAt();
                r.startedAt();
                return r;
            } catch (IOException | java.time.format.DateTimeParseException e) {
                throw new StoreException(StoreException.Kind.CORRUPT, "the lock " + key + " cannot be read (" + dev.runbook.text.Display.headline(e.getMessage())
                        + "); remove it with 'runbook unlock' once nobody runs, or delete it in the store");
            }
        }
    }

    /**
     * Another holder has the lease: it has not expired, or it has and the caller may not take it over (its run was left
     * unfinished by a holder that stopped renewing: that run is to be handed over, not run past).
     */
    public static final class Held extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Record holder;
        private final boolean expired;

        Held(Record holder, boolean expired) {
            super("another run holds the lock: " + holder.describe().replace("lease expires", expired ? "lease expired" : "lease expires"));
            this.holder = holder;
            this.expired = expired;
        }

        public Record holder() {
            return holder;
        }

        /** True when the holder's lease had run out: it stopped renewing (its machine died or lost the store). */
        public boolean expired() {
            return expired;
        }
    }

    private final ObjectStore store;
    private final String key;
    private final Clock clock;
    private final Duration ttl;
    private final Record previous;
    private volatile Record mine;
    private volatile String version;
    private volatile String fenced;
    private ScheduledExecutorService heartbeat;
    private boolean closed;

    private Lease(ObjectStore store, String key, Clock clock, Duration ttl, Record mine, String version, Record previous) {
        this.store = store;
        this.key = key;
        this.clock = clock;
        this.ttl = ttl;
        this.mine = mine;
        this.version = version;
        this.previous = previous;
    }

    public static String key(String lockKey) {
        return "locks/" + lockKey + ".json";
    }

    /** What a holder will write: {@code template}'s holder fields with a new lease id and times from {@code now}. */
    static Record fresh(Record template, String lockKey, Instant now, Duration ttl) {
        return new Record(lockKey, UUID.randomUUID().toString(), template.runId(), template.runbook(), template.user(), template.host(),
                template.pid(), template.identity(), now.toString(), now.toString(), now.plus(ttl).toString());
    }

    /** Takes the lock: creates the record, or replaces one that has expired. */
    public static Lease acquire(ObjectStore store, String lockKey, Record holder, Duration ttl, Clock clock) throws Held {
        return take(store, lockKey, holder, ttl, clock, null, r -> true);
    }

    /** As above, replacing an expired record only when {@code mayTakeExpired} says so (else {@link Held}, expired). */
    public static Lease acquire(ObjectStore store, String lockKey, Record holder, Duration ttl, Clock clock,
                                java.util.function.Predicate<Record> mayTakeExpired) throws Held {
        return take(store, lockKey, holder, ttl, clock, null, mayTakeExpired);
    }

    /**
     * Takes the lock for a handover: as {@link #acquire}, and with {@code forceLeaseId} also from the live holder with that
     * lease id, the one the operator confirmed (that holder is fenced: its next journal append finds the sequence number
     * taken). A live lease that changed hands since is not forced.
     */
    public static Lease takeover(ObjectStore store, String lockKey, Record holder, Duration ttl, Clock clock, String forceLeaseId) throws Held {
        return take(store, lockKey, holder, ttl, clock, forceLeaseId, r -> true);
    }

    private static Lease take(ObjectStore store, String lockKey, Record holder, Duration ttl, Clock clock, String forceLeaseId,
                              java.util.function.Predicate<Record> mayTakeExpired) throws Held {
        String key = key(lockKey);
        Record mine = fresh(holder, lockKey, clock.instant(), ttl);
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<ObjectStore.Blob> now = store.get(key);
            if (now.isEmpty()) {
                Optional<String> v = written(store, key, mine, () -> store.createIfAbsent(key, mine.bytes()));
                if (v.isPresent()) return new Lease(store, key, clock, ttl, mine, v.get(), null);
                continue; // someone created it first: look at theirs
            }
            Record theirs = Record.parse(now.get().bytes(), key);
            boolean expired = theirs.expiredAt(clock.instant());
            if (!expired && !theirs.leaseId().equals(forceLeaseId)) throw new Held(theirs, false);
            if (expired && !mayTakeExpired.test(theirs)) throw new Held(theirs, true);
            Optional<String> v = written(store, key, mine, () -> store.replaceIfMatch(key, mine.bytes(), now.get().version()));
            if (v.isPresent()) return new Lease(store, key, clock, ttl, mine, v.get(), theirs);
        }
        Optional<ObjectStore.Blob> last = store.get(key);
        if (last.isPresent()) {
            Record theirs = Record.parse(last.get().bytes(), key);
            throw new Held(theirs, theirs.expiredAt(clock.instant()));
        }
        throw new StoreException(StoreException.Kind.UNAVAILABLE, "the lock " + key + " in " + store.describe()
                + " changed under every attempt to take it; try again");
    }

    private interface Write {
        Optional<String> run();
    }

    /** A conditional write of {@code mine}; a lost answer is settled by reading the record back (the self-lock trap). */
    private static Optional<String> written(ObjectStore store, String key, Record mine, Write write) {
        try {
            return write.run();
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.UNKNOWN_OUTCOME) throw e;
            Optional<ObjectStore.Blob> back = store.get(key);
            // the exact record (same lease id, same expiry): an earlier renewal of ours is not this write
            if (back.isPresent() && mine.equals(Record.parse(back.get().bytes(), key))) {
                return Optional.of(back.get().version());
            }
            return Optional.empty();
        }
    }

    private volatile Record successor;

    /** The holder that took this lease over, once a renewal found it (null while none did). */
    public Record successor() {
        return successor;
    }

    /** The record as this holder last wrote it. */
    public Record record() {
        return mine;
    }

    /** The holder this lease replaced (an expired or forced-out one), or null when the lock was free. */
    public Record previous() {
        return previous;
    }

    public Duration ttl() {
        return ttl;
    }

    /** The last moment this holder may start something: TTL/4 before its lease expires. */
    public Instant deadline() {
        return mine.expiresAt().minus(ttl.dividedBy(4));
    }

    /** Why this holder must stop, or empty while it holds the lease. */
    public Optional<String> lost() {
        if (fenced != null) return Optional.of(fenced);
        Instant now = clock.instant();
        if (!now.isBefore(deadline())) {
            // sticky: once a holder has had to assume the lease is gone, it never starts anything again
            fence("the lease could not be renewed since " + Instant.parse(mine.renewed()).truncatedTo(ChronoUnit.SECONDS)
                    + " (no renewal reached the state store " + store.describe() + "); another machine may take the run over from "
                    + mine.expiresAt().truncatedTo(ChronoUnit.SECONDS) + ": this machine stops; nothing more is changed");
            return Optional.of(fenced);
        }
        return Optional.empty();
    }

    /** Marks the lease lost, with the reason every later {@link #lost} gives. */
    public void fence(String reason) {
        if (fenced == null) fenced = reason;
    }

    /** Extends the lease by its TTL; when the record changed under it, the holder is fenced. */
    public synchronized void renew() {
        if (closed || lost().isPresent()) return;
        Record next = mine.renewedAt(clock.instant(), ttl);
        try {
            Optional<String> v = written(store, key, next, () -> store.replaceIfMatch(key, next.bytes(), version));
            if (v.isPresent()) {
                mine = next;
                version = v.get();
                return;
            }
            Optional<ObjectStore.Blob> now = store.get(key);
            if (now.isEmpty()) {
                fence("the lock was removed (runbook unlock) while this run held it: this machine stops; nothing more is changed");
            } else {
                Record theirs = Record.parse(now.get().bytes(), key);
                if (theirs.leaseId().equals(mine.leaseId())) {
                    // our own earlier write answered late: adopt it
                    mine = theirs;
                    version = now.get().version();
                } else {
                    successor = theirs;
                    fence("run " + mine.runId() + " was taken over by " + theirs.who() + " at " + theirs.startedAt().truncatedTo(ChronoUnit.SECONDS)
                            + ": this machine stops; nothing more is changed");
                }
            }
        } catch (StoreException e) {
            // unreachable for now: the next beat tries again, and lost() stops the run once the deadline passes
        }
    }

    /** Renews every TTL/4 on a daemon thread until {@link #close}. */
    public synchronized Lease startHeartbeat() {
        if (heartbeat == null) {
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "runbook-lease");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(250, ttl.toMillis() / 4);
            heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Stops the heartbeat and gives the lock back (unless it was lost: then it is someone else's). */
    @Override
    public synchronized void close() {
        // under the same monitor as renew: a renewal in flight finishes first, none starts after
        closed = true;
        if (heartbeat != null) heartbeat.shutdownNow();
        if (fenced != null) return;
        try {
            store.delete(key, version);
        } catch (StoreException e) {
            // the lease expires by itself; the next run takes it over then
        }
    }

    /** The lease record under {@code lockKey}, if any (for messages and {@code runbook unlock}). */
    public static Optional<Record> read(ObjectStore store, String lockKey) {
        String key = key(lockKey);
        return store.get(key).map(b -> Record.parse(b.bytes(), key));
    }
}
