package dev.runbook.action.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.model.Effect;
import org.junit.jupiter.api.Test;

class PostgresProviderTest {

    @Test
    void catalogue_finds_every_postgres_action_with_its_effect() {
        Catalogue c = Catalogue.standard();
        assertThat(c.names()).contains("postgres.query", "postgres.connections", "postgres.blocking",
                "postgres.long-running", "postgres.cancel", "postgres.terminate", "postgres.dump");
        assertThat(c.spec("postgres.query").orElseThrow().effect()).isEqualTo(Effect.READ);
        assertThat(c.spec("postgres.cancel").orElseThrow().effect()).isEqualTo(Effect.WRITE);
        assertThat(c.spec("postgres.dump").orElseThrow().effect()).isEqualTo(Effect.WRITE);
        ActionSpec terminate = c.spec("postgres.terminate").orElseThrow();
        assertThat(terminate.effect()).isEqualTo(Effect.DESTRUCTIVE);
        assertThat(terminate.targetParam()).isEqualTo("pid");
        assertThat(terminate.before()).extracting(b -> b.name()).contains("query", "user", "application", "querySeconds");
    }

    @Test
    void every_action_takes_a_connection_and_an_optional_password() {
        for (ActionSpec s : new PostgresProvider().specs()) {
            assertThat(s.provider()).isEqualTo("postgres");
            assertThat(s.parameter("connection").orElseThrow().required()).as(s.name()).isTrue();
            assertThat(s.parameter("password").orElseThrow().required()).as(s.name()).isFalse();
            assertThat(s.description()).as(s.name()).isNotBlank();
        }
    }

    @Test
    void metadata_does_not_touch_jdbc() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.runbook.action.postgres");
        noClasses().that().resideInAPackage("dev.runbook.action.postgres")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..", "dev.runbook.action.postgres.impl..")
                .check(classes);
    }
}
