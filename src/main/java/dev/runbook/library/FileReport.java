package dev.runbook.library;

import dev.runbook.check.Diagnostic;
import dev.runbook.model.Runbook;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The validation outcome of one file. */
public record FileReport(Path file, Optional<Runbook> runbook, List<Diagnostic> diagnostics) {
    public FileReport {
        diagnostics = List.copyOf(diagnostics);
    }

    public long errors() {
        return diagnostics.stream().filter(Diagnostic::isError).count();
    }

    public long warnings() {
        return diagnostics.size() - errors();
    }
}
