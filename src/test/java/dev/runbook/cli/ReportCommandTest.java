package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook report} on a real rehearsal of the shipped {@code service-down} runbook, scenario
 * {@code restart-does-not-help}: the diagnosis finds the database refusing connections, restart and scale-out change
 * nothing, verify fails and the run is rolled back. Compared with a golden file after masking what differs between
 * runs (times, durations, the run id, the user and host).
 */
class ReportCommandTest {
    static final Catalogue CATALOGUE = Catalogue.standard();

    @TempDir
    Path state;

    private Cli.Run run(String... args) {
        return new Cli(Path.of(""), Map.of("RUNBOOK_STATE_DIR", state.toString(), "NO_COLOR", "1"), CATALOGUE).run(args);
    }

    /** What differs between two rehearsals of the same scenario: wall-clock times and durations, the id, who and where. */
    static String masked(String md, String runId, String user, String host) {
        String s = md.replace(runId, "RUN-ID").replace(" " + user + " on " + host, " USER on HOST")
                .replace("by " + user + " (", "by USER (").replace("| " + user + " (", "| USER (")
                .replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}", "DATE TIME")
                .replaceAll("\\b\\d{2}:\\d{2}:\\d{2}\\b", "TIME");
        // durations as Texts.duration writes them (1h2m3s, 4m31s, 2.5s, 120ms); a response target too
        Matcher m = Pattern.compile("(?<![\\w.])(\\d+h)?(\\d+m)?(\\d+(\\.\\d)?s|\\d+ms)?(?![\\w])").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean duration = m.group().length() > 0 && (m.group(1) != null || m.group(2) != null || m.group(3) != null);
            m.appendReplacement(out, duration ? "T" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Test
    void reports_a_rolled_back_rehearsal_with_its_findings_one_row_per_step_and_its_undos() throws IOException {
        Cli.Run rehearsal = run("rehearse", "service-down", "--scenario", "restart-does-not-help", "--parallel", "1");
        assertThat(rehearsal.exitCode()).as(rehearsal.toString()).isEqualTo(ExitCodes.OK);
        Cli.Run report = run("report", "last", "--state-dir", state.toString());
        assertThat(report.exitCode()).as(report.toString()).isZero();
        String md = report.out();

        String runId = md.substring(md.indexOf("journal of run `") + 16, md.indexOf("` on "));
        String journal = Files.readString(state.resolve("rehearsals/runs").resolve(runId).resolve("journal.jsonl"));
        String user = field(journal, "user");
        String host = field(journal, "host");
        CliTest.golden("report-restart-does-not-help.md", masked(md, runId, user, host));

        // the root cause is in the findings: the failing dependency's row, and the 503 body naming the database
        assertThat(md).contains("  fleet-db.postgres.database.azure.com  53300         2210", "  │   database: connection refused");
        assertThat(md).doesNotContainPattern("(?<!\\\\)<[A-Za-z/!?]");
    }

    /**
     * The Target of a change says what it worked on, as its action's metadata names it: a shell step its program on this
     * machine (before: empty, a shell step names no resource), a dry run's planned change its resource, with no
     * "Approved by: no gate" (nobody was asked: nothing was changed).
     */
    @Test
    void the_target_of_every_change_names_what_it_worked_on_and_a_dry_run_says_it_only_planned() throws IOException {
        Path book = Files.createDirectories(state.resolve("book"));
        Files.writeString(book.resolve("touch-it.yaml"), String.join("\n", "runbook: touch-it", "title: Touch a file", "severity: P3",
                "summary: one shell change", "resolve:", "  - id: touch", "    uses: shell", "    with: { command: [touch, '" + state.resolve("t") + "'] }", ""));
        Cli.Run exec = run("exec", book.resolve("touch-it.yaml").toString(), "--yes");
        assertThat(exec.exitCode()).as(exec.toString()).isZero();
        String md = run("report", "last").out();
        String changes = md.substring(md.indexOf("## Changes made"), md.indexOf("## Undos"));
        assertThat(changes).contains("| `touch` `shell` | local shell: touch | ");

        Cli.Run dry = run("exec", "service-down", "--dry-run", "--offline", "-p", "app=fleet-api", "-p", "healthUrl=http://127.0.0.1:9/health",
                "-p", "appInsights=/subscriptions/x/resourceGroups/rg/providers/microsoft.insights/components/ai");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).as("the dry run's end block lists what it planned").containsSubsequence("changes planned", "◇ restart", "◇ scale-out");
        // by its id: two runs started in the same second sort by name, so 'last' need not be the dry run
        String dryId = dry.out().substring(dry.out().indexOf("details: runbook runs show ") + 27).strip();
        md = run("report", dryId).out();
        changes = md.substring(md.indexOf("## Changes made"), md.indexOf("## Undos"));
        assertThat(changes).contains("None: a dry run changes nothing. It planned these:", "| Planned change |",
                "| `restart` `azure.webapp.restart` | resourceGroup: rg-fleet-prod, name: fleet-api | ", "not asked (dry run)")
                .doesNotContain("no gate");
    }

    private static String field(String journal, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(journal.lines().findFirst().orElseThrow());
        assertThat(m.find()).as("run.start names its %s", name).isTrue();
        return m.group(1);
    }
}
