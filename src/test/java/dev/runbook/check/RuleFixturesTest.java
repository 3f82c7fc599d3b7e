package dev.runbook.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.library.FileReport;
import dev.runbook.library.Validator;
import dev.runbook.testing.FixtureCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule has fixture YAML under src/test/resources/check: {@code rbNNN-*.yaml} must report code RBNNN,
 * {@code good-*.yaml} nothing. The exact output is the golden file beside it ({@code .expected}); run with
 * {@code -Drunbook.golden.update=true} to rewrite the golden files after an intended change, then review the diff.
 */
class RuleFixturesTest {
    static final Path DIR = Path.of("src/test/resources/check");
    static final boolean UPDATE = Boolean.getBoolean("runbook.golden.update");
    static final Validator VALIDATOR = new Validator(FixtureCatalogue.create());

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static List<String> run(Path fixture) {
        FileReport r = VALIDATOR.validate(fixture, false);
        return r.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reports_exactly_the_golden_diagnostics(Path fixture) throws IOException {
        List<String> actual = run(fixture);
        Path golden = Path.of(fixture.toString().replaceAll("\\.yaml$", ".expected"));
        if (UPDATE) Files.write(golden, actual, StandardCharsets.UTF_8);
        List<String> expected = Files.exists(golden) ? Files.readAllLines(golden, StandardCharsets.UTF_8) : List.of("<missing golden file>");
        assertThat(actual).as("diagnostics of %s", fixture).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void each_fixture_triggers_its_own_code(Path fixture) {
        String name = fixture.getFileName().toString();
        List<String> actual = run(fixture);
        if (name.startsWith("good-")) {
            assertThat(actual).isEmpty();
        } else {
            String code = name.substring(0, 5).toUpperCase(Locale.ROOT);
            assertThat(actual).anySatisfy(l -> assertThat(l).contains(" " + code + ": "));
        }
    }

    @Test
    void every_code_has_a_fixture() throws IOException {
        Set<String> covered;
        try (Stream<Path> s = fixtures()) {
            covered = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("rb"))
                    .map(n -> n.substring(0, 5).toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        }
        // RB07x are scenario checks; their fixtures and expected messages live in rehearse.ScenarioCheckerTest
        assertThat(covered).containsAll(Arrays.stream(Code.values()).map(Code::id).filter(id -> !id.startsWith("RB07")).toList());
    }

    @Test
    void every_code_is_documented() throws IOException {
        String docs = Files.readString(Path.of("docs/checks.md"));
        for (Code c : Code.values()) assertThat(docs).as("docs/checks.md mentions %s", c.id()).contains("## " + c.id());
    }

    @Test
    void codes_are_unique() {
        assertThat(Arrays.stream(Code.values()).map(Code::id).distinct().count()).isEqualTo(Code.values().length);
    }
}
