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

    public static Contents read(Path dir) {
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
        String hashAtHead = null;
        String prev = Journal.GENESIS;
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
            if (s != seq + 1) problems.add("line " + lineNo + " has sequence " + s + ", expected " + (seq + 1) + ": lines were removed or reordered");
            if (!prev.equals(node.path("prev").asText())) {
                problems.add("line " + lineNo + " does not carry the hash of the line before it: the journal was edited");
            }
            RunEvent event;
            try {
                event = EventCodec.event(node);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.add("line " + lineNo + " is not a known event: " + e.getMessage().lines().findFirst().orElse(""));
                break;
            }
            entries.add(new Entry(s, node.path("ts").asText(), event));
            seq = s;
            prev = Journal.sha256(line);
            if (head != null && s == head.seq()) hashAtHead = prev;
            valid = start;
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
