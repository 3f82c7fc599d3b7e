package dev.runbook.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Findings;
import dev.runbook.action.OutputSpec;
import dev.runbook.journal.Reach;
import dev.runbook.journal.StepStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A read that failed or was never made is never shown as an empty result ("no rows", "count: 0"): every action of the
 * catalogue, as its own {@link Findings} declaration summarises it, given every kind of result that is not a success.
 * The catalogue is walked, so an action added later is covered without being named here.
 */
class FailedResultsTest {
    private static final List<ActionSpec> ALL = Catalogue.standard().specs().stream().filter(s -> !s.findings().isEmpty()).toList();

    /** What a dry run puts in place of a failed read's outputs (for expressions only): every declared output, typed and empty. */
    private static Map<String, Object> standIns(ActionSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OutputSpec o : spec.outputs()) {
            m.put(o.name(), switch (o.type()) {
                case INT -> 0L;
                case NUMBER -> 0.0;
                case BOOL -> false;
                case LIST -> List.of();
                case MAP -> Map.of();
                default -> "(unknown until run)";
            });
        }
        return m;
    }

    /** The same outputs, but holding a row and values a table or a field would show if the renderer were reached. */
    private static Map<String, Object> realLooking(ActionSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OutputSpec o : spec.outputs()) {
            m.put(o.name(), switch (o.type()) {
                case INT -> 7L;
                case LIST -> List.of(Map.of("cell", "ROW-CELL-VALUE"));
                default -> "FIELD-VALUE";
            });
        }
        return m;
    }

    private static final List<String> EMPTY_WORDS = List.of("no rows", "rows (none returned)", "more row", ": 0", ": false", ": []", ": {}");

    @Test
    void the_catalogue_is_walked_and_holds_the_actions_that_show_rows() {
        assertThat(ALL).hasSizeGreaterThan(40);
        assertThat(ALL).filteredOn(s -> s.findings().table() != null).extracting(ActionSpec::name)
                .contains("azure.monitor.logs-query", "postgres.query", "aws.logs.insights-query");
    }

    @Test
    void a_read_that_was_never_made_says_what_is_unknown_and_nothing_else() {
        List<String> wrong = new ArrayList<>();
        for (ActionSpec spec : ALL) {
            for (StepResult r : List.of(StepResult.of(StepStatus.FAILED, Reach.SIGN_IN, standIns(spec)),
                    StepResult.of(StepStatus.FAILED, Reach.CONNECTION, realLooking(spec)), StepResult.of(StepStatus.PLANNED, null, standIns(spec)))) {
                assertThat(r).as(spec.name()).isInstanceOf(StepResult.NotChecked.class);
                for (int width : new int[] {40, 80, 200}) {
                    List<String> lines = FindingLines.render(spec.findings(), r, width, true);
                    String text = String.join("\n", lines);
                    if (lines.isEmpty() || !lines.get(0).startsWith("not checked: ") || !text.contains("unknown")
                            || text.contains("ROW-CELL-VALUE") || text.contains("FIELD-VALUE") || lines.stream().anyMatch(l -> l.length() > width)
                            || EMPTY_WORDS.stream().anyMatch(text::contains)) {
                        wrong.add(spec.name() + " at " + width + ": " + lines);
                    }
                }
            }
        }
        assertThat(wrong).as("actions whose unknown result reads as a result").isEmpty();
    }

    @Test
    void a_failed_check_shows_only_what_it_observed_and_never_a_table() {
        List<String> wrong = new ArrayList<>();
        for (ActionSpec spec : ALL) {
            StepResult failed = StepResult.of(StepStatus.FAILED, null, realLooking(spec));
            assertThat(failed).as(spec.name()).isInstanceOf(StepResult.CheckFailed.class);
            String text = String.join("\n", FindingLines.render(spec.findings(), failed, 120, true));
            if (text.contains("ROW-CELL-VALUE") || text.contains("no rows") || text.contains("more row")) wrong.add(spec.name() + ": " + text);
            // what a failed read observed is often nothing at all: then nothing is shown, not an empty result
            assertThat(FindingLines.render(spec.findings(), StepResult.of(StepStatus.FAILED, null, Map.of()), 120, true)).as(spec.name()).isEmpty();
        }
        assertThat(wrong).as("a failed read's rows reached the table renderer").isEmpty();
    }

    @Test
    void only_a_success_reaches_the_table_and_there_an_empty_result_is_said() {
        // the control: the renderer does say "no rows" when it is reached, so the tests above prove it is not
        for (ActionSpec spec : ALL) {
            if (spec.findings().table() == null) continue;
            Map<String, Object> none = standIns(spec);
            assertThat(FindingLines.render(spec.findings(), StepResult.of(StepStatus.SUCCEEDED, null, none), 120, true)).as(spec.name())
                    .contains("no rows");
        }
    }

    @Test
    void skipped_cancelled_and_unrecorded_ends_show_nothing() {
        for (ActionSpec spec : ALL) {
            for (StepStatus st : new StepStatus[] {StepStatus.SKIPPED, StepStatus.CANCELLED, null}) {
                assertThat(FindingLines.render(spec.findings(), StepResult.of(st, null, realLooking(spec)), 120, true)).as(spec.name() + " " + st).isEmpty();
            }
        }
    }
}
