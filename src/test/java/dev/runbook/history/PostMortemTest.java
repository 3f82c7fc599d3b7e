package dev.runbook.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostMortemTest {
    static final Instant GENERATED = Instant.parse("2025-02-01T10:00:00Z");

    /** The findings declarations of the actions the fixture journals use, as the standard catalogue declares them. */
    static final dev.runbook.action.Catalogue CATALOGUE = dev.runbook.action.Catalogue.standard();
    static final java.util.function.Function<String, java.util.Optional<dev.runbook.action.ActionSpec>> FINDINGS = CATALOGUE::spec;

    @TempDir
    Path root;

    private PostMortem report(String id, Instant detected) {
        RunRecord r = new RunIndex(new RunStore(root)).find(id).orElseThrow();
        return PostMortem.of(r.summary(), r.contents().orElseThrow(), detected, FINDINGS);
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
        String json = HistoryJson.line("report", report(JournalFixtures.ROLLED_BACK, null));
        assertThat(json).startsWith("{\"schemaVersion\":1,\"type\":\"report\",").endsWith("}\n").hasLineCount(1);
        assertThat(json).contains("\"started\":\"2025-01-31T14:30:00Z\"").contains("\"outcome\":\"rolled-back\"")
                .contains("\"outcome\":\"rolled back\"").contains("\"approvedBy\":\"bob\"").doesNotContain(JournalFixtures.SECRET);
    }

    /** Every node of the Markdown as CommonMark with GitHub tables reads it (how Confluence and Google Docs import it). */
    private static List<org.commonmark.node.Node> nodes(String md) {
        org.commonmark.parser.Parser parser = org.commonmark.parser.Parser.builder()
                .extensions(List.of(org.commonmark.ext.gfm.tables.TablesExtension.create())).build();
        List<org.commonmark.node.Node> all = new ArrayList<>();
        parser.parse(md).accept(new org.commonmark.node.AbstractVisitor() {
            @Override
            protected void visitChildren(org.commonmark.node.Node parent) {
                all.add(parent);
                super.visitChildren(parent);
            }

            @Override
            public void visit(org.commonmark.node.Text text) {
                all.add(text);
            }

            @Override
            public void visit(org.commonmark.node.Code code) {
                all.add(code);
            }

            @Override
            public void visit(org.commonmark.node.HtmlInline html) {
                all.add(html);
            }

            @Override
            public void visit(org.commonmark.node.HtmlBlock html) {
                all.add(html);
            }

            @Override
            public void visit(org.commonmark.node.FencedCodeBlock code) {
                all.add(code);
            }
        });
        return all;
    }

    @Test
    void is_plain_markdown_without_any_html_even_when_the_journal_holds_tags() throws Exception {
        JournalFixtures.rolledBack(root);
        JournalFixtures.handedOver(root);
        for (String id : List.of(JournalFixtures.ROLLED_BACK, JournalFixtures.HANDED_OVER)) {
            for (boolean full : new boolean[] {false, true}) {
                String md = Markdown.postMortem(report(id, null), GENERATED, full);
                List<org.commonmark.node.Node> nodes = nodes(md);
                assertThat(nodes).as("%s (full timeline: %s)%n%s", id, full, md)
                        .noneMatch(n -> n instanceof org.commonmark.node.HtmlInline || n instanceof org.commonmark.node.HtmlBlock);
                // and no tag is left for a less strict reader: every '<' outside a code block is escaped
                String prose = md.replaceAll("(?ms)^\\s*(`{3,})\\n.*?^\\s*\\1\\n", "");
                assertThat(prose).as(id).doesNotContainPattern("(?<!\\\\)<[A-Za-z/!?]");
                assertThat(md).doesNotContain(JournalFixtures.SECRET);
            }
        }
        String text = nodes(Markdown.postMortem(report(JournalFixtures.HANDED_OVER, null), GENERATED, true)).stream()
                .filter(n -> n instanceof org.commonmark.node.Text).map(n -> ((org.commonmark.node.Text) n).getLiteral())
                .reduce("", String::concat);
        assertThat(text).as("the tags read as the text they were").contains("<script>alert(1)</script>", "SRE <Team> Pager",
                "Fail over <b>the</b> database", "exit 1: <cannot demote>");
    }

    @Test
    void writes_the_markdown_draft_of_a_handed_over_run() throws Exception {
        JournalFixtures.handedOver(root);
        Golden.assertMatches("report-handed-over.md", Markdown.postMortem(report(JournalFixtures.HANDED_OVER, null), GENERATED));
    }

    @Test
    void tells_every_undo_state_as_the_journal_recorded_it() {
        JournalFixtures.handedOver(root);
        JournalFixtures.rolledBack(root);
        String md = Markdown.postMortem(report(JournalFixtures.HANDED_OVER, null), GENERATED);
        assertThat(md).contains("  - `promote` via `shell`: FAILED (exit 1: \\<cannot demote>)",
                "  - `dns` via `manual`: shown, NOT CONFIRMED (the operator did not confirm \\<it>)",
                "  - `fence` via `shell`: undone",
                "  - `lag`: not reached (the rollback stopped before it)",
                "  - result: **FAILED**: the system may be half-changed");
        assertThat(Markdown.postMortem(report(JournalFixtures.ROLLED_BACK, null), GENERATED)).contains("  - `restart`: nothing to undo");
    }

    @Test
    void names_the_hand_over_and_the_escalation() {
        JournalFixtures.handedOver(root);
        PostMortem pm = report(JournalFixtures.HANDED_OVER, null);
        assertThat(pm.handovers()).singleElement().satisfies(h -> assertThat(h.to()).isEqualTo("dave@ops-2"));
        assertThat(pm.escalations()).singleElement().satisfies(x -> assertThat(x.after()).isEqualTo("15m"));
        String md = Markdown.postMortem(pm, GENERATED);
        assertThat(md).contains("## Hand-overs and escalations\n\n"
                + "- 2025-03-01 02:20:00 UTC: escalation due to **SRE \\<Team> Pager** (15m into the run)\n"
                + "- 2025-03-01 02:25:00 UTC: handed over from carol@ops-1 to dave@ops-2; reason: carol's shift \\<ended>\n");
        assertThat(pm.openQuestions()).anySatisfy(q -> assertThat(q).startsWith("Escalation to SRE <Team> Pager was due 15m into the run"));
    }

    @Test
    void the_timeline_has_one_row_per_step_and_every_event_only_on_request() {
        JournalFixtures.rolledBack(root);
        PostMortem pm = report(JournalFixtures.ROLLED_BACK, null);
        // 6 steps, 2 undos, and the run's start, rollback and end; the journal has 25 events
        assertThat(pm.steps()).hasSize(11);
        assertThat(pm.steps()).filteredOn(r -> r.step() != null && !"undo".equals(r.phase())).extracting(PostMortem.Row::step)
                .containsExactly("health", "app", "restart", "scale-out", "notify", "verify-health");
        String md = Markdown.postMortem(pm, GENERATED);
        String full = Markdown.postMortem(pm, GENERATED, true);
        assertThat(md).doesNotContain("## Appendix: every event").contains("--timeline full");
        assertThat(full).contains("## Appendix: every event").startsWith(md.substring(0, md.indexOf("## Timeline")));
        assertThat(full.substring(full.indexOf("## Appendix")).lines().filter(l -> l.startsWith("| 2025-"))).hasSize(25);
    }

    @Test
    void an_earlier_end_of_the_run_and_an_earlier_attempt_of_a_step_stay_in_the_condensed_timeline() {
        JournalFixtures.abortedThenResumed(root);
        PostMortem pm = report(JournalFixtures.RESUMED, null);
        List<String> rows = pm.steps().stream().map(r -> r.step() + " | " + r.result()).toList();
        // before: the abort and the throttled first attempt were dropped; the row showed "(ran 2 times)" after "run resumed"
        assertThat(rows).containsSubsequence(
                "scale-out | earlier attempt: FAILED in 5.0s: 429 Too Many Requests (throttled) (transient)",
                "null | run ended: aborted after 1m6s",
                "null | run resumed by erin on ops-1",
                "scale-out | succeeded (ran 2 times) · approved by erin (terminal)",
                "null | run ended: succeeded");
        assertThat(rows).filteredOn(r -> r.startsWith("null | run ended")).hasSize(2);
        assertThat(Markdown.postMortem(pm, GENERATED)).contains("earlier attempt: FAILED", "run ended: aborted after 1m6s");
    }

    @Test
    void each_escalation_says_whether_its_post_went_out() {
        JournalFixtures.abortedThenResumed(root);
        String md = Markdown.postMortem(report(JournalFixtures.RESUMED, null), GENERATED);
        // before: "escalation due to **SRE Pager** (1m into the run)" and nothing about the page itself
        assertThat(md).contains("escalation due to **SRE Pager** (1m into the run); **may not have been posted** (the run stopped"
                        + " while posting): check with SRE Pager",
                "escalation due to **Team lead** (5m into the run); posted to its webhook (HTTP 200)");
    }

    @Test
    void findings_show_what_each_diagnose_step_found_as_on_screen() {
        JournalFixtures.handedOver(root);
        PostMortem pm = report(JournalFixtures.HANDED_OVER, null);
        assertThat(pm.findings()).extracting(PostMortem.Finding::step, PostMortem.Finding::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple("lag", PostMortem.Result.FAILED),
                org.assertj.core.groups.Tuple.tuple("conns", PostMortem.Result.WARNING),
                org.assertj.core.groups.Tuple.tuple("old-check", PostMortem.Result.SKIPPED));
        // the shell's output tail and the failed response's body, through the renderer of the step lines
        assertThat(pm.findings().get(0).lines()).contains("│ <html><body>lag 93s</body></html>");
        assertThat(pm.findings().get(1).lines()).contains("status: 503 · latency: 12ms", "│ <h1>Service Unavailable</h1>");
        String md = Markdown.postMortem(pm, GENERATED);
        // a failed check shows what it observed (the program's output), never its fields: the error already says "exit 1"
        assertThat(md).contains("  ````\n  │ <html><body>lag 93s</body></html>\n  │ line ```fenced```\n  ````\n").doesNotContain("exitCode: 1");
    }

    /**
     * Journaled text comes from programs, services and clouds: a step's output or error that holds Markdown link or
     * image syntax must not become a live link (a phishing target) or an image (fetched by every reader's browser or
     * wiki, a tracking pixel) in a post-mortem that is pasted into the team's wiki. It reads as written, brackets and all.
     */
    @Test
    void journaled_link_or_image_syntax_is_shown_as_text_never_a_link_or_an_image() {
        String hostile = "failed: see [the runbook fix](https://evil.example/login) ![px](https://tracker.example/p.png?u=1) "
                + "[ref][1] and <https://auto.example>\n[1]: https://evil.example/ref";
        for (String md : List.of("Reason: " + Markdown.text(hostile) + "\n", "| a | b |\n|---|---|\n| x | " + Markdown.cell(hostile) + " |\n")) {
            List<org.commonmark.node.Node> nodes = nodes(md);
            assertThat(nodes).as(md).noneMatch(n -> n instanceof org.commonmark.node.Link || n instanceof org.commonmark.node.Image
                    || n instanceof org.commonmark.node.HtmlInline);
            assertThat(nodes.stream().filter(org.commonmark.node.Text.class::isInstance).map(n -> ((org.commonmark.node.Text) n).getLiteral())
                    .reduce("", String::concat)).as(md).contains("[the runbook fix](https://evil.example/login)", "![px](");
        }
    }
}
