package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Findings;
import dev.runbook.history.RunDigest;
import dev.runbook.journal.Reach;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.OnFailure;
import dev.runbook.model.Runbook;
import dev.runbook.secret.Redactor;
import dev.runbook.ui.ConsoleRenderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read that could not reach its provider checked nothing: it is not a finding about the system, and its result is
 * never shown as an empty one. Through the real engine (the read fails the way Azure and AWS fail without credentials:
 * {@code ActionException.Reach.SIGN_IN}), then the events it emitted through the real end block, digest and renderer.
 */
class NotCheckedTest {
    @TempDir
    Path tmp;

    private Runbook book(OnFailure onFailure) {
        return runbook("not-checked")
                .diagnose(step("errors", "fake.unreachable-query").onFailure(onFailure), step("local", "fake.read"))
                .resolve(step("scale", "fake.write").with(Map.of("value", "${steps.local.outputs.value}")))
                .verify(step("after", "fake.read"))
                .build();
    }

    /** The events as the terminal shows them, with each step's findings declared by its action (as the CLI lays them out). */
    private static String screen(Harness h, Runbook rb) {
        StringWriter out = new StringWriter();
        ConsoleRenderer r = new ConsoleRenderer(new PrintWriter(out, true), rb, new Redactor(), false, false)
                .layout(id -> rb.step(id).flatMap(s -> h.actions.spec(s.uses())).map(s -> s.findings()).orElse(Findings.NONE), () -> 80, false);
        synchronized (h.recorder.events) {
            for (RunEvent e : h.recorder.events) r.on("run-1", e);
        }
        return out.toString();
    }

    @Test
    void a_dry_run_lists_an_unreached_read_as_not_checked_never_as_a_finding_or_as_no_rows() {
        Harness h = new Harness(tmp);
        Runbook rb = book(OnFailure.ABORT);

        RunResult r = h.run(rb, Mode.DRY_RUN);

        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        RunEvent.StepFinished end = h.recorder.of(RunEvent.StepFinished.class).stream().filter(f -> f.step().equals("errors")).findFirst().orElseThrow();
        assertThat(end.reach()).as("journaled: it did not reach its provider").isEqualTo(Reach.SIGN_IN);
        assertThat(end.outputs()).as("the dry run's stand-ins (rows: [], rowCount: 0) are for expressions, never journaled or shown")
                .doesNotContainKeys("rows", "rowCount", "truncated");

        RunDigest d = RunDigest.of(h.recorder.events);
        assertThat(d.findings()).as("nothing was found: nothing was read").isEmpty();
        assertThat(d.notChecked()).extracting(RunDigest.NotChecked::step).containsExactly("errors");
        assertThat(d.changes()).as("the change the dry run planned (it has no step.start)").extracting(RunDigest.Change::step).containsExactly("scale");

        String screen = screen(h, rb);
        String block = screen.substring(screen.indexOf("✗ dry run failed"));
        assertThat(screen).doesNotContain("no rows", "rowCount: 0", "truncated: false")
                .contains("not checked: rows, truncated unknown");
        assertThat(block).doesNotContain("findings").containsSubsequence("not checked", "(unknown until run)", "? errors",
                "no usable credential", "changes planned", "◇ scale");
    }

    @Test
    void a_real_run_that_goes_on_past_an_unreached_read_counts_it_as_not_checked() {
        Harness h = new Harness(tmp);
        Runbook rb = book(OnFailure.CONTINUE);

        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.message()).isEqualTo("run succeeded: 3 succeeded, 1 not checked (provider not reached)")
                .doesNotContain("finding", "failed");
        RunDigest d = RunDigest.of(h.recorder.events);
        assertThat(d.findings()).isEmpty();
        assertThat(d.notChecked()).extracting(RunDigest.NotChecked::step, RunDigest.NotChecked::phase)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("errors", "diagnose"));
        assertThat(d.words()).isEqualTo("resolved");
        String block = screen(h, rb);
        block = block.substring(block.indexOf("✓ resolved"));
        assertThat(block).containsSubsequence("not checked", "(their provider was not reached: unknown)", "? errors")
                .doesNotContain("findings", "no rows");
    }

    @Test
    void a_verify_step_that_could_not_check_leaves_the_run_resolved_but_not_verified() {
        Harness h = new Harness(tmp);
        Runbook rb = runbook("unverified")
                .resolve(step("scale", "fake.write"))
                .verify(step("after", "fake.unreachable").onFailure(OnFailure.CONTINUE))
                .build();

        RunResult r = h.run(rb, Mode.EXECUTE, h.options().yes(true));

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        RunDigest d = RunDigest.of(h.recorder.events);
        assertThat(d.words()).as("nobody saw it fixed").isEqualTo("resolved, not verified");
        assertThat(d.failures()).isEmpty();
        String screen = screen(h, rb);
        assertThat(screen).contains("! resolved, not verified").doesNotContain("✓ resolved");
    }

    @Test
    void a_dry_run_that_takes_the_rollback_path_never_says_it_rolled_back() {
        // verify sees the unchanged system and asks for rollback: a dry run plans every undo, and changed nothing to undo
        Harness h = new Harness(tmp);
        Runbook rb = runbook("dry-rollback")
                .resolve(step("scale", "fake.write"))
                .verify(step("after", "fake.unreachable").onFailure(OnFailure.ROLLBACK))
                .build();

        RunResult r = h.run(rb, Mode.DRY_RUN);

        assertThat(r.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        RunDigest d = RunDigest.of(h.recorder.events);
        assertThat(d.words()).isEqualTo("dry run: would roll back; nothing was changed");
        String screen = screen(h, rb);
        assertThat(screen).contains("◇ dry run: would roll back; nothing was changed").doesNotContain("↶ rolled back");
    }

    @Test
    void a_journal_written_before_reach_existed_reads_a_failed_read_as_before() {
        // no reach field: the failure is a finding, as every journal before this change said
        RunEvent.StepFinished old = new RunEvent.StepFinished("errors", "diagnose", StepStatus.FAILED, Map.of(), Map.of(), 1, null, "boom",
                dev.runbook.journal.ErrorKind.PERMANENT, null);
        assertThat(old.reach()).isNull();
        assertThat(old.unreached()).isFalse();
    }
}
