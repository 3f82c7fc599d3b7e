package dev.runbook.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Diagnostic;
import dev.runbook.library.FileReport;
import dev.runbook.library.Validator;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Imports pages and checks the drafts with the project's own validate service. */
final class ImportSupport {
    static final Catalogue CATALOGUE = Catalogue.standard();
    static final Path SEEDS = Path.of("src/test/resources/importer/seeds");

    private ImportSupport() {}

    static Importer importer() {
        return new Importer(CATALOGUE, CliMap.standard());
    }

    static String seed(String prefix) {
        try (var s = Files.list(SEEDS)) {
            Path p = s.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Draft> run(String page, String text, String section, boolean split) {
        try {
            return importer().importPage(page, text, null, section, split);
        } catch (Importer.ImportException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Writes the draft as dir/ID.yaml, validates it (no errors allowed) and returns the parsed runbook. */
    static Runbook validated(Draft d, Path dir) {
        try {
            Path f = dir.resolve(d.id + ".yaml");
            String yaml = DraftYaml.write(d);
            Files.writeString(f, yaml);
            FileReport r = new Validator(CATALOGUE, 1).validate(f, false);
            List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).toList();
            assertThat(errors).as("errors in the draft of %s:\n%s", d.id, numbered(yaml)).isEmpty();
            assertThat(r.runbook()).isPresent();
            return r.runbook().get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String numbered(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) b.append(String.format("%4d %s%n", i + 1, lines[i]));
        return b.toString();
    }

    static List<String> uses(Runbook rb) {
        return rb.allSteps().stream().map(Step::uses).collect(Collectors.toList());
    }

    static Step step(Runbook rb, String uses) {
        return rb.allSteps().stream().filter(s -> s.uses().equals(uses)).findFirst().orElseThrow(() -> new AssertionError("no " + uses + " step in " + uses(rb)));
    }

    static Object arg(Step s, String name) {
        return s.with().get(name) == null ? null : s.with().get(name).toPlain();
    }
}
