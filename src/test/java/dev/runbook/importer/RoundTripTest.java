package dev.runbook.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionSpec;
import dev.runbook.model.Node;
import dev.runbook.model.Phase;
import dev.runbook.parse.YamlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** import(export(r)) is r: the same steps, in the same phases, with the same actions, arguments and effects. */
class RoundTripTest {
    @TempDir
    Path dir;

    static Stream<Path> shipped() throws IOException {
        try (var s = Files.list(Path.of("runbooks"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void every_shipped_runbook_round_trips_through_markdown(Path file) throws Exception {
        Node.Mapping original = (Node.Mapping) YamlFile.read(file).orElseThrow();
        Exporter exporter = new Exporter(ImportSupport.CATALOGUE, CliMap.standard());
        String page = exporter.markdown(original);
        assertThat(page).contains("## Overview", "## Severity", "## Symptoms", "## Prerequisites", "## Escalation", "## References");
        String id = file.getFileName().toString().replace(".yaml", "");
        List<Draft> drafts = ImportSupport.importer().importPage(id + ".md", page, id, null, false);
        assertThat(drafts).hasSize(1);
        ImportSupport.validated(drafts.get(0), dir);
        Node.Mapping back = (Node.Mapping) YamlFile.read(dir.resolve(id + ".yaml")).orElseThrow();
        var want = steps(original);
        var got = steps(back);
        String context = "the page:\n" + page + "\nthe draft:\n" + ImportSupport.numbered(DraftYaml.write(drafts.get(0)));
        assertThat(got.keySet()).as(context).isEqualTo(want.keySet());
        for (String ph : want.keySet()) {
            assertThat(got.get(ph)).as(ph + "\n" + context).hasSameSizeAs(want.get(ph));
            for (int i = 0; i < want.get(ph).size(); i++) assertThat(got.get(ph).get(i)).as(ph + " step " + i).isEqualTo(want.get(ph).get(i));
        }
        assertThat(plain(back.get("parameters"))).isEqualTo(plain(original.get("parameters")));
        assertThat(plain(back.get("severity"))).isEqualTo(plain(original.get("severity")));
        assertThat(plain(back.get("escalation"))).isEqualTo(plain(original.get("escalation")));
        assertThat(plain(back.get("references"))).isEqualTo(plain(original.get("references")));
    }

    /** Per phase: each step's id, uses, with, effective effect and the fields Markdown carries in comments. */
    static Map<String, List<Map<String, Object>>> steps(Node.Mapping rb) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Phase ph : Phase.values()) {
            if (!(rb.get(ph.id()) instanceof Node.Sequence seq)) continue;
            List<Map<String, Object>> list = new ArrayList<>();
            for (Node n : seq.items()) {
                @SuppressWarnings("unchecked") Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) plain(n));
                String uses = String.valueOf(s.get("uses"));
                ActionSpec spec = ImportSupport.CATALOGUE.spec(uses).orElseThrow();
                Object declared = s.remove("effect");
                String eff = declared != null ? String.valueOf(declared) : spec.effect().id();
                s.put("effect", eff);
                @SuppressWarnings("unchecked") Map<String, Object> with = s.get("with") == null ? Map.of() : (Map<String, Object>) s.get("with");
                s.put("with", Exporter.withoutDefaults(ImportSupport.CATALOGUE, uses, with));
                list.add(s);
            }
            out.put(ph.id(), list);
        }
        return out;
    }

    static Object plain(Node n) {
        if (n == null) return null;
        if (n instanceof Node.Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        if (n instanceof Node.Sequence s) return s.items().stream().map(RoundTripTest::plain).toList();
        return ((Node.Scalar) n).value();
    }
}
