package dev.runbook.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published JSON Schema agrees with the parser: shipped and well-formed scenarios pass it, broken ones do not. */
class ScenarioSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Schema schema() throws IOException {
        JsonNode node = new ObjectMapper().readTree(Path.of("schema/scenario.schema.json").toFile());
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
    }

    static List<Error> validate(Path file) throws IOException {
        return schema().validate(YAML.readTree(file.toFile()));
    }

    @Test
    void shipped_and_fixture_scenarios_match_the_schema() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ScenarioParserTest.DIR.resolve("good.yaml"));
        if (Files.isDirectory(Path.of("runbooks/scenarios"))) {
            try (Stream<Path> walk = Files.walk(Path.of("runbooks/scenarios"))) {
                walk.filter(ScenarioFiles::isScenario).forEach(files::add);
            }
        }
        for (Path f : files) {
            assertThat(validate(f)).as(f.toString()).isEmpty();
        }
    }

    @Test
    void a_scenario_with_typos_fails_the_schema() throws IOException {
        assertThat(validate(ScenarioParserTest.DIR.resolve("typos.yaml"))).extracting(Error::getMessage).isNotEmpty();
    }
}
