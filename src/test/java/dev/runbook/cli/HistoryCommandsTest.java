package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.history.JournalFixturesAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HistoryCommandsTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2025-05-05T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    record Run(int code, String out, String err) {}

    private Run run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run runs(String... args) {
        return run(new RunsCommand(Map.of("RUNBOOK_STATE_DIR", root.toString()), NOW), args);
    }

    private Run report(String... args) {
        return run(new ReportCommand(Map.of("RUNBOOK_STATE_DIR", root.toString()), NOW), args);
    }

    @BeforeEach
    void fixtures() {
        JournalFixturesAccess.all(root);
    }

    @Test
    void lists_runs_as_a_table() {
        Run r = runs();
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("RUNBOOK").contains("INCIDENT");
        assertThat(r.out()).contains("20250131-143000-service-down-a1b2  service-down  execute  2025-01-31 14:30  8m30s     rolled-back");
    }

    @Test
    void finds_all_runs_of_one_incident_as_json() {
        Run r = runs("--incident", "inc-7", "--format", "json");
        assertThat(r.code()).isZero();
        // one JSON line per run
        assertThat(r.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"schemaVersion\":1,\"type\":\"run\","));
        assertThat(r.out()).contains("\"id\":\"20250110-080000-service-down-e5f6\"")
                .contains("\"id\":\"20250111-080000-cache-flush-0a0b\"").doesNotContain("a1b2");
    }

    @Test
    void rejects_a_bad_since_with_the_accepted_forms() {
        Run r = runs("--since", "last week");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'last week' is not a time").contains("7d");
    }

    @Test
    void shows_a_timeline_and_exits_1_when_the_chain_is_broken() throws Exception {
        assertThat(runs("show", "20250131").code()).isZero();
        JournalFixturesAccess.tamper(root);
        Run r = runs("--state-dir", root.toString(), "show", "20250131-143000-service-down-a1b2");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).startsWith("!! JOURNAL INTEGRITY BROKEN");
    }

    @Test
    void says_how_to_find_a_run_that_does_not_exist() {
        Run r = runs("show", "nope");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no run 'nope'").contains("runbook runs");
    }

    @Test
    void prune_never_deletes_an_unfinished_run_and_prints_what_it_deleted() {
        Run dry = runs("prune", "--older-than", "90d", "--dry-run");
        assertThat(dry.out()).contains("would delete 20250131-143000-service-down-a1b2")
                .contains("kept 20250110-080000-service-down-e5f6  (no recorded end")
                .contains("kept 20250111-080000-cache-flush-0a0b  (interrupted: it may still be resumed)")
                .contains("Nothing was deleted");
        assertThat(root.resolve("runs/20250131-143000-service-down-a1b2")).exists();

        Run r = runs("prune", "--older-than", "90d");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("deleted 20250131-143000-service-down-a1b2").doesNotContain("deleted 20250205");
        assertThat(root.resolve("runs/20250131-143000-service-down-a1b2")).doesNotExist();
        assertThat(root.resolve("runs/20250205-091500-cache-flush-c3d4")).as("younger than 90 days").exists();
        assertThat(root.resolve("runs/20250110-080000-service-down-e5f6")).exists();
        assertThat(root.resolve("runs/20250111-080000-cache-flush-0a0b")).exists();
    }

    @Test
    void prune_requires_a_real_age() {
        Run r = runs("prune", "--older-than", "ninety");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("not an age");
    }

    @Test
    void report_writes_a_file_and_refuses_to_overwrite_the_review() throws Exception {
        Path file = root.resolve("pm/INC-42.md");
        Run r = report("20250131", "-o", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("wrote ");
        assertThat(Files.readString(file)).startsWith("# Post-mortem (draft): Critical service outage response - INC-42");
        Files.writeString(file, "edited by the review");
        Run again = report("20250131", "-o", file.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("--force");
        assertThat(Files.readString(file)).isEqualTo("edited by the review");
    }

    @Test
    void report_as_json_measures_from_detection() {
        Run r = report("20250131", "--format", "json", "--detected", "2025-01-31T14:10:00Z");
        assertThat(r.code()).isZero();
        assertThat(r.out()).hasLineCount(1).contains("\"originKind\":\"detection\"").contains("\"withinTarget\":false");
    }

    @Test
    void report_of_a_broken_journal_warns_and_exits_1() throws Exception {
        JournalFixturesAccess.tamper(root);
        Run r = report("20250131");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains("WARNING: the journal failed its hash-chain check");
        assertThat(r.err()).contains("fails its hash-chain check");
    }
}
