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
 * The OS releases it when the process dies, even on kill -9, so a crashed run never leaves it stuck.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
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
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new RunLock(ch, l);
        } catch (IOException e) {
            throw new JournalException("cannot take the run lock " + file + ": " + e.getMessage(), e);
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


    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new JournalException("cannot release the run lock: " + e.getMessage(), e);
        }
    }
}
