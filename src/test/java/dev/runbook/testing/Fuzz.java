package dev.runbook.testing;

import dev.runbook.parse.RunbookParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared pieces of the Jazzer fuzz tests ({@code *FuzzTest}). Each fuzz target states its component's contract:
 * for any input it returns a result or throws the component's own documented error; anything else (a
 * NullPointerException, ClassCastException, IndexOutOfBounds, StackOverflowError, OutOfMemoryError...) escapes the
 * target and is a finding. Without {@code JAZZER_FUZZ} (CI) only the committed inputs under
 * {@code src/test/resources/<package>/<Class>Inputs/<method>/} run; {@code bench/fuzz} runs the long fuzzing.
 */
public final class Fuzz {
    private Fuzz() {}

    /** The input as the product decodes a file (strict UTF-8, byte order mark dropped), or null if it is not UTF-8. */
    public static String utf8(byte[] data) {
        try {
            CharBuffer b = RunbookParser.decode(data);
            return new String(b.array(), 0, b.position());
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** One scratch file per JVM, rewritten for every input of the file-reading targets (params, answers, journal). */
    public static Path scratch(String name, byte[] content) {
        try {
            Path dir = SCRATCH;
            Path f = dir.resolve(name);
            Files.write(f, content);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Path SCRATCH;

    static {
        try {
            Path base = Path.of("/dev/shm");
            SCRATCH = Files.isDirectory(base) && Files.isWritable(base)
                    ? Files.createTempDirectory(base, "runbook-fuzz") : Files.createTempDirectory("runbook-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                java.io.File[] files = SCRATCH.toFile().listFiles();
                if (files != null) for (java.io.File f : files) f.delete();
                SCRATCH.toFile().delete();
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A run directory from one input: the journal's bytes, then optionally a NUL byte and the {@code head} file's bytes
     * (the journal and head file names are given by the caller, from {@code journal.Journal}).
     */
    public static Path runDir(byte[] data, String journal, String head) {
        int nul = -1;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                nul = i;
                break;
            }
        }
        Path dir = scratch(journal, nul < 0 ? data : java.util.Arrays.copyOf(data, nul)).getParent();
        try {
            if (nul < 0) Files.deleteIfExists(dir.resolve(head));
            else Files.write(dir.resolve(head), java.util.Arrays.copyOfRange(data, nul + 1, data.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A failed contract: what the component did and on what input. */
    public static AssertionError broken(String what, String input) {
        String shown = input == null ? "(not UTF-8)" : input.length() > 400 ? input.substring(0, 400) + "..." : input;
        return new AssertionError(what + "\n---- input ----\n" + shown);
    }
}
