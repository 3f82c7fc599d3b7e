package dev.runbook.journal;

import dev.runbook.secret.Redactor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * The append-only JSONL record of one run. Each line carries the SHA-256 of the line before it ({@code prev}),
 * so an edited or removed line breaks the chain; {@code head} holds the latest sequence number and hash, so
 * lines cut off the end are noticed too.
 *
 * <p>Every event is written to the file before {@link #append} returns, so it survives the process being
 * killed. Events that come before a change — a mutating step or undo starting, a gate answer, the run's
 * start, decisions and end — are also fsynced (with everything before them) and recorded in {@code head},
 * so after a power loss the journal still shows every change that may have begun. Read steps, progress and
 * step ends are not fsynced one by one: losing them costs at most a re-run of a read, or an "in doubt"
 * question on resume, and fsyncing each of them made a 1,000-step run spend ~10 ms per step on this disk.
 */
public final class Journal implements Closeable {
    public static final String FILE = "journal.jsonl";
    public static final String HEAD = "head";
    static final String GENESIS = "0".repeat(64);

    private final Path dir;
    private final FileChannel channel;
    private final Redactor redactor;
    private final Clock clock;
    private long seq;
    private String prev;
    private boolean unsynced;
    /** Bytes of whole lines written (and synced as {@link #mustSync} wants): where a failed write is cut back to. */
    private long size;
    /** Why the journal cannot be written any more; null while it can. */
    private String broken;
    private JournalMirror mirror;

    private Journal(Path dir, FileChannel channel, Redactor redactor, Clock clock, long seq, String prev) {
        this.dir = dir;
        this.channel = channel;
        this.redactor = redactor;
        this.clock = clock;
        this.seq = seq;
        this.prev = prev;
    }

    /** Starts the journal of a new run in {@code dir} (which must not hold one yet). */
    public static Journal create(Path dir, Redactor redactor, Clock clock) {
        RunStore.folder(dir, "the run's folder");
        try {
            FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Journal(dir, ch, redactor, clock, 0, GENESIS);
        } catch (IOException e) {
            throw JournalException.io("create the journal", dir.resolve(FILE), e);
        }
    }

    /** Continues an existing, verified journal (resume); a torn last line from a crash is cut off first. */
    public static Journal reopen(JournalReader.Contents contents, Redactor redactor, Clock clock) {
        try {
            Path file = contents.dir().resolve(FILE);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
            ch.truncate(contents.validBytes());
            ch.position(contents.validBytes());
            Journal j = new Journal(contents.dir(), ch, redactor, clock, contents.lastSeq(), contents.lastHash());
            j.size = contents.validBytes();
            return j;
        } catch (IOException e) {
            throw JournalException.io("reopen the journal", contents.dir().resolve(FILE), e);
        }
    }

    public Path dir() {
        return dir;
    }

    private JournalKey key;
    private final java.util.Set<String> mutating = new java.util.HashSet<>();

    /**
     * Keys the chain (HMAC-SHA256 under {@code k}; null: plain SHA-256). Given before the first event of a new journal,
     * it also starts the chain at the key's genesis; for a reopened journal it must be the key it was written with.
     */
    public synchronized Journal key(JournalKey k) {
        this.key = k;
        if (seq == 0) prev = k != null ? k.genesis() : GENESIS;
        return this;
    }

    /** From now on every journaled line goes to {@code m} first (a team state store); null for none. */
    public synchronized Journal mirror(JournalMirror m) {
        this.mirror = m;
        return this;
    }

    public synchronized void append(RunEvent event) {
        if (!event.journaled()) return;
        // after a failed write nothing more is recorded, so nothing more may happen
        if (broken != null) throw JournalException.local(broken);
        String line = EventCodec.line(seq + 1, clock.instant(), prev, event, redactor);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        // the shared copy first: a run that was taken over elsewhere must not record (nor then do) anything more
        if (mirror != null) mirror.append(seq + 1, line);
        try {
            if (CrashPoint.tearsAt(seq + 1)) CrashPoint.tear(channel, bytes);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) channel.write(buf);
            seq++;
            prev = key != null ? key.mac(line) : sha256(line);
            unsynced = true;
            if (mustSync(event)) sync();
            else if (event instanceof RunEvent.StepFinished f && mutating.contains(f.step())) sync();
            // the end of a change is a durable point too: head then names it, so editing it is noticed
            if (event instanceof RunEvent.StepStarted st && !"read".equals(st.effect())) mutating.add(st.step());
            size += bytes.length;
            if (CrashPoint.haltsAfter(seq)) CrashPoint.halt();
        } catch (IOException e) {
            JournalException failed = JournalException.io("write the journal", dir.resolve(FILE), e);
            broken = failed.getMessage();
            // the event did not happen: a line cut short by a full disk is taken back, so the journal still verifies
            try {
                channel.truncate(size);
                channel.position(size);
            } catch (IOException again) {
                // the reader drops a torn last line anyway
            }
            throw failed;
        }
    }

    /** Events that precede a change, or record a decision or the run's bounds, are made durable at once. */
    static boolean mustSync(RunEvent event) {
        if (event instanceof RunEvent.StepStarted s) return !"read".equals(s.effect());
        return !(event instanceof RunEvent.StepFinished || event instanceof RunEvent.StepProgress
                || event instanceof RunEvent.StepRetrying || event instanceof RunEvent.StepPlanned
                || event instanceof RunEvent.OperatorText || event instanceof RunEvent.UndoFinished);
    }

    private void sync() throws IOException {
        if (!unsynced) return;
        channel.force(false);
        writeHead();
        unsynced = false;
    }

    private void writeHead() throws IOException {
        Path tmp = dir.resolve(HEAD + ".tmp");
        Files.writeString(tmp, seq + " " + prev + "\n");
        Files.move(tmp, dir.resolve(HEAD), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(String line) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen() && broken == null) sync();
            channel.close();
        } catch (IOException e) {
            throw JournalException.io("close the journal", dir.resolve(FILE), e);
        }
    }
}
