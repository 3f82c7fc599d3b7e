package dev.runbook.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.parse.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a run's journal back and verifies its hash chain. */
public final class JournalReader {
    private JournalReader() {}

    public record Entry(long seq, String ts, RunEvent event) {}

    /**
     * @param problems   tampering or truncation found (empty when the chain is intact)
     * @param warnings   harmless findings, such as a torn last line left by a crash
     * @param validBytes length of the intact prefix (where a resumed run appends)
     */
    public record Contents(Path dir, List<Entry> entries, List<String> problems, List<String> warnings,
                           long lastSeq, String lastHash, long validBytes) {
        public boolean intact() {
            return problems.isEmpty();
        }

        public List<RunEvent> events() {
            return entries.stream().map(Entry::event).toList();
        }
    }

    /** A journal larger than this is refused (a 1,000-step run writes a few MiB). */
    public static final long MAX_BYTES = 256 * InputFiles.MIB;

    /**
     * Reads and verifies a journal without a key (a keyed one is read, its chain reported unverifiable), not asking for
     * a head: for copies of a team store's journal, which have none.
     */
    public static Contents read(Path dir) {
        return read(dir, null, false);
    }

    /** Reads and verifies a run's own journal, whose head must exist once it holds two events. */
    public static Contents read(Path dir, JournalKey key) {
        return read(dir, key, true);
    }

    /**
     * Reads {@code dir}'s journal and verifies its chain: SHA-256, or HMAC-SHA256 under {@code key} when the journal was
     * written with one. With a key, a journal whose chain is plain SHA-256 is reported: it was rewritten without the key
     * (or written before the key was set).
     */
    public static Contents read(Path dir, JournalKey key, boolean headRequired) {
        Path file = dir.resolve(Journal.FILE);
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, MAX_BYTES, "a journal");
        } catch (InputFiles.Unreadable e) {
            throw JournalException.local(e.reason().equals("no such file") ? "no journal at " + file : "cannot read the journal " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Head head = readHead(dir, problems);
        boolean headUnreadable = !problems.isEmpty();
        String hashAtHead = null;
        String prev = Journal.GENESIS;
        JournalKey mac = null;
        boolean keyed = false;
        long seq = 0;
        long valid = 0;
        int start = 0;
        int lineNo = 0;
        while (start < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', start);
            lineNo++;
            if (nl < 0) {
                warnings.add("line " + lineNo + " is incomplete (the run was killed while writing it); it is ignored");
                break;
            }
            String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            start = nl + 1;
            JsonNode node;
            try {
                node = EventCodec.parse(line);
            } catch (JsonProcessingException e) {
                problems.add("line " + lineNo + " is not valid JSON: the journal was edited");
                break;
            }
            long s = node.path("seq").asLong(-1);
            if (lineNo == 1) {
                String first = node.path("prev").asText();
                if (key != null && first.equals(Journal.GENESIS)) {
                    problems.add("the journal's chain is plain SHA-256 though " + JournalKey.ENV + " is set: it was rewritten without"
                            + " the key, or written before the key was set (resume such a run with the key unset)");
                    mac = null;
                } else if (key != null) {
                    prev = key.genesis();
                    mac = key;
                } else if (!first.equals(Journal.GENESIS)) {
                    warnings.add("the journal is keyed (HMAC-SHA256); set " + JournalKey.ENV + " to verify its chain");
                    keyed = true;
                    prev = first;
                }
            }
            if (keyed) prev = node.path("prev").asText(); // cannot be checked without the key
            if (s != seq + 1) problems.add("line " + lineNo + " has sequence " + s + ", expected " + (seq + 1) + ": lines were removed or reordered");
            if (!prev.equals(node.path("prev").asText())) {
                problems.add("line " + lineNo + " does not carry the hash of the line before it: the journal was edited");
            }
            RunEvent event;
            try {
                event = EventCodec.event(node);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.add("line " + lineNo + " is not a known event: " + dev.runbook.text.Display.headline(e.getMessage()));
                break;
            }
            entries.add(new Entry(s, node.path("ts").asText(), event));
            seq = s;
            prev = mac != null ? mac.mac(line) : Journal.sha256(line);
            if (head != null && s == head.seq()) hashAtHead = prev;
            valid = start;
        }
        if (keyed) {
            hashAtHead = head == null ? null : head.hash();
        }
        if (headRequired && head == null && entries.size() >= 2 && !headUnreadable) {
            // run.start is made durable, head written, before a second event exists: only a deleted head is missing here
            problems.add("the head file is missing though " + entries.size() + " events were written after a durable point: it was deleted");
        }
        checkHead(head, seq, hashAtHead, problems);
        return new Contents(dir, List.copyOf(entries), List.copyOf(problems), List.copyOf(warnings), seq, prev, valid);
    }

    /** The last durable point: event {@code seq} had hash {@code hash}. Events after it may exist (not fsynced one by one). */
    private record Head(long seq, String hash) {}

    private static Head readHead(Path dir, List<String> problems) {
        Path head = dir.resolve(Journal.HEAD);
        if (!Files.exists(head)) return null;
        try {
            String[] parts = new String(InputFiles.read(head, 4 * InputFiles.KIB, "a head file"), StandardCharsets.UTF_8).trim().split(" ");
            return new Head(Long.parseLong(parts[0]), parts[1]);
        } catch (IOException | RuntimeException e) {
            problems.add("the head file is unreadable: " + e.getMessage());
            return null;
        }
    }

    private static void checkHead(Head head, long seq, String hashAtHead, List<String> problems) {
        if (head == null) return;
        if (head.seq() > seq) {
            problems.add("the journal ends at event " + seq + " but " + head.seq() + " were written: it was truncated");
        } else if (!head.hash().equals(hashAtHead)) {
            problems.add("event " + head.seq() + " does not match the recorded head hash: the journal was edited");
        }
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) return i;
        }
        return -1;
    }
}
