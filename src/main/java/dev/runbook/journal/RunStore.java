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
        if (stateDirOption != null) return new RunStore(stateDirOption);
        String explicit = env.get("RUNBOOK_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) return new RunStore(Path.of(explicit));
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) return new RunStore(Path.of(xdg, "runbook"));
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new RunStore(Path.of(home, ".local", "state", "runbook"));
    }

    public Path root() {
        return root;
    }

    public Path runDir(String runId) {
        return root.resolve("runs").resolve(runId);
    }

    public boolean exists(String runId) {
        return isSafeId(runId) && Files.isRegularFile(runDir(runId).resolve(Journal.FILE));
    }

    /** A sortable, readable id: {@code 20250101-120301-service-down-3f2a}. */
    public String newRunId(String runbookId, Instant now) {
        for (int i = 0; i < 100; i++) {
            String id = STAMP.format(now) + "-" + runbookId + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt()).toLowerCase(java.util.Locale.ROOT);
            if (!Files.exists(runDir(id))) return id;
        }
        throw new JournalException("cannot pick a free run id under " + root);
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
            throw new JournalException("cannot list runs in " + runs + ": " + e.getMessage(), e);
        }
    }

    /** The lock for one runbook and one set of (non-secret) parameter values. */
    public RunLock lock(String runbookId, Map<String, Object> publicParams, String owner) throws RunLock.Held {
        return RunLock.acquire(root.resolve("locks").resolve(lockKey(runbookId, publicParams) + ".lock"), owner);
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
