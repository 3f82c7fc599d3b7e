package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing {@code http.check} keeps what it saw — status, headers and the body that names the failing dependency —
 * in its outputs, like a passing one: in {@code --output json}, in the journal, and on the screen.
 */
class FailedCheckOutputsTest {
    static final Catalogue CATALOGUE = Catalogue.standard();
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path state;

    private Cli cli() {
        return new Cli(Path.of(""), Map.of("RUNBOOK_STATE_DIR", state.toString(), "NO_COLOR", "1"), CATALOGUE);
    }

    private static JsonNode healthEnd(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asText().equals("step.end") && e.path("step").asText().equals("health"))
                .findFirst().orElseThrow();
    }

    private static void assertKeptTheResponse(JsonNode end) {
        assertThat(end.path("status").asText()).isEqualTo("failed");
        JsonNode o = end.path("outputs");
        assertThat(o.path("status").asLong()).isEqualTo(503);
        assertThat(o.path("ok").asBoolean(true)).isFalse();
        assertThat(o.path("body").asText()).contains("connection refused");
        assertThat(o.path("headers").path("content-type").asText()).isEqualTo("application/json");
    }

    @Test
    void in_json_and_in_the_journal() throws Exception {
        Cli.Run r = cli().run("rehearse", "service-down", "--scenario", "restart-does-not-help", "--output", "json");
        List<JsonNode> events = new ArrayList<>();
        for (String l : r.out().lines().toList()) events.add(JSON.readTree(l));
        assertKeptTheResponse(healthEnd(events));
        // the rows of a query keep every row in JSON: the screen's first-N cut is only for the screen
        JsonNode deps = events.stream().filter(e -> e.path("type").asText().equals("step.end") && e.path("step").asText().equals("failed-dependencies"))
                .findFirst().orElseThrow();
        assertThat(deps.path("outputs").path("rows").get(0).path("target").asText()).isEqualTo("fleet-db.postgres.database.azure.com");
        try (Stream<Path> runs = Files.list(state.resolve("rehearsals/runs"))) {
            Path journal = runs.findFirst().orElseThrow().resolve("journal.jsonl");
            List<JsonNode> journaled = new ArrayList<>();
            for (String l : Files.readAllLines(journal)) journaled.add(JSON.readTree(l));
            assertKeptTheResponse(healthEnd(journaled));
        }
    }

    @Test
    void on_the_screen_the_body_and_the_failing_dependency_come_before_any_change() {
        Cli.Run r = cli().run("rehearse", "service-down", "--scenario", "restart-does-not-help", "--parallel", "1");
        String beforeRestart = r.out().substring(0, r.out().indexOf("restart Restart the web app"));
        assertThat(beforeRestart).contains("status: 503 · latency: 120ms", "│   database: connection refused",
                "fleet-db.postgres.database.azure.com  53300", "state: Running · plan: asp-fleet-prod");
        // nothing a person reads is a Java map's toString
        assertThat(r.out()).doesNotContainPattern("\\{[A-Za-z_]+=");
    }
}
