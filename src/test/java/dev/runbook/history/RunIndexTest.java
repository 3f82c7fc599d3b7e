package dev.runbook.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunIndexTest {
    @TempDir
    Path root;
    RunIndex index;

    @BeforeEach
    void setUp() {
        JournalFixtures.rolledBack(root);
        JournalFixtures.succeeded(root);
        JournalFixtures.unfinished(root);
        JournalFixtures.interrupted(root);
        index = new RunIndex(new RunStore(root));
    }

    @Test
    void lists_every_run_newest_first_with_its_facts() {
        assertThat(index.list(RunFilter.ALL)).extracting(RunSummary::id).containsExactly(
                JournalFixtures.SUCCEEDED, JournalFixtures.ROLLED_BACK, JournalFixtures.INTERRUPTED, JournalFixtures.UNFINISHED);
        RunSummary r = index.find(JournalFixtures.ROLLED_BACK).orElseThrow().summary();
        assertThat(r.runbook()).isEqualTo("service-down");
        assertThat(r.mode()).isEqualTo("execute");
        assertThat(r.operator()).isEqualTo("alice");
        assertThat(r.incident()).isEqualTo("INC-42");
        assertThat(r.outcome()).contains(RunOutcome.ROLLED_BACK);
        assertThat(r.started()).isEqualTo(Instant.parse("2025-01-31T14:30:00Z"));
        assertThat(r.duration()).contains(Duration.ofSeconds(510));
        assertThat(r.integrity()).isEqualTo(Integrity.INTACT);
    }

    @Test
    void filters_by_runbook_outcome_time_and_incident() {
        assertThat(index.list(new RunFilter("cache-flush", null, null, null, null))).extracting(RunSummary::id)
                .containsExactly(JournalFixtures.SUCCEEDED, JournalFixtures.INTERRUPTED);
        assertThat(index.list(new RunFilter(null, "unfinished", null, null, null))).extracting(RunSummary::id)
                .containsExactly(JournalFixtures.UNFINISHED);
        assertThat(index.list(new RunFilter(null, "rolled-back", null, null, null))).hasSize(1);
        assertThat(index.list(new RunFilter(null, null, Instant.parse("2025-01-31T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"), null)))
                .extracting(RunSummary::id).containsExactly(JournalFixtures.ROLLED_BACK);
        assertThat(index.list(new RunFilter(null, null, null, null, "INC-7"))).extracting(RunSummary::id)
                .as("incident ids match case-insensitively").containsExactly(JournalFixtures.INTERRUPTED, JournalFixtures.UNFINISHED);
    }

    @Test
    void rejects_an_unknown_outcome_naming_the_allowed_ones() {
        assertThatThrownBy(() -> new RunFilter(null, "done", null, null, null))
                .hasMessageContaining("unknown outcome 'done'").hasMessageContaining("rolled-back").hasMessageContaining("unfinished");
    }

    @Test
    void reports_an_edited_journal_as_broken_but_still_lists_it() throws Exception {
        JournalFixtures.tamper(root, JournalFixtures.ROLLED_BACK, "\"answer\":\"approve\",\"via\":\"--approve\",\"user\":\"bob\"",
                "\"answer\":\"approve\",\"via\":\"--approve\",\"user\":\"eve\"");
        RunSummary r = index.find(JournalFixtures.ROLLED_BACK).orElseThrow().summary();
        assertThat(r.integrity()).isEqualTo(Integrity.BROKEN);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("does not carry the hash"));
        assertThat(index.list(new RunFilter(null, "damaged", null, null, null))).extracting(RunSummary::id)
                .containsExactly(JournalFixtures.ROLLED_BACK);
    }

    @Test
    void tolerates_a_torn_last_line_left_by_a_crash() throws Exception {
        JournalFixtures.tornLine(root, JournalFixtures.UNFINISHED);
        RunSummary r = index.find(JournalFixtures.UNFINISHED).orElseThrow().summary();
        assertThat(r.integrity()).isEqualTo(Integrity.INTACT);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("incomplete"));
        assertThat(r.events()).isEqualTo(2);
        assertThat(r.finished()).isFalse();
    }

    @Test
    void reports_events_cut_off_the_end_as_truncation() throws Exception {
        JournalFixtures.truncate(root, JournalFixtures.SUCCEEDED, 2);
        RunSummary r = index.find(JournalFixtures.SUCCEEDED).orElseThrow().summary();
        assertThat(r.integrity()).isEqualTo(Integrity.BROKEN);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("truncated"));
        assertThat(r.status()).isEqualTo("unfinished");
    }

    @Test
    void shows_an_unreadable_journal_with_what_its_id_tells() throws Exception {
        JournalFixtures.garbage(root, "20250301-101010-db-failover-9f9f");
        RunSummary r = index.list(RunFilter.ALL).get(0);
        assertThat(r.id()).isEqualTo("20250301-101010-db-failover-9f9f");
        assertThat(r.integrity()).isEqualTo(Integrity.UNREADABLE);
        assertThat(r.runbook()).isEqualTo("db-failover");
        assertThat(r.started()).isEqualTo(Instant.parse("2025-03-01T10:10:10Z"));
        assertThat(r.unfinished()).isTrue();
    }

    @Test
    void resolves_a_unique_id_prefix_and_refuses_an_ambiguous_one() {
        assertThat(index.resolve("20250131").summary().id()).isEqualTo(JournalFixtures.ROLLED_BACK);
        assertThatThrownBy(() -> index.resolve("202501")).hasMessageContaining("matches 3 runs");
        assertThatThrownBy(() -> index.resolve("nope")).hasMessageContaining("no run 'nope'");
    }
}
