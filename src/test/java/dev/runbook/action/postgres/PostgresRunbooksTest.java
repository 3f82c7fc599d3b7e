package dev.runbook.action.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.library.FileReport;
import dev.runbook.library.Validator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresRunbooksTest {
    @ParameterizedTest
    @ValueSource(strings = {"db-blocked-queries", "db-connection-pool-exhausted"})
    void shipped_database_runbooks_validate_strictly(String name) {
        FileReport report = new Validator(Catalogue.standard()).validate(Path.of("runbooks", name + ".yaml"), true);
        assertThat(report.diagnostics()).as(name).isEmpty();
        assertThat(report.runbook()).isPresent();
    }

    @Test
    void blocked_queries_terminates_the_root_blocker_found_in_diagnose() {
        var rb = new Validator(Catalogue.standard()).validate(Path.of("runbooks/db-blocked-queries.yaml"), true).runbook().orElseThrow();
        assertThat(rb.phases().get(dev.runbook.model.Phase.RESOLVE)).singleElement().satisfies(s -> assertThat(s.uses()).isEqualTo("postgres.terminate"));
    }
}
