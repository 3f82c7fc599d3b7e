package dev.runbook.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.runbook.action.Catalogue;
import dev.runbook.parse.RunbookLocator;
import dev.runbook.testing.FixtureCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SchemaTest {
    static final Path SHIPPED = Path.of("schema/runbook.schema.json");
    static final YAMLMapper YAML = new YAMLMapper();

    static Schema schema(String json) {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(json);
    }

    static List<String> errors(Schema schema, Path runbook) throws IOException {
        JsonNode node = YAML.readTree(runbook.toFile());
        return schema.validate(node).stream().map(Error::toString).toList();
    }

    @Test
    void shipped_schema_is_current() throws IOException {
        assertThat(Files.readString(SHIPPED))
                .as("schema/runbook.schema.json is stale: run './runbook schema > schema/runbook.schema.json' and commit it")
                .isEqualTo(SchemaGenerator.json(Catalogue.standard()));
    }

    @Test
    void clean_fixture_runbooks_satisfy_the_schema() throws IOException {
        Schema s = schema(SchemaGenerator.json(FixtureCatalogue.create()));
        for (Path p : List.of(Path.of("src/test/resources/check/good-full.yaml"), Path.of("src/test/resources/check/good-minimal.yaml"),
                Path.of("src/test/resources/cli/runbooks/api-down.yaml"))) {
            assertThat(errors(s, p)).as(p.toString()).isEmpty();
        }
    }

    @Test
    void schema_catches_unknown_fields_actions_and_arguments() throws IOException {
        Schema s = schema(SchemaGenerator.json(FixtureCatalogue.create()));
        assertThat(errors(s, Path.of("src/test/resources/check/rb010-unknown-field.yaml"))).anySatisfy(e -> assertThat(e).contains("sumary"));
        assertThat(errors(s, Path.of("src/test/resources/check/rb021-unknown-action.yaml"))).anySatisfy(e -> assertThat(e).startsWith("/diagnose/0/uses"));
        assertThat(errors(s, Path.of("src/test/resources/check/rb022-unknown-argument.yaml"))).anySatisfy(e -> assertThat(e).contains("nmae"));
        assertThat(errors(s, Path.of("src/test/resources/check/rb023-missing-argument.yaml"))).anySatisfy(e -> assertThat(e).contains("url"));
        assertThat(errors(s, Path.of("src/test/resources/check/rb025-argument-value.yaml"))).isNotEmpty();
        assertThat(errors(s, Path.of("src/test/resources/check/rb015-severity.yaml"))).isNotEmpty();
    }

    /** Each shipped runbook satisfies the shipped schema, once every action it uses is in the catalogue. */
    @TestFactory
    Stream<DynamicTest> shipped_runbooks_satisfy_the_shipped_schema() throws IOException {
        Schema s = schema(Files.readString(SHIPPED));
        Catalogue catalogue = Catalogue.standard();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : RunbookLocator.filesUnder(Path.of("runbooks"))) {
            tests.add(DynamicTest.dynamicTest(p.toString(), () -> {
                List<String> uses = YAML.readTree(p.toFile()).findValuesAsText("uses");
                List<String> missing = uses.stream().filter(u -> catalogue.spec(u).isEmpty()).distinct().toList();
                assumeTrue(missing.isEmpty(), "actions not in the catalogue yet (their providers are not merged): " + missing);
                assertThat(errors(s, p)).isEmpty();
            }));
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }
}
