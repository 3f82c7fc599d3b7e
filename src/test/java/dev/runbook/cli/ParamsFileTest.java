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
        assertThat(ParamsFile.read(f)).containsExactly(Map.entry("app", "fleet-api"), Map.entry("replicas", 6L), Map.entry("ratio", 0.5),
                Map.entry("enabled", true), Map.entry("country", "NO"), Map.entry("window", "30m"), Map.entry("zones", List.of("a", "b")));
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
