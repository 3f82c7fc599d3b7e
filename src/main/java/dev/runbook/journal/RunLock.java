package dev.runbook.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock that stops two runs of the same runbook with the same parameters at once on one machine.
 * The OS releases it when the process dies, even on kill -9, so a crashed run never leaves it stuck. The file is
 * opened without following a symbolic link (a link planted in its place is refused, its target never touched) and
 * created with mode 0600. A lock may hold a second one ({@link #and}), released with it.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another run holds the lock; {@code holder} is what that run wrote into the lock file. */
    public static final class Held extends Exception {
        private static final long serialVersionUID = 1L;
        private final String holder;

        Held(String holder) {
            super("another run of this runbook with the same parameters is in progress" + (holder.isBlank() ? "" : " (" + holder + ")"));
            this.holder = holder;
        }

        public String holder() {
            return holder;
        }
    }

    /** Takes the lock at {@code file}, writing {@code owner} (run id, pid) into it for whoever is refused. */
    public static RunLock acquire(Path file, String owner) throws Held {
        try {
            RunStore.folder(file.getParent(), "the locks folder");
            FileChannel ch;
            try {
                ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS), PRIVATE_FILE);
            } catch (IOException e) {
                // (O_NOFOLLOW on a link fails with ELOOP, reported as a plain IOException)
                if (Files.isSymbolicLink(file)) {
                    throw JournalException.local("the run lock " + file + " is a symbolic link; it is not followed (it may have been planted"
                            + " to make runbook overwrite its target). Remove it");
                }
                throw e;
            }
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = readHolder(ch);
                ch.close();
                throw new Held(holder);
            }
            try {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(false);
            } catch (IOException e) {
                ch.close(); // releases the lock too
                throw e;
            }
            return new RunLock(file, ch, l);
        } catch (IOException e) {
            throw JournalException.io("take the run lock", file, e);
        }
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(512);
            int n = ch.read(buf, 0);
            return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }


    private RunLock inner;

    /** This lock and {@code other}, released together (the other first). */
    public RunLock and(RunLock other) {
        this.inner = other;
        return this;
    }

    private static final java.nio.file.attribute.FileAttribute<?>[] PRIVATE_FILE =
            java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))}
                    : new java.nio.file.attribute.FileAttribute<?>[0];

    @Override
    public void close() {
        try {
            if (inner != null) inner.close();
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw JournalException.io("release the run lock", file, e);
        }
    }
}
