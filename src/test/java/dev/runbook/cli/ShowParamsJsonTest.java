package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookParser;
import dev.runbook.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show NAME --params --format json}: one {@code parameter} line per parameter, in the runbook's order, each
 * default exactly as the runbook gives it (a list stays a list, {@code "no"} a string, 3 a number), never a secret's.
 * JsonEverywhereTest pipes it through the real jq with every other JSON mode.
 */
class ShowParamsJsonTest {
    @TempDir
    Path tmp;

    private Cli cli() {
        return new Cli(tmp, Map.of("NO_COLOR", "1"), JsonEverywhereTest.CATALOGUE);
    }

    @Test
    void one_line_per_parameter_with_its_type_default_and_choices_and_no_secret() throws Exception {
        Files.writeString(tmp.resolve("kinds.yaml"), ParamsTemplateTest.RUNBOOK);
        Cli.Run r = cli().run("show", "kinds.yaml", "--params", "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).doesNotContain("s3cr3t-default");
        Runbook rb = RunbookParser.parse(tmp.resolve("kinds.yaml")).runbook().orElseThrow();
        ObjectMapper mapper = new ObjectMapper();
        List<String> names = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            JsonNode n = mapper.readTree(line);
            assertThat(n.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(n.get("type").asText()).isEqualTo("parameter");
            assertThat(n.get("runbook").asText()).isEqualTo("kinds");
            Parameter p = rb.parameters().get(n.get("name").asText());
            names.add(p.name());
            assertThat(n.get("valueType").asText()).isEqualTo(p.type().id());
            assertThat(n.get("secret").asBoolean()).isEqualTo(p.secret());
            assertThat(n.get("required").asBoolean()).as(p.name()).isEqualTo(p.required() && p.defaultValue() == null);
            if (p.secret()) {
                assertThat(n.has("default")).as("a secret's default is never written").isFalse();
                assertThat(n.path("hasDefault").asBoolean()).isEqualTo(p.defaultValue() != null);
            } else if (p.defaultValue() != null) {
                assertThat(n.get("default")).as(p.name()).isEqualTo(mapper.readTree(mapper.writeValueAsString(p.defaultValue())));
            } else {
                assertThat(n.has("default")).as("no value, no field").isFalse();
            }
            assertThat(n.has("enum")).isEqualTo(!p.enumValues().isEmpty());
        }
        assertThat(names).containsExactlyElementsOf(rb.parameters().keySet());
        assertThat(r.out()).contains("\"enum\":[\"fast\",\"slow\"]", "\"default\":[\"eu-1\",\"no\",\"a: b\"]", "\"name\":\"country\"");
    }

    @Test
    void errors_go_to_stderr_and_stdout_stays_json() throws Exception {
        Files.writeString(tmp.resolve("bad.yaml"), ParamsTemplateTest.RUNBOOK.replace("runbook: kinds", "runbook: bad")
                .replace("type: number", "type: nosuchtype"));
        Cli.Run r = cli().run("show", "bad.yaml", "--params", "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("RB017", "nosuchtype");
        assertThat(r.out().lines()).isNotEmpty().allMatch(l -> l.startsWith("{\"schemaVersion\":1,\"type\":\"parameter\""));

        for (List<String> args : List.of(List.of("show", "bad.yaml", "--format", "json"), List.of("show", "bad.yaml", "--graph", "dot", "--params", "--format", "json"),
                List.of("show", "bad.yaml", "--params", "--params-template", "-", "--format", "json"))) {
            Cli.Run refused = cli().run(args.toArray(String[]::new));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).contains("--format json lists the parameters: use it with --params");
        }
    }
}
