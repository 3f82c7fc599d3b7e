package dev.runbook.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Diagnostic;
import dev.runbook.engine.EngineOptions;
import dev.runbook.journal.Journal;
import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookParser;
import dev.runbook.secret.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario shipped under runbooks/scenarios/ validates and, rehearsed without a terminal, follows its expected path. */
class ShippedScenariosTest {
    static final Catalogue CATALOGUE = Catalogue.standard();
    static final Path LIBRARY = Path.of("runbooks");

    static Stream<Path> scenarios() throws IOException {
        return ScenarioFiles.under(LIBRARY).stream();
    }

    @Test
    void the_library_has_a_happy_path_and_a_rollback_for_service_down() throws IOException {
        List<Scenario> s = new ScenarioCatalog(LIBRARY.resolve("service-down.yaml"), CATALOGUE).list();
        assertThat(s).extracting(x -> x.expect().outcome()).contains(Outcome.RESOLVED, Outcome.ROLLED_BACK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void rehearses_to_its_expected_outcome(Path file, @TempDir Path tmp) {
        assertThat(ScenarioFiles.validate(file, CATALOGUE)).as("validate " + file).filteredOn(Diagnostic::isError).isEmpty();
        Runbook rb = RunbookParser.parse(ScenarioFiles.runbookOf(file).orElseThrow()).runbook().orElseThrow();
        Scenario s = ScenarioParser.parse(file).scenario().orElseThrow();
        assertThat(s.expect().outcome()).as("a shipped scenario states its expected outcome").isNotNull();
        EngineOptions options = EngineOptions.builder().catalogue(CATALOGUE).answers(Rehearsal.answers(s, rb, CATALOGUE)).workDir(tmp).build();
        Rehearsal.Run run;
        try (Journal j = Journal.create(tmp.resolve("run"), new Redactor(), Clock.systemUTC())) {
            run = Rehearsal.run(rb, s, CATALOGUE, options, Double.POSITIVE_INFINITY, "test", j);
        }
        assertThat(run.debrief().outcome()).as(run.debrief().toString()).isEqualTo(s.expect().outcome());
        assertThat(run.debrief().deviations()).as(run.debrief().toString()).isEmpty();
    }
}
