package dev.runbook.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where runs are kept: {@code <root>/runs/<run-id>/} (journal, head, a copy of the runbook) and
 * {@code <root>/locks/}. The root is {@code --state-dir}, else {@code $RUNBOOK_STATE_DIR}, else
 * {@code $XDG_STATE_HOME/runbook}, else {@code ~/.local/state/runbook}.
 */
public final class RunStore {
    public static final String RUNBOOK_COPY = "runbook.yaml";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public RunStore(Path root) {
        this.root = root;
    }

    public static RunStore locate(Path stateDirOption, Map<String, String> env) {
        return locateRoot(stateDirOption, env).machineLocksFrom(env);
    }

    private Map<String, String> lockEnv;

    private RunStore machineLocksFrom(Map<String, String> env) {
        this.lockEnv = env;
        return this;
    }

    private static RunStore locateRoot(Path stateDirOption, Map<String, String> env) {
        return new RunStore(StateDir.root(stateDirOption, env));
    }

    public Path root() {
        return root;
    }

    /**
     * Makes sure the state folder and its {@code runs/} and {@code locks/} are folders this process can use, creating
     * them (mode 0700) when missing; a failure names the path and says what is wrong (a file where a folder should be,
     * a link to nothing, a loop of links, a read-only or full file system).
     */
    public RunStore prepare() {
        folder(root, "the state folder");
        folder(root.resolve("runs"), "the runs folder");
        folder(root.resolve("locks"), "the locks folder");
        return this;
    }

