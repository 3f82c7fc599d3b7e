package dev.runbook.history;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalReader;
import dev.runbook.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Coverage-guided fuzzing of what {@code runs show} and {@code report} do with a journal (see {@link Fuzz}); the
 * input is a run directory as in {@code JournalFuzzTest}. The contract: whatever {@link JournalReader#read} accepts
 * (a damaged journal is listed with its problems, not refused), the summary, the timeline (text and JSON) and the
 * post-mortem draft (Markdown and JSON) are rendered without an exception.
 */
class HistoryFuzzTest {
    private static final Instant DETECTED = Instant.parse("2026-12-07T09:55:00Z");

    @FuzzTest
    void showAndReport(byte[] data) {
        JournalReader.Contents c;
        try {
            c = JournalReader.read(Fuzz.runDir(data, Journal.FILE, Journal.HEAD));
        } catch (JournalException e) {
            return;
        }
        try {
            RunSummary summary = RunIndex.summarize("20261207-100000-restart-api-a1b2", c);
            Timeline t = Timeline.of(summary, c);
            Texts.timeline(t);
            HistoryJson.line("run.timeline", t);
            PostMortem pm = PostMortem.of(summary, c, DETECTED, uses -> java.util.Optional.empty());
            Markdown.postMortem(pm, DETECTED, true);
            HistoryJson.line("report", pm);
            Texts.table(java.util.List.of(summary));
        } catch (RuntimeException | StackOverflowError e) {
            AssertionError a = Fuzz.broken("rendering a journal the reader accepted threw " + e, new String(data, StandardCharsets.UTF_8));
            a.initCause(e);
            throw a;
        }
    }
}
