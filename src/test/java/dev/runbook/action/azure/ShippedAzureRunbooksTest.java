package dev.runbook.action.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Diagnostic;
import dev.runbook.library.FileReport;
import dev.runbook.library.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped Azure runbooks (translated from the seed procedures) validate clean, warnings included. */
class ShippedAzureRunbooksTest {
    static final List<String> AZURE_RUNBOOKS = List.of("app-service-high-response-time", "memory-leak-restart", "database-failure",
            "redis-connection-failure", "service-bus-dead-letters", "keyvault-secret-rotation", "blue-green-swap");

    static Stream<String> runbooks() {
        return AZURE_RUNBOOKS.stream();
    }

    @ParameterizedTest
    @MethodSource("runbooks")
    void validates_clean(String name) throws Exception {
        Path file = Path.of("runbooks", name + ".yaml");
        assertThat(file).exists();
        FileReport report = new Validator(Catalogue.standard()).validate(file, true);
        assertThat(report.diagnostics()).extracting(Diagnostic::toString).isEmpty();
        assertThat(Files.readString(file)).contains("uses: azure.");
    }
}