    /** {@code dir} is a folder (a link to one is followed), created with mode 0700 when missing; else a JournalException. */
    public static void folder(Path dir, String what) {
        if (Files.isDirectory(dir)) return;
        if (Files.isSymbolicLink(dir)) {
            try {
                Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class);
            } catch (java.nio.file.NoSuchFileException e) {
                throw JournalException.local(what + " " + dir + " is a symbolic link to " + linkTarget(dir) + ", which does not exist"
                        + "; create that folder or remove the link");
            } catch (IOException e) {
                throw JournalException.local(what + " " + dir + " cannot be used: " + JournalException.reason(e) + "; fix or remove the link");
            }
            throw JournalException.local(what + " " + dir + " is a symbolic link to a file, not a folder; remove it or choose another --state-dir");
        }
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw JournalException.local(what + " " + dir + " is a file, not a folder; move it away or choose another --state-dir");
        }
        try {
            Files.createDirectories(dir, PRIVATE);
        } catch (IOException e) {
            throw JournalException.io("create " + what, dir, e);
        }
    }

    /** rwx------: runs, journals and locks are the operator's alone. */
    static final java.nio.file.attribute.FileAttribute<?>[] PRIVATE = privateFolder();

    private static java.nio.file.attribute.FileAttribute<?>[] privateFolder() {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return new java.nio.file.attribute.FileAttribute<?>[0];
        return new java.nio.file.attribute.FileAttribute<?>[] {
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))};
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a missing file";
        }
    }

    public Path runDir(String runId) {
        return root.resolve("runs").resolve(runId);
    }

    public boolean exists(String runId) {
        // present in any form: a journal that is a folder or a FIFO is read (and refused, saying so), not "no such run"
        return isSafeId(runId) && Files.exists(runDir(runId).resolve(Journal.FILE), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** A sortable, readable id: {@code 20250101-120301-service-down-3f2a}. */
    public String newRunId(String runbookId, Instant now) {
        for (int i = 0; i < 100; i++) {
            String id = STAMP.format(now) + "-" + runbookId + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt()).toLowerCase(java.util.Locale.ROOT);
            if (!Files.exists(runDir(id))) return id;
        }
        throw JournalException.local("cannot pick a free run id under " + root);
    }

    /** Run ids, newest first. */
    public List<String> runIds() {
        Path runs = root.resolve("runs");
        if (!Files.isDirectory(runs)) return List.of();
        try (Stream<Path> s = Files.list(runs)) {
            List<String> ids = new ArrayList<>(s.filter(p -> Files.isRegularFile(p.resolve(Journal.FILE)))
                    .map(p -> p.getFileName().toString()).toList());
            ids.sort(java.util.Comparator.reverseOrder());
            return ids;
        } catch (IOException e) {
            throw JournalException.io("list the runs in", runs, e);
        }
    }

    /** The file of a run's own lock, in its folder (see {@link #runLock}). */
    public static final String RUN_LOCK = "run.lock";

    /**
     * The lock of one run, held by the process that writes its journal: a rehearsal takes no runbook lock (trainees
     * rehearse side by side), so this is what keeps a second process from resuming it while the first still writes.
     * The OS releases it when that process dies, so a killed rehearsal can be resumed.
     */
    public RunLock runLock(String runId, String owner) throws RunLock.Held {
        return RunLock.acquire(runDir(runId).resolve(RUN_LOCK), owner);
    }

    /** The lock for one runbook and one set of (non-secret) parameter values. */
    public RunLock lock(String runbookId, Map<String, Object> publicParams, String owner) throws RunLock.Held {
        String key = lockKey(runbookId, publicParams) + ".lock";
        // first the machine's (whatever --state-dir or XDG_STATE_HOME say), then this state folder's
        RunLock machine = RunLock.acquire(machineLocks().resolve(key), owner + ", state " + root.toAbsolutePath());
        try {
            return machine.and(RunLock.acquire(root.resolve("locks").resolve(key), owner));
        } catch (RunLock.Held | RuntimeException e) {
            machine.close();
            throw e;
        }
    }

    private Path machineLocks;
    private boolean copies;

    /** This store holds copies of a team store's journals, which have no head of their own. */
    public RunStore copies() {
        this.copies = true;
        return this;
    }

    /** Whether a journal here must have a head (false for copies of a team store's journals). */
    public boolean headRequired() {
        return !copies;
    }
    private JournalKey journalKey;
    private boolean keyLoaded;

    /** The journal key ({@code RUNBOOK_JOURNAL_KEY_FILE}) runs in this store are chained with; null for none. */
    public synchronized JournalKey journalKey() {
        if (!keyLoaded) {
            journalKey = JournalKey.fromEnvironment(lockEnv != null ? lockEnv : System.getenv(), root);
            keyLoaded = true;
        }
        return journalKey;
    }

    /** Sets the key instead of reading it from the environment (tests; null for none). */
    public synchronized RunStore journalKey(JournalKey k) {
        this.journalKey = k;
        this.keyLoaded = true;
        return this;
    }

    /** Where this store's runs take their per-user, machine-wide lock (see {@link #machineLocks(Map)}). */
    public RunStore machineLocks(Path dir) {
        this.machineLocks = dir;
        return this;
    }

    private Path machineLocks() {
        return machineLocks != null ? machineLocks : machineLocks(lockEnv != null ? lockEnv : System.getenv());
    }

    /**
     * The per-user lock folder of this machine, independent of the state folder: {@code $XDG_RUNTIME_DIR/runbook/locks};
     * without that variable (cron, ssh without a login session, {@code sudo -u}), the folder it would name in a login
     * session, {@code /run/user/<uid>}, when that exists and is this user's, so a run from a desktop terminal and one from
     * cron take the same lock; else {@code /tmp/runbook-<uid>/locks}. An {@code XDG_RUNTIME_DIR} that is another user's
     * (inherited through {@code su}) is passed over the same way. The folder above {@code locks} must be a real folder
     * (not a link) that belongs to this user and that nobody else can write; it is created with mode 0700.
     */
    public static Path machineLocks(Map<String, String> env) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg == null || xdg.isBlank()) xdg = System.getenv("XDG_RUNTIME_DIR");
        return machineLocks(xdg, Path.of("/run/user"));
    }

    /** {@link #machineLocks(Map)} with the runtime folder given and where login sessions' runtime folders are (tests). */
    static Path machineLocks(String xdg, Path runUser) {
        long uid = uid();
        Path base;
        if (xdg != null && !xdg.isBlank() && ownedOrAbsent(Path.of(xdg), uid)) {
            base = Path.of(xdg, "runbook");
        } else if (uid >= 0 && Files.isDirectory(runUser.resolve(String.valueOf(uid)), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && ownedOrAbsent(runUser.resolve(String.valueOf(uid)), uid)) {
            base = runUser.resolve(String.valueOf(uid)).resolve("runbook");
        } else {
            base = Path.of(System.getProperty("java.io.tmpdir"), "runbook-" + (uid >= 0 ? String.valueOf(uid) : System.getProperty("user.name")));
        }
        if (!Files.exists(base, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(base.getParent());
                Files.createDirectory(base, PRIVATE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another run created it: checked below
            } catch (IOException e) {
                throw JournalException.io("create the machine's lock folder", base, e);
            }
        }
        try {
            var attrs = Files.readAttributes(base, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isDirectory()) {
                throw JournalException.local("the machine's lock folder " + base + " is " + (attrs.isSymbolicLink() ? "a symbolic link" : "not a folder")
                        + "; remove it (runbook creates it, mode 0700)");
            }
            if (uid >= 0 && java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
                int owner = (Integer) Files.getAttribute(base, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(base, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (owner != uid || (mode & 0022) != 0) {
                    throw JournalException.local("the machine's lock folder " + base + " belongs to uid " + owner + " with mode "
                            + Integer.toOctalString(mode & 0777) + "; it must be yours (uid " + uid + ") and writable by you alone. Remove it");
                }
            }
        } catch (IOException e) {
            throw JournalException.io("check the machine's lock folder", base, e);
        }
        Path locks = base.resolve("locks");
        folder(locks, "the machine's lock folder");
        return locks;
    }

    /** True when {@code dir} does not exist yet, or is a folder (not a link) that belongs to {@code uid}. */
    private static boolean ownedOrAbsent(Path dir, long uid) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return true;
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return false;
        if (uid < 0 || !java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) return true;
        try {
            return ((Integer) Files.getAttribute(dir, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)) == uid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long uid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }

    /** The name of the lock of one runbook and one set of non-secret parameter values (local and in a team store alike). */
    public static String lockKey(String runbookId, Map<String, Object> publicParams) {
        String canonical;
        try {
            canonical = runbookId + "\n" + EventCodec.JSON.writeValueAsString(new TreeMap<>(publicParams));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return runbookId.replaceAll("[^a-z0-9-]", "_") + "-" + sha256(canonical).substring(0, 16);
    }

    public static boolean isSafeId(String runId) {
        return runId != null && runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
