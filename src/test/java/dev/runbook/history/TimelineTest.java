package dev.runbook.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunStore;
import dev.runbook.journal.StepStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {
    @TempDir
    Path root;

    private Timeline timeline(String id) {
        RunRecord r = new RunIndex(new RunStore(root)).find(id).orElseThrow();
        return Timeline.of(r.summary(), r.contents().orElseThrow());
    }

    @Test
    void replays_steps_gates_retries_and_rollback() {
        JournalFixtures.rolledBack(root);
        Timeline t = timeline(JournalFixtures.ROLLED_BACK);
        Timeline.StepRun restart = t.steps().stream().filter(s -> s.step().equals("restart")).findFirst().orElseThrow();
        assertThat(restart.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(restart.tries()).isEqualTo(2);
        assertThat(restart.retries()).singleElement().satisfies(r -> assertThat(r.error()).contains("503"));
        assertThat(restart.started()).isEqualTo(Instant.parse("2025-01-31T14:32:00Z"));
        assertThat(restart.duration()).isEqualTo(Duration.ofSeconds(40));
        assertThat(restart.gate().user()).isEqualTo("alice");
        assertThat(restart.gate().at()).isEqualTo(Instant.parse("2025-01-31T14:32:00Z"));
        assertThat(t.gates()).extracting(Timeline.GateRecord::user).containsExactly("alice", "bob");
        assertThat(t.decisions()).singleElement().satisfies(d -> assertThat(d.choice()).isEqualTo("rollback"));
        assertThat(t.rollbacks()).singleElement().satisfies(rb -> {
            assertThat(rb.ok()).isTrue();
            assertThat(rb.undos()).extracting(Timeline.UndoRecord::step).containsExactly("scale-out", "restart");
        });
    }

    @Test
    void renders_the_timeline_as_text() throws Exception {
        JournalFixtures.rolledBack(root);
        String text = Texts.timeline(timeline(JournalFixtures.ROLLED_BACK));
        assertThat(text).doesNotContain(JournalFixtures.SECRET);
        Golden.assertMatches("timeline-rolled-back.txt", text);
    }

    @Test
    void puts_a_broken_chain_first() throws Exception {
        JournalFixtures.rolledBack(root);
        JournalFixtures.tamper(root, JournalFixtures.ROLLED_BACK, "\"user\":\"bob\"", "\"user\":\"eve\"");
        String text = Texts.timeline(timeline(JournalFixtures.ROLLED_BACK));
        assertThat(text).startsWith("!! JOURNAL INTEGRITY BROKEN");
        assertThat(text).contains("does not carry the hash of the line before it");
        assertThat(text).contains("journal   BROKEN");
    }

    @Test
    void shows_an_unfinished_run_with_its_step_in_doubt() {
        JournalFixtures.unfinished(root);
        Timeline t = timeline(JournalFixtures.UNFINISHED);
        assertThat(t.steps()).singleElement().satisfies(s -> {
            assertThat(s.status()).isNull();
            assertThat(s.tries()).isEqualTo(1);
        });
        assertThat(Texts.timeline(t)).contains("outcome   unfinished (last event 2025-01-10 08:01:00 UTC)");
    }
}
