package dev.runbook.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every action says how its result is summarised for the operator, and names only outputs it declares. */
class FindingsDeclaredTest {
    /** Actions whose result is shown otherwise (their text is an operator.text event) or is nothing to see. */
    static final Set<String> NOTHING_TO_SHOW = Set.of("wait", "assert", "message");

    @Test
    void every_action_with_outputs_declares_its_findings() {
        List<String> missing = Catalogue.standard().specs().stream()
                .filter(s -> !s.outputs().isEmpty() && !NOTHING_TO_SHOW.contains(s.name()) && s.findings().isEmpty())
                .map(ActionSpec::name).toList();
        assertThat(missing).as("actions whose results the operator would not see").isEmpty();
    }

    @Test
    void findings_name_only_declared_outputs() {
        for (ActionSpec s : Catalogue.standard().specs()) {
            for (String n : s.findings().named()) {
                assertThat(s.output(n)).as(s.name() + " shows '" + n + "', which it does not declare as an output").isPresent();
            }
        }
    }

    @Test
    void query_actions_show_their_rows_as_a_table() {
        Catalogue c = Catalogue.standard();
        for (String q : List.of("azure.monitor.logs-query", "postgres.query", "aws.logs.insights-query")) {
            assertThat(c.spec(q).orElseThrow().findings().table()).as(q).isEqualTo("rows");
        }
        assertThat(c.spec("http.check").orElseThrow().findings().http()).isTrue();
        assertThat(c.spec("shell").orElseThrow().findings().tail()).containsExactly("stdout", "stderr");
    }
}
