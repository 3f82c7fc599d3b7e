package dev.runbook.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostMortemTest {
    static final Instant GENERATED = Instant.parse("2025-02-01T10:00:00Z");

    @TempDir
    Path root;

    private PostMortem report(String id, Instant detected) {
        RunRecord r = new RunIndex(new RunStore(root)).find(id).orElseThrow();
        return PostMortem.of(Timeline.of(r.summary(), r.contents().orElseThrow()), detected);
    }

    @Test
    void writes_the_markdown_draft() throws Exception {
        JournalFixtures.rolledBack(root);
        String md = Markdown.postMortem(report(JournalFixtures.ROLLED_BACK, null), GENERATED);
        assertThat(md).doesNotContain(JournalFixtures.SECRET);
        Golden.assertMatches("report-rolled-back.md", md);
    }

    @Test
    void measures_the_first_change_against_the_severity_target() {
        JournalFixtures.rolledBack(root);
        PostMortem.Response r = report(JournalFixtures.ROLLED_BACK, null).response();
        assertThat(r.target()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.firstChangeStep()).isEqualTo("restart");
        assertThat(r.toFirstChange()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.withinTarget()).isTrue();
        assertThat(r.resolved()).as("a rolled-back run resolved nothing").isNull();
    }

    /** Found by HistoryFuzzTest (damaged-journal-11..13): a write step's end without its start threw a NullPointerException. */
    @Test
    void a_damaged_journal_with_a_write_steps_end_but_not_its_start_is_drafted_without_it_as_first_change() throws Exception {
        JournalFixtures.rolledBack(root);
        Path journal = JournalFixtures.runDir(root, JournalFixtures.ROLLED_BACK).resolve("journal.jsonl");
        java.util.List<String> lines = java.nio.file.Files.readAllLines(journal);
        assertThat(lines.removeIf(l -> l.contains("\"type\":\"step.start\"") && l.contains("\"step\":\"restart\""))).isTrue();
        java.nio.file.Files.write(journal, lines);
        PostMortem pm = report(JournalFixtures.ROLLED_BACK, null);
        assertThat(pm.response().firstChangeStep()).isNotEqualTo("restart");
        assertThat(Markdown.postMortem(pm, GENERATED)).contains("restart");
    }

    @Test
    void measures_from_detection_when_given_and_asks_what_delayed_a_late_change() {
        JournalFixtures.rolledBack(root);
        PostMortem pm = report(JournalFixtures.ROLLED_BACK, Instant.parse("2025-01-31T14:10:00Z"));
        assertThat(pm.response().originKind()).isEqualTo("detection");
        assertThat(pm.response().toFirstChange()).isEqualTo(Duration.ofMinutes(22));
        assertThat(pm.response().withinTarget()).isFalse();
        assertThat(pm.openQuestions()).anySatisfy(q -> assertThat(q).contains("over the P0 target of 15m: what delayed it?"));
        assertThat(pm.openQuestions()).noneSatisfy(q -> assertThat(q).contains("When was the problem detected"));
    }

    @Test
    void lists_approvers_rollback_and_messages() {
        JournalFixtures.rolledBack(root);
        PostMortem pm = report(JournalFixtures.ROLLED_BACK, null);
        assertThat(pm.actions()).extracting(PostMortem.ActionTaken::step, PostMortem.ActionTaken::approvedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("restart", "alice"),
                        org.assertj.core.groups.Tuple.tuple("scale-out", "bob"),
                        org.assertj.core.groups.Tuple.tuple("notify", null));
        assertThat(pm.communications()).singleElement().satisfies(c -> assertThat(c.text()).contains("Mitigating INC-42"));
        assertThat(pm.openQuestions()).anySatisfy(q -> assertThat(q).startsWith("Why did step 'verify-health' fail?"));
        assertThat(pm.whys()).hasSize(5);
    }

    @Test
    void warns_at_the_top_when_the_chain_is_broken() throws Exception {
        JournalFixtures.rolledBack(root);
        JournalFixtures.tamper(root, JournalFixtures.ROLLED_BACK, "\"user\":\"bob\"", "\"user\":\"eve\"");
        PostMortem pm = report(JournalFixtures.ROLLED_BACK, null);
        String md = Markdown.postMortem(pm, GENERATED);
        assertThat(md.lines().limit(8)).anySatisfy(l -> assertThat(l).contains("WARNING: the journal failed its hash-chain check"));
        assertThat(pm.openQuestions().get(0)).contains("hash chain does not verify");
    }

    @Test
    void writes_json_with_iso_times_and_no_secret() {
        JournalFixtures.rolledBack(root);
        String json = HistoryJson.write(report(JournalFixtures.ROLLED_BACK, null));
        assertThat(json).contains("\"started\" : \"2025-01-31T14:30:00Z\"").contains("\"outcome\" : \"rolled-back\"")
                .contains("\"approvedBy\" : \"bob\"").doesNotContain(JournalFixtures.SECRET);
    }
}
