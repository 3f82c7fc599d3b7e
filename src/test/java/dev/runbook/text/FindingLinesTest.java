package dev.runbook.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Findings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingLinesTest {
    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void rows_become_a_table_that_fits_the_width_and_cuts_cells_with_an_ellipsis() {
        Map<String, Object> out = row("rows", List.of(row("target", "fleet-db.postgres.database.azure.com", "resultCode", "53300", "count_", 2210L)),
                "columns", List.of("target", "resultCode", "count_"), "rowCount", 1L);
        List<String> wide = FindingLines.render(Findings.table("rows", "columns", "rowCount"), new StepResult.Found(out), 120, false);
        assertThat(wide).containsExactly(
                "target                                resultCode  count_",
                "fleet-db.postgres.database.azure.com  53300         2210");
        List<String> narrow = FindingLines.render(Findings.table("rows", "columns", "rowCount"), new StepResult.Found(out), 40, false);
        assertThat(narrow).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
        assertThat(narrow.get(1)).contains("…").endsWith("2210");
    }

    @Test
    void only_the_first_rows_unless_full_and_the_rest_is_counted() {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) rows.add(row("n", (long) i));
        Map<String, Object> out = row("rows", rows, "rowCount", 12L);
        List<String> some = FindingLines.render(Findings.table("rows", null, "rowCount"), new StepResult.Found(out), 80, false);
        assertThat(some).hasSize(1 + FindingLines.ROWS + 1).last().isEqualTo("… 7 more rows (--full shows all)");
        assertThat(FindingLines.render(Findings.table("rows", null, "rowCount"), new StepResult.Found(out), 80, true)).hasSize(13);
        assertThat(FindingLines.render(Findings.table("rows", null, "rowCount"), new StepResult.Found(row("rows", List.of(), "rowCount", 0L)), 80, false))
                .containsExactly("no rows");
    }

    @Test
    void fields_are_key_value_items_never_split_and_never_a_java_map() {
        Map<String, Object> out = row("state", "Running", "hostNames", List.of("a.example.com", "b.example.com"),
                "plan", "asp", "slots", List.of(), "members", List.of(row("instance", "db-1", "writer", true)));
        List<String> lines = FindingLines.render(Findings.fields("state", "hostNames", "plan", "slots", "members"), new StepResult.Found(out), 60, false);
        assertThat(String.join("\n", lines)).contains("state: Running", "hostNames: a.example.com, b.example.com", "members: {instance: db-1, writer: true}")
                .doesNotContain("slots").doesNotContain("=");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    }

    @Test
    void a_failed_response_shows_its_status_latency_and_the_body_outlined() {
        Map<String, Object> out = row("status", 503L, "latencyMs", 120L, "ok", false,
                "body", "{\"status\":\"Unhealthy\",\"checks\":{\"database\":\"connection refused\"}}",
                "headers", row("content-type", "application/json"));
        assertThat(FindingLines.render(Findings.httpResponse(), new StepResult.CheckFailed(out), 80, false)).containsExactly(
                "status: 503 · latency: 120ms · application/json",
                "│ status: Unhealthy",
                "│ checks:",
                "│   database: connection refused");
        Map<String, Object> ok = row("status", 200L, "latencyMs", 5L, "ok", true, "body", "{\"status\":\"UP\"}");
        assertThat(FindingLines.render(Findings.httpResponse(), new StepResult.Found(ok), 80, false)).containsExactly("status: 200 · latency: 5ms");
    }

    @Test
    void a_program_shows_the_tail_of_its_output() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 9; i++) sb.append("line ").append(i).append('\n');
        List<String> lines = FindingLines.render(Findings.tail("stdout"), new StepResult.Found(row("stdout", sb.toString())), 80, false);
        assertThat(lines).containsExactly("│ … 4 earlier lines", "│ line 5", "│ line 6", "│ line 7", "│ line 8", "│ line 9");
    }

    @Test
    void words_wrap_with_a_hanging_indent_and_never_mid_word() {
        List<String> l = Wrap.words("P0 · respond within 15m · run 20261207-055227-service-down-rehearsal-f9e3 · REHEARSAL of scenario", 50, "", "  ");
        assertThat(l).allSatisfy(x -> assertThat(x.length()).isLessThanOrEqualTo(50));
        assertThat(String.join(" ", l).replaceAll(" +", " ")).isEqualTo("P0 · respond within 15m · run 20261207-055227-service-down-rehearsal-f9e3 · REHEARSAL of scenario");
        assertThat(l.get(1)).startsWith("  ");
        assertThat(Display.value(row("a", 1L, "b", List.of(1.0, 2.5)))).isEqualTo("{a: 1, b: [1, 2.5]}");
    }
}
