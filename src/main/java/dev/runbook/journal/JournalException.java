package dev.runbook.journal;

import dev.runbook.parse.InputFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The journal, the run lock or the state folder cannot be written or read; the run must not go on without it.
 * The message says what failed, on which path, and the OS's reason; the command line exits with code 10.
 */
public final class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String unrecorded;
    private final boolean local;

    public JournalException(String message, Throwable cause) {
        this(message, cause, null, false);
    }

    public JournalException(String message) {
        this(message, null, null, false);
    }

    private JournalException(String message, Throwable cause, String unrecorded, boolean local) {
        super(message, cause);
        this.unrecorded = unrecorded;
        this.local = local;
    }

    /** "cannot {@code what} {@code path}: {@code the OS's reason}", e.g. "cannot write the journal /s/j.jsonl: no space left on device". */
    public static JournalException io(String what, Path path, IOException e) {
        return new JournalException("cannot " + what + " " + path + ": " + reason(e), e, null, true);
    }

    /** A failure of this machine's state folder or journal, explained in {@code message} (which names the path). */
    public static JournalException local(String message) {
        return new JournalException(message, null, null, true);
    }

    /**
     * True when this machine's state folder or journal failed (exit 10): the run stops as a whole, and the command line
     * says what failed. False for a refusal from a team state store (taken over, fenced), which ends the run as failed.
     */
    public boolean local() {
        return local;
    }

    /** The OS's reason for {@code e}, in lower case and without repeating the path. */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "it exists and is not a folder";
        if (e instanceof java.nio.file.NotDirectoryException) return "not a folder";
        String r = InputFiles.osReason(e);
        return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
    }

    /** The same failure, carrying how the run itself had ended (its outcome and message), which the journal could not record. */
    public JournalException unrecorded(String runEnding) {
        JournalException e = new JournalException(getMessage(), getCause(), runEnding, local);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** How the run had ended when its journal failed (e.g. "failed: step b failed: exit 1"), or null if it had not. */
    public String unrecorded() {
        return unrecorded;
    }
}
