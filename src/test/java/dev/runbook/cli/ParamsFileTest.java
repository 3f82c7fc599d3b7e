package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --params files are production inputs: read with the runbook's rules, never silently reinterpreted. */
class ParamsFileTest {
    @TempDir
    Path tmp;

    @Test
    void reads_values_with_their_types_and_yaml_1_2_booleans() throws Exception {
        Path f = Files.writeString(tmp.resolve("prod.yaml"), """
                app: fleet-api
                replicas: 6
                ratio: 0.5
                enabled: true
                country: NO
                window: 30m
                zones: [a, b]
                """);
        assertThat(plain(ParamsFile.read(f))).containsExactly(Map.entry("app", "fleet-api"), Map.entry("replicas", 6L), Map.entry("ratio", 0.5),
                Map.entry("enabled", true), Map.entry("country", "NO"), Map.entry("window", "30m"), Map.entry("zones", List.of("a", "b")));
    }

    /** YAML 1.2 numbers, and a string parameter gets the value exactly as written (AWS account ids start with 0). */
    @Test
    void a_string_parameter_keeps_the_text_as_written_end_to_end() throws Exception {
        Path f = Files.writeString(tmp.resolve("ids.yaml"), """
                account: 012345670123
                mode: 0755
                version: 1.10
                count: 017
                flag: 0b101
                big: 1_000
                empty:
                """);
        Map<String, Object> raw = ParamsFile.read(f);
        assertThat(plain(raw)).containsEntry("account", 12345670123L).containsEntry("count", 17L).containsEntry("flag", "0b101")
                .containsEntry("big", "1_000").containsEntry("empty", null);
        dev.runbook.model.Runbook rb = dev.runbook.parse.RunbookParser.parse("r.yaml", """
                runbook: r
                title: t
                severity: P3
                parameters:
                  account: { type: string, required: true }
                  mode: { type: string }
                  version: { type: string }
                  count: { type: int }
                  flag: { type: string }
                  big: { type: string }
                  empty: { type: string, default: unset }
                diagnose:
                  - id: a
                    uses: message
                    with: { text: "${params.account}" }
                """).runbook().orElseThrow();
        Map<String, Object> values = dev.runbook.engine.ParamResolver.resolve(rb, Map.of(), raw, Map.of(), null);
        assertThat(values).containsEntry("account", "012345670123").containsEntry("mode", "0755").containsEntry("version", "1.10")
                .containsEntry("count", 17L).containsEntry("flag", "0b101").containsEntry("big", "1_000").containsEntry("empty", "unset");
    }

    private static Map<String, Object> plain(Map<String, Object> values) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof dev.runbook.model.Node n ? n.toPlain() : v));
        return out;
    }

    @Test
    void refuses_duplicate_keys_and_aliases_with_the_line_and_column() throws Exception {
        Path dup = Files.writeString(tmp.resolve("dup.yaml"), "replicas: 2\napp: x\nreplicas: 20\n");
        assertThatThrownBy(() -> ParamsFile.read(dup)).hasMessageStartingWith("--params " + dup + ":3:1: duplicate key 'replicas' (first at line 1)");
        Path alias = Files.writeString(tmp.resolve("alias.yaml"), "base: &b [1, 2]\ncopy: *b\n");
        assertThatThrownBy(() -> ParamsFile.read(alias)).hasMessageStartingWith("--params " + alias + ":1:7: YAML anchors (&b) are not allowed");
        Path list = Files.writeString(tmp.resolve("list.yaml"), "- a\n- b\n");
        assertThatThrownBy(() -> ParamsFile.read(list)).hasMessage("--params " + list + ": expected a mapping of parameter names to values");
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "app: [unclosed\n");
        assertThatThrownBy(() -> ParamsFile.read(bad)).hasMessageStartingWith("--params " + bad + ":2:1: YAML syntax");
    }

    @Test
    void an_empty_file_sets_nothing() throws Exception {
        assertThat(ParamsFile.read(Files.writeString(tmp.resolve("e.yaml"), "# to be filled in\n"))).isEmpty();
    }
}
