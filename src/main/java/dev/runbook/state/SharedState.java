package dev.runbook.state;

import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalMirror;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs in a team store: each run's record ({@code runs/<id>/meta.json}), the runbook file as run
 * ({@code runs/<id>/runbook.yaml}), its journal one line per key ({@code runs/<id>/events/<seq>}, written by a
 * conditional create: the fencing), and the run locks as {@link Lease}s. Every machine keeps a local copy of the runs
 * it wrote or read under {@code <state dir>/shared/<hash of the URL>/}, laid out as a local state directory, so the
 * journal reader, resume and the history commands work on it unchanged. Secrets never reach the store: journal lines
 * are redacted before they are written, and the runbook file holds no secret values.
 */
public final class SharedState implements AutoCloseable {
    /** Seconds a lease lasts without renewal ({@value #TTL_ENV}, 3..3600; default 60). */
    public static final String TTL_ENV = "RUNBOOK_STATE_LEASE_TTL";

    /** What is registered for a run before its first event. */
    public record Meta(String runId, String runbook, String lockKey, String user, String host, String started, String mode) {}

    private final ObjectStore store;
    private final StateUrl url;
    private final Clock clock;
    private final Duration ttl;
    private final RunStore local;
    private final RunStore view;
    private volatile String fenced;
    private final String identity;

    public SharedState(ObjectStore store, StateUrl url, Path stateDir, Clock clock, Duration ttl) {
        this(store, url, stateDir, clock, ttl, null);
    }

    /** @param identity the cloud identity this machine acts as, for lease records (never a secret); null when unknown */
    public SharedState(ObjectStore store, StateUrl url, Path stateDir, Clock clock, Duration ttl, String identity) {
        this.identity = identity;
        this.store = store;
        this.url = url;
        this.clock = clock;
        this.ttl = ttl;
        // copies of the store's journals: no head of their own (the store's conditional appends order them)
        this.local = new RunStore(cacheRoot(stateDir, url)).copies();
        this.view = new RunStore(cacheRoot(stateDir, url).resolve("view")).copies();
    }

    /** Opens the store {@code url} names, with the lease TTL from the environment. */
    public static SharedState open(StateUrl url, Path stateDir, Map<String, String> env, Clock clock) {
        Duration ttl = ttl(env);
        return new SharedState(StateStores.open(url, env), url, stateDir, clock, ttl, identity(env));
    }

