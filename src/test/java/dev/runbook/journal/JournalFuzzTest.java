package dev.runbook.journal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.testing.Fuzz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the journal reader and of the replay that {@code resume} and {@code runs show} build on
 * it (see {@link Fuzz}). The input is a run directory: the journal's bytes, then optionally a NUL byte and the
 * {@code head} file's bytes. The contract: {@link JournalReader#read} returns the contents (problems listed) or
 * throws {@link JournalException}; {@link RunHistory#replay} of what it read returns or throws {@link JournalException}.
 */
class JournalFuzzTest {
    @FuzzTest
    void readAndReplay(byte[] data) {
        int nul = -1;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                nul = i;
                break;
            }
        }
        Path dir = Fuzz.scratch(Journal.FILE, nul < 0 ? data : Arrays.copyOf(data, nul)).getParent();
        try {
            if (nul < 0) Files.deleteIfExists(dir.resolve(Journal.HEAD));
            else Files.write(dir.resolve(Journal.HEAD), Arrays.copyOfRange(data, nul + 1, data.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
