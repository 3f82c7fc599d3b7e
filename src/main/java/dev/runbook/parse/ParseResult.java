package dev.runbook.parse;

import dev.runbook.check.Diagnostic;
import dev.runbook.model.Runbook;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading one file. {@code runbook} is present whenever the YAML could be read as a
 * mapping, even with binding errors, so later checks still run; {@link #hasErrors()} says whether it is usable.
 */
public record ParseResult(Optional<Runbook> runbook, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