    /**
     * Best effort, from the environment only (asking a cloud would cost a call on every run): the AWS profile, the Azure
     * client id or subscription, the PostgreSQL user. Names and ids, never a key or a password.
     */
    static String identity(Map<String, String> env) {
        List<String> parts = new ArrayList<>();
        if (notBlank(env.get("AWS_PROFILE"))) parts.add("aws profile " + env.get("AWS_PROFILE"));
        if (notBlank(env.get("AZURE_CLIENT_ID"))) parts.add("azure client " + env.get("AZURE_CLIENT_ID"));
        else if (notBlank(env.get("AZURE_SUBSCRIPTION_ID"))) parts.add("azure subscription " + env.get("AZURE_SUBSCRIPTION_ID"));
        if (notBlank(env.get("PGUSER"))) parts.add("postgres user " + env.get("PGUSER"));
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The cloud identity written into lease records, or null. */
    public String identity() {
        return identity;
    }

    public static Duration ttl(Map<String, String> env) {
        String v = env.get(TTL_ENV);
        if (v == null || v.isBlank()) return Lease.DEFAULT_TTL;
        try {
            long s = Long.parseLong(v.trim());
            if (s >= 3 && s <= 3600) return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            // said below
        }
        throw new StoreException(StoreException.Kind.CONFIG, TTL_ENV + "=" + v + ": give the lease time in seconds, 3 to 3600 (default 60)");
    }

    /** {@code <state dir>/shared/<first 12 hex of sha256(url)>}: one local copy per store. */
    public static Path cacheRoot(Path stateDir, StateUrl url) {
        return stateDir.resolve("shared").resolve(RunStore.sha256(url.text()).substring(0, 12));
    }

    public ObjectStore store() {
        return store;
    }

    public StateUrl url() {
        return url;
    }

    public Duration ttl() {
        return ttl;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The working copies of the runs this machine runs or continues, laid out as a state directory
     * (runs/&lt;id&gt;/journal.jsonl, runbook.yaml): only the lease holder writes one.
     */
    public RunStore local() {
        return local;
    }

    /** Read-only copies for the history commands, apart from the working ones so that a listing never writes into a live journal. */
    public RunStore view() {
        return view;
    }

    /** Why the run stopped because the store failed it (unreachable, refused), or empty. */
    public Optional<String> storeFailure() {
        return Optional.ofNullable(storeFailure);
    }

    private volatile String storeFailure;

    /** Why the run this process holds was stopped by another machine, or empty. */
    public Optional<String> fenced() {
        return Optional.ofNullable(fenced);
    }

    static String runKey(String runId, String name) {
        if (!RunStore.isSafeId(runId)) throw new StoreException(StoreException.Kind.CONFIG, "not a run id: '" + runId + "'");
        return "runs/" + runId + "/" + name;
    }

    static String eventKey(String runId, long seq) {
        return runKey(runId, String.format("events/%010d", seq));
    }

    /** Registers a new run; false when the id is taken in the store already (pick another). */
    public boolean register(Meta meta, byte[] runbook) {
        if (store.createIfAbsent(runKey(meta.runId(), "meta.json"), json(meta)).isEmpty()) return false;
        store.createIfAbsent(runKey(meta.runId(), RunStore.RUNBOOK_COPY), runbook);
        return true;
    }

    public Optional<Meta> meta(String runId) {
        return store.get(runKey(runId, "meta.json")).map(b -> {
            try {
                return Lease.JSON.readValue(b.bytes(), Meta.class);
            } catch (IOException e) {
                throw new StoreException(StoreException.Kind.CORRUPT, "the record of run " + runId + " in " + store.describe() + " cannot be read: "
                        + dev.runbook.text.Display.headline(e.getMessage()));
            }
        });
    }

    /** Run ids in the store, newest first (ids start with their UTC start time). */
    public List<String> runIds() {
        Set<String> ids = new TreeSet<>(Comparator.reverseOrder());
        for (String k : store.list("runs/")) {
            String[] parts = k.split("/");
            if (parts.length == 3 && parts[2].equals("meta.json") && RunStore.isSafeId(parts[1])) ids.add(parts[1]);
        }
        return new ArrayList<>(ids);
    }

    /** Takes the run lock for {@code holder}'s run; refused with the holder named when a live lease has it. */
    public Lease lock(String lockKey, Lease.Record holder) throws Lease.Held {
        return lock(lockKey, holder, r -> true);
    }

    /** As above; an expired lease is taken only when {@code mayTakeExpired} agrees (else {@link Lease.Held}, expired). */
    public Lease lock(String lockKey, Lease.Record holder, java.util.function.Predicate<Lease.Record> mayTakeExpired) throws Lease.Held {
        return Lease.acquire(store, lockKey, holder, ttl, clock, mayTakeExpired).startHeartbeat();
    }

    /**
     * As {@link #lock}, and with {@code forceLeaseId} from the live holder with that lease id too (the forced handover of
     * {@code runbook takeover}, after the operator confirmed that holder); null forces nothing.
     */
    public Lease takeover(String lockKey, Lease.Record holder, String forceLeaseId) throws Lease.Held {
        return Lease.takeover(store, lockKey, holder, ttl, clock, forceLeaseId).startHeartbeat();
    }

    /** The lease record under {@code lockKey}, if any. */
    public Optional<Lease.Record> lease(String lockKey) {
        return Lease.read(store, lockKey);
    }

    /**
     * True when {@code runId} is registered here, has journaled something, and its last event is not its end: a holder
     * whose lease ran out left it in the middle. Such a run is handed over ({@code runbook takeover}), not run past.
     */
    public boolean unfinished(String runId) {
        if (!RunStore.isSafeId(runId) || meta(runId).isEmpty()) return false;
        List<String> events = store.list(runKey(runId, "events/"));
        if (events.isEmpty()) return false;
        return store.get(events.get(events.size() - 1)).map(b -> !"run.end".equals(type(b.bytes()))).orElse(false);
    }

    private static String type(byte[] line) {
        try {
            return dev.runbook.journal.EventCodec.parse(new String(line, StandardCharsets.UTF_8)).path("type").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The mirror that puts each journal line of {@code runId} into the store, fenced by {@code lease} (null: by the sequence alone). */
    public JournalMirror mirror(String runId, Lease lease) {
        return new Mirror(runId, lease);
    }

    private final class Mirror implements JournalMirror {
        private final String runId;
        private final Lease lease;

        Mirror(String runId, Lease lease) {
            this.runId = runId;
            this.lease = lease;
        }

        @Override
        public void append(long seq, String line) {
            if (lease != null && fenced != null) throw new JournalException(fenced);
            if (lease != null) {
                Optional<String> lost = lease.lost();
                if (lost.isPresent()) throw stop(lease.successor() != null ? takenOverBy(lease.successor(), seq) : lost.get());
            }
            String key = eventKey(runId, seq);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            for (int attempt = 1; ; attempt++) {
                try {
                    if (store.createIfAbsent(key, bytes).isPresent()) return;
                    Optional<ObjectStore.Blob> there = store.get(key);
                    if (there.isPresent() && Arrays.equals(there.get().bytes(), bytes)) return; // our own, answered late
                    throw stop(takenOver(seq));
                } catch (StoreException e) {
                    if (e.kind() == StoreException.Kind.UNKNOWN_OUTCOME) {
                        Optional<ObjectStore.Blob> there = store.get(key);
                        if (there.isPresent()) {
                            if (Arrays.equals(there.get().bytes(), bytes)) return;
                            throw stop(takenOver(seq));
                        }
                    } else if (e.kind() != StoreException.Kind.UNAVAILABLE || attempt >= 4) {
                        throw failed("cannot write the journal to the state store " + store.describe() + ": " + e.getMessage()
                                + " (the run stops: nothing more happens without a record; continue it with resume once the store answers)", e);
                    }
                    if (attempt >= 4) {
                        throw failed("the state store " + store.describe() + " did not confirm event " + seq + " of run " + runId
                                + " (the run stops: nothing more happens without a record; continue it with resume once the store answers)", e);
                    }
                    pause(100L << attempt);
                }
            }
        }

        private JournalException failed(String why, StoreException cause) {
            if (lease != null) storeFailure = why;
            return new JournalException(why, cause);
        }

        private JournalException stop(String why) {
            // a run's mirror stops the run for good; an outside writer (unlock) just tries again behind the new event
            if (lease != null) {
                lease.fence(why);
                fenced = why;
            }
            return new JournalException(why);
        }

        /** Who took the run over and when (their lease's start), and why when their handover is the event at {@code seq}. */
        private String takenOverBy(Lease.Record successor, long seq) {
            return "run " + runId + " was taken over by " + successor.who() + " at " + successor.startedAt().truncatedTo(ChronoUnit.SECONDS)
                    + reason(seq) + ": this machine stops; nothing more is changed";
        }

        /** The reason of the handover journaled at {@code seq} (the event this holder could not write), when it is one. */
        private String reason(long seq) {
            try {
                Optional<ObjectStore.Blob> b = store.get(eventKey(runId, seq));
                if (b.isEmpty()) return "";
                var node = dev.runbook.journal.EventCodec.parse(new String(b.get().bytes(), StandardCharsets.UTF_8));
                if (!"run.handover".equals(node.path("type").asText())) return "";
                List<String> parts = new ArrayList<>();
                if (node.path("forced").asBoolean(false)) parts.add("forced");
                String why = node.path("reason").asText("");
                if (!why.isBlank()) parts.add("reason: " + why);
                return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
            } catch (IOException | StoreException e) {
                return "";
            }
        }

        private String takenOver(long seq) {
            if (lease != null) {
                try {
                    Optional<Lease.Record> now = Lease.read(store, lease.record().lock());
                    if (now.isPresent() && !now.get().leaseId().equals(lease.record().leaseId())) return takenOverBy(now.get(), seq);
                } catch (StoreException e) {
                    // the plainer message below
                }
            }
            return "run " + runId + " was continued from another machine (event " + seq + " is already in " + store.describe()
                    + "): this machine stops; nothing more is changed";
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while waiting for the state store");
        }
    }

    /**
     * Brings the local copy of {@code runId} up to the store: the events it lacks are appended (a copy that differs is
     * rebuilt from the store, which is the record), and the runbook as run is fetched. Returns the copy's folder.
     */
    public Path sync(String runId, RunStore into) {
        Path dir = into.runDir(runId);
        List<String> keys = store.list(runKey(runId, "events/"));
        try {
            Files.createDirectories(dir);
            Path copy = dir.resolve(RunStore.RUNBOOK_COPY);
            if (!Files.exists(copy)) {
                Optional<ObjectStore.Blob> rb = store.get(runKey(runId, RunStore.RUNBOOK_COPY));
                if (rb.isPresent()) Files.write(copy, rb.get().bytes());
            }
            Path file = dir.resolve(Journal.FILE);
            long have = 0;
            long validBytes = 0;
            if (Files.exists(file)) {
                JournalReader.Contents c = JournalReader.read(dir);
                have = c.lastSeq();
                validBytes = c.validBytes();
                boolean agrees = c.intact() && have <= keys.size()
                        && (have == 0 || store.get(keys.get((int) have - 1)).map(b -> RunStore.sha256(b.bytes()).equals(c.lastHash())).orElse(false));
                if (!agrees) {
                    have = 0;
                    validBytes = 0;
                    Files.deleteIfExists(dir.resolve(Journal.HEAD));
                }
            }
            if (have == keys.size() && Files.exists(file) && Files.size(file) == validBytes) return dir;
            StringBuilder more = new StringBuilder();
            for (int i = (int) have; i < keys.size(); i++) {
                Optional<ObjectStore.Blob> b = store.get(keys.get(i));
                if (b.isEmpty()) break; // pruned meanwhile
                more.append(new String(b.get().bytes(), StandardCharsets.UTF_8)).append('\n');
            }
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.truncate(validBytes);
                ch.position(validBytes);
                ch.write(java.nio.ByteBuffer.wrap(more.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(false);
            }
            return dir;
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot keep the local copy of run " + runId + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Brings every run's read-only copy ({@link #view}) up to the store, and drops copies of runs the store no longer has. */
    public void syncAll() {
        List<String> ids = runIds();
        for (String id : ids) sync(id, view);
        Set<String> keep = Set.copyOf(ids);
        for (String id : view.runIds()) {
            if (!keep.contains(id)) deleteLocal(view, id);
        }
    }

    /** The unexpired lease that names {@code runId}, if any: its holder may still be writing the run. */
    public Optional<Lease.Record> liveLease(String runId) {
        return locks().stream().filter(r -> runId.equals(r.runId()) && !r.expiredAt(clock.instant())).findFirst();
    }

    /** Why {@code runId} must not be deleted now (a live lease names it), or empty. */
    public Optional<String> keep(String runId) {
        return liveLease(runId).map(r -> "a live lease names it: " + r.who() + " holds it until "
                + r.expiresAt().truncatedTo(ChronoUnit.SECONDS) + " (lock id " + r.leaseId() + ")");
    }

    /**
     * Deletes a run from the store (events last-first, then its record) and its local copy; never a run that a live lease
     * names (its holder would go on writing a history that was just deleted).
     */
    public void deleteRun(String runId) {
        Optional<String> keep = keep(runId);
        if (keep.isPresent()) {
            throw new StoreException(StoreException.Kind.CONFIG, "run " + runId + " is not deleted: " + keep.get());
        }
        List<String> keys = new ArrayList<>(store.list(runKey(runId, "")));
        // the record goes last, so a half-deleted run is still listed and can be pruned again
        keys.sort(Comparator.comparing((String k) -> k.endsWith("/meta.json")).thenComparing(Comparator.reverseOrder()));
        for (String k : keys) store.delete(k, null);
        deleteLocal(view, runId);
        deleteLocal(local, runId);
    }

    private static void deleteLocal(RunStore in, String runId) {
        Path dir = in.runDir(runId);
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stale local copy is refreshed or dropped next time
        }
    }

    /** Every lease record in the store (for messages and {@code runbook unlock}); unreadable ones are skipped. */
    public List<Lease.Record> locks() {
        List<Lease.Record> out = new ArrayList<>();
        for (String k : store.list("locks/")) {
            if (!k.endsWith(".json")) continue;
            try {
                Lease.read(store, k.substring("locks/".length(), k.length() - ".json".length())).ifPresent(out::add);
            } catch (StoreException e) {
                // a corrupt record is not the one asked for
            }
        }
        return out;
    }

    /**
     * {@code runbook unlock LOCK_ID}: journals {@code run.unlock} in the holder's run (which fences it, if it still
     * runs: the sequence number it would write next is taken), then deletes the lease record. Empty when no lock has
     * that id.
     */
    public Optional<Lease.Record> unlock(String leaseId, String user, String host) {
        for (Lease.Record r : locks()) {
            if (!r.leaseId().equals(leaseId)) continue;
            if (meta(r.runId()).isPresent()) {
                RunEventWriter.append(this, r.runId(), new dev.runbook.journal.RunEvent.Unlocked(leaseId, r.who() + " (run " + r.runId() + ")", user, host));
            }
            Optional<ObjectStore.Blob> now = store.get(Lease.key(r.lock()));
            if (now.isPresent() && Lease.Record.parse(now.get().bytes(), Lease.key(r.lock())).leaseId().equals(leaseId)) {
                store.delete(Lease.key(r.lock()), now.get().version());
            }
            return Optional.of(r);
        }
        return Optional.empty();
    }

    static byte[] json(Object o) {
        try {
            return Lease.JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
