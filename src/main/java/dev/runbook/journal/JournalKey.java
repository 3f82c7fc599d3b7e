package dev.runbook.journal;

import dev.runbook.parse.InputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of a tamper-evident journal ({@code RUNBOOK_JOURNAL_KEY_FILE}): each line's {@code prev} and the {@code head}
 * are then HMAC-SHA256 under it instead of SHA-256, so whoever can edit the state folder but cannot read the key cannot
 * rewrite a journal and make it verify again. A keyed journal starts its chain at {@link #genesis()} instead of 64
 * zeros, which is how a reader tells the two apart. The key file must lie outside the state folder.
 */
public final class JournalKey {
    public static final String ENV = "RUNBOOK_JOURNAL_KEY_FILE";
    static final int MIN_BYTES = 16;

    private final SecretKeySpec key;
    private final Path file;

    private JournalKey(byte[] bytes, Path file) {
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        this.file = file;
    }

    /** For tests and callers that hold the bytes. */
    public static JournalKey of(byte[] bytes) {
        return new JournalKey(bytes.clone(), null);
    }

    /** The key named by {@code RUNBOOK_JOURNAL_KEY_FILE}, or null when it is not set. */
    public static JournalKey fromEnvironment(Map<String, String> env, Path stateRoot) {
        String name = env.get(ENV);
        if (name == null || name.isBlank()) return null;
        Path file = Path.of(name).toAbsolutePath().normalize();
        if (stateRoot != null && file.startsWith(stateRoot.toAbsolutePath().normalize())) {
            throw JournalException.local(ENV + " " + file + " lies inside the state folder " + stateRoot
                    + ": whoever can edit the journals could read it. Keep it elsewhere (readable by you alone)");
        }
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, 4 * InputFiles.KIB, "a journal key");
        } catch (InputFiles.Unreadable e) {
            throw JournalException.local("cannot use the journal key " + ENV + "=" + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        byte[] k = text.getBytes(StandardCharsets.UTF_8);
        if (k.length < MIN_BYTES) {
            throw JournalException.local("the journal key " + file + " has " + k.length + " bytes; it needs at least " + MIN_BYTES
                    + " (e.g. head -c 32 /dev/urandom | base64 > FILE)");
        }
        return new JournalKey(k, file);
    }

    /** HMAC-SHA256 of {@code line}, as 64 hex digits. */
    public String mac(String line) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return HexFormat.of().formatHex(m.doFinal(line.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** Where a keyed chain starts (the first line's {@code prev}). */
    public String genesis() {
        return mac("runbook journal genesis");
    }

    @Override
    public String toString() {
        return "JournalKey(" + (file == null ? "given" : file) + ")"; // never the key
    }
}
