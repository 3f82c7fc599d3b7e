package dev.runbook.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;

/**
 * The one way a file the operator names is read: runbooks, {@code --params}, {@code --answers},
 * {@code --secret-file}, scenarios, journals. Only a regular file is opened (a FIFO would block for ever, a device
 * never ends), and at most {@code limit + 1} bytes are read whatever size the file claims (a sparse file, a file
 * that grows while read, {@code /proc}), so no input can hang the process or exhaust its memory.
 * {@code ArchitectureTest} forbids reading files any other way.
 */
public final class InputFiles {
    private InputFiles() {}

    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;

    /** Why a file cannot be used; the message names the path and the reason, in words an operator acts on. */
    public static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path path;
        private final String reason;
        private final boolean tooLarge;

        Unreadable(Path path, String reason, boolean tooLarge) {
            super(path + ": " + reason);
            this.path = path;
            this.reason = reason;
            this.tooLarge = tooLarge;
        }

        public Path path() {
            return path;
        }

        /** What is wrong, without the path: "is a FIFO, not a regular file". */
        public String reason() {
            return reason;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }

    /**
     * The bytes of {@code path}, which must be a regular file (a link to one is followed) of at most {@code limit}
     * bytes; {@code what} names it in the size message ("a runbook", "a secret file").
     */
    public static byte[] read(Path path, long limit, String what) throws Unreadable {
        check(path, limit, what);
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) throw tooLarge(path, limit, what, -1);
            return bytes;
        } catch (Unreadable e) {
            throw e;
        } catch (IOException e) {
            throw new Unreadable(path, osReason(e), false);
        }
    }

    /** Nothing when {@code path} could be read by {@link #read}; else why not (its type, a loop, its size). */
    public static Optional<Unreadable> problem(Path path, long limit, String what) {
        try {
            check(path, limit, what);
            return Optional.empty();
        } catch (Unreadable e) {
            return Optional.of(e);
        }
    }

    private static void check(Path path, long limit, String what) throws Unreadable {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new Unreadable(path, Files.isSymbolicLink(path) ? "is a symbolic link to " + target(path) + ", which does not exist"
                    : "no such file", false);
        } catch (IOException e) {
            throw new Unreadable(path, osReason(e), false);
        }
        if (attrs.isDirectory()) throw new Unreadable(path, "is a folder, not a file", false);
        if (!attrs.isRegularFile()) throw new Unreadable(path, "is " + kind(path) + ", not a regular file", false);
        if (attrs.size() > limit) throw tooLarge(path, limit, what, attrs.size());
    }

    private static Unreadable tooLarge(Path path, long limit, String what, long size) {
        return new Unreadable(path, (size >= 0 ? "is " + size + " bytes" : "is larger than " + limit + " bytes") + "; the limit for "
                + what + " is " + human(limit), true);
    }

    /** A device, FIFO or socket, as the OS calls it (Linux and macOS report the file type in unix:mode). */
    static String kind(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return "a special file (a device, FIFO or socket)";
        }
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a missing file";
        }
    }

    /** The OS's reason for an I/O failure, without repeating the path. */
    public static String osReason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            String r = fse.getReason();
            if (r.toLowerCase(Locale.ROOT).contains("too many levels of symbolic links")) return "is a loop of symbolic links";
            return r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
        }
        if (e instanceof FileSystemException) return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return String.valueOf(e.getMessage());
    }

    static String human(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) return bytes / MIB + " MiB";
        if (bytes >= KIB && bytes % KIB == 0) return bytes / KIB + " KiB";
        return bytes + " bytes";
    }

    /** True if {@code path} (not followed) exists at all: a file, folder, special file or a link, even a dangling one. */
    public static boolean present(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
