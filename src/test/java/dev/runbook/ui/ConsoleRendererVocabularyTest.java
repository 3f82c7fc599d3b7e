package dev.runbook.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.RunEvent;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookParser;
import dev.runbook.secret.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The renderer decides from the events' types and fields, never from the engine's message text (issue 17): a read
 * step a dry run did not run is known by its plan's kind, whatever its summary says.
 */
class ConsoleRendererVocabularyTest {
    private static final Runbook RB = RunbookParser.parse("v.yaml", String.join("\n", "runbook: v", "title: V", "severity: P3",
            "summary: s", "diagnose:", "  - id: look", "    uses: message", "    with: { text: hi }", "resolve:", "  - id: change",
            "    uses: shell", "    with: { command: [sh, -c, 'true'] }", "")).runbook().orElseThrow();

    private static String render(RunEvent... events) {
        StringWriter out = new StringWriter();
        ConsoleRenderer r = new ConsoleRenderer(new PrintWriter(out, true), RB, new Redactor(), false, false);
        r.on("run-1", new RunEvent.RunStarted("run-1", "v", "V", null, null, "v.yaml", null, Map.of(), List.of(), "u", "h", "dry-run", 1));
        for (RunEvent e : events) r.on("run-1", e);
        return out.toString();
    }

    @Test
    void a_read_step_not_run_is_known_by_its_kind_not_by_its_words() {
        String text = render(
                new RunEvent.StepPlanned("look", "offline-ish words the renderer must not read", Map.of(), Map.of(), null, List.of(),
                        RunEvent.PlanKind.NOT_RUN),
                new RunEvent.StepFinished("look", "diagnose", StepStatus.PLANNED, Map.of(), Map.of(), 1, "not run", null, null, null));
        assertThat(text).doesNotContain("would:").contains("look");
    }

    @Test
    void a_change_previewed_is_shown_as_would_even_when_its_words_look_like_a_skipped_read() {
        String text = render(
                new RunEvent.StepPlanned("change", "dry run: read step not run", Map.of(), Map.of(), null, List.of(), RunEvent.PlanKind.CHANGE),
                new RunEvent.StepFinished("change", "resolve", StepStatus.PLANNED, Map.of(), Map.of(), 1, "dry run: read", null, null, null));
        assertThat(text).contains("would: dry run: read step not run");
    }

    private static String renderRun(RunEvent... events) {
        StringWriter out = new StringWriter();
        ConsoleRenderer r = new ConsoleRenderer(new PrintWriter(out, true), RB, new Redactor(), false, false);
        r.on("run-1", new RunEvent.RunStarted("run-1", "v", "V", null, null, "v.yaml", null, Map.of(), List.of(), "u", "h", "execute", 1));
        for (RunEvent e : events) r.on("run-1", e);
        return out.toString();
    }

    private static RunEvent.StepFinished failed(String step, String error) {
        return new RunEvent.StepFinished(step, "resolve", StepStatus.FAILED, Map.of(), Map.of(), 1, null, error,
                dev.runbook.journal.ErrorKind.PERMANENT, null);
    }

    @Test
    void the_failures_the_run_ended_on_are_known_by_its_causes_not_by_names_in_its_message() {
        // the message names 'change' but the run says 'look' stopped it: 'change' is listed, 'look' is not listed again
        String text = renderRun(failed("look", "the look broke"), failed("change", "the change broke"),
                new RunEvent.RunFinished(dev.runbook.journal.RunOutcome.FAILED, 10, "it mentions 'change' in passing", List.of("look")));
        String block = text.substring(text.indexOf("it mentions"));
        assertThat(block).contains("✗ change").doesNotContain("✗ look");
        // a journal written before run.end had its causes: every failure is listed (the documented fallback)
        String old = renderRun(failed("look", "the look broke"),
                new RunEvent.RunFinished(dev.runbook.journal.RunOutcome.FAILED, 10, "step 'look' failed: the look broke"));
        assertThat(old.substring(old.indexOf("step 'look' failed"))).contains("✗ look");
    }

    @Test
    void a_partial_success_is_known_from_the_digest_not_from_its_words() {
        String text = renderRun(failed("change", "tolerated"),
                new RunEvent.RunFinished(dev.runbook.journal.RunOutcome.SUCCEEDED, 10, "1 step failed"));
        assertThat(text).contains("! partially resolved");
    }
}
