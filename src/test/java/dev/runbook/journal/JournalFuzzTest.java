package dev.runbook.journal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.testing.Fuzz;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the journal reader and of the replay that {@code resume} and {@code runs show} build on
 * it (see {@link Fuzz}). The input is a run directory: the journal's bytes, then optionally a NUL byte and the
 * {@code head} file's bytes. The contract: {@link JournalReader#read} returns the contents (problems listed) or
 * throws {@link JournalException}; {@link RunHistory#replay} of what it read returns or throws {@link JournalException}.
 */
class JournalFuzzTest {
    @FuzzTest
    void readAndReplay(byte[] data) {
        Path dir = Fuzz.runDir(data, Journal.FILE, Journal.HEAD);
        String shown = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        JournalReader.Contents c;
        try {
            c = JournalReader.read(dir);
        } catch (JournalException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) throw Fuzz.broken("a journal error without a message", shown);
            return;
        }
        if (c.validBytes() < 0 || c.validBytes() > data.length) throw Fuzz.broken("valid bytes outside the file: " + c.validBytes(), shown);
        c.intact();
        try {
            RunHistory.replay(c.events());
        } catch (JournalException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) throw Fuzz.broken("a replay error without a message", shown);
        }
    }
}
