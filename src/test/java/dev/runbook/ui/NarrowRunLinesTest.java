package dev.runbook.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunEvent;
import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookParser;
import dev.runbook.rehearse.Debrief;
import dev.runbook.rehearse.RehearsalPrinter;
import dev.runbook.secret.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 8, the run's own lines at 80 columns: the header's title, the Ctrl-C warning, the rollback header and
 * the rehearsal's debrief go on between words (before: "...expected surge" / ")", "being cancel" / "led",
 * "status" / " 503", "sca" / "le-out").
 */
class NarrowRunLinesTest {
    private static final Runbook RB = RunbookParser.parse("v.yaml", String.join("\n", "runbook: v", "title: V", "severity: P3",
            "summary: s", "diagnose:", "  - id: look", "    uses: message", "    with: { text: hi }", "")).runbook().orElseThrow();

    private static String render(RunEvent... events) {
        StringWriter out = new StringWriter();
        ConsoleRenderer r = new ConsoleRenderer(new PrintWriter(out, true), RB, new Redactor(), false, false)
                .layout(step -> dev.runbook.action.Findings.NONE, () -> 80, false);
        r.on("run-1", new RunEvent.RunStarted("run-1", "aws-scale-out", "Scale-out event validation (marketing campaign or expected surge)",
                "P2", "4h", "v.yaml", null, Map.of(), List.of(), "u", "h", "execute", 1));
        for (RunEvent e : events) r.on("run-1", e);
        return out.toString();
    }

    private static void assertFits(String text) {
        assertThat(text.lines()).as(text).allMatch(l -> l.length() <= 80);
    }

    @Test
    void the_header_title_the_interrupt_warning_and_the_rollback_header_fit_80_columns() {
        String text = render(new RunEvent.Interrupted("interrupted by the operator (Ctrl-C)"),
                new RunEvent.RollbackStarted("step 'healthy' failed: https://fleet-api.example.com/health: status 503, expected 200 (after 10 attempts)",
                        List.of()));
        assertFits(text);
        assertThat(text.replaceAll("\\s+", " ")).contains("aws-scale-out · Scale-out event validation (marketing campaign or expected surge)",
                "running steps are being cancelled", "status 503, expected 200");
    }

    @Test
    void the_debrief_fits_80_columns_under_its_own_columns() {
        StringWriter out = new StringWriter();
        new RehearsalPrinter(new PrintWriter(out, true), 80).debrief(new Debrief("restart-does-not-help", null, "rolled-back",
                "rolled back after: step 'healthy' failed: https://fleet-api.example.com/health: status 503, expected 200 (after 10 attempts)",
                Duration.ofMinutes(4), List.of("app", "failed-dependencies", "recent-errors", "health", "restart", "scale-out", "healthy", "page-l2"),
                List.of(), Map.of(), List.of(), List.of("azure.appservice.plan/asp-fleet-prod workers: 1 → 3 (scale-out (azure.appservice.plan.scale))")));
        String text = out.toString();
        assertFits(text);
        assertThat(text).contains("  steps run        app, failed-dependencies, recent-errors, health, restart,\n"
                + "                   scale-out, healthy, page-l2");
    }
}
