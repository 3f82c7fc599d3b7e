package dev.runbook.rehearse;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Names;
import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The scenarios of one runbook file, and loading one by name or path with every check applied. */
public final class ScenarioCatalog {
    private final Path runbookFile;
    private final Catalogue catalogue;

    public ScenarioCatalog(Path runbookFile, Catalogue catalogue) {
        this.runbookFile = runbookFile;
        this.catalogue = catalogue;
    }

    /** A loaded scenario, or why there is none ({@code problem}, {@code hint}); diagnostics are printed either way. */
    public record Loaded(Optional<Scenario> scenario, List<Diagnostic> diagnostics, String problem, String hint) {}

    public List<Path> files() {
        try {
            return ScenarioFiles.of(runbookFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenarios that parse, sorted by file name. */
    public List<Scenario> list() {
        List<Scenario> out = new ArrayList<>();
        for (Path f : files()) ScenarioParser.parse(f).scenario().ifPresent(out::add);
        return out;
    }

    /** {@code nameOrPath} null: the first scenario by name. */
    public Loaded load(String nameOrPath, Runbook rb) {
        List<Path> files = files();
        Path file;
        if (nameOrPath == null) {
            if (files.isEmpty()) {
                return new Loaded(Optional.empty(), List.of(), "runbook " + rb.id() + " has no scenarios",
                        "write one in " + runbookFile.resolveSibling("scenarios").resolve(rb.id()) + "/ (docs/rehearsal.md) or pass --scenario FILE");
            }
            file = files.get(0);
        } else if ((nameOrPath.contains("/") || nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) && (Files.isRegularFile(Path.of(nameOrPath)) || dev.runbook.parse.InputFiles.present(Path.of(nameOrPath)))) {
            file = Path.of(nameOrPath);
        } else {
            Optional<Path> byName = files.stream().filter(f -> RunbookLocator.idOf(f).equals(nameOrPath)).findFirst();
            if (byName.isEmpty()) {
                List<String> names = files.stream().map(RunbookLocator::idOf).toList();
                return new Loaded(Optional.empty(), List.of(), "runbook " + rb.id() + " has no scenario '" + nameOrPath + "'",
                        Names.closest(nameOrPath, names).map(c -> "did you mean '" + c + "'?")
                                .orElse(names.isEmpty() ? "it has no scenarios yet" : "its scenarios: " + String.join(", ", names)));
            }
            file = byName.get();
        }
        ScenarioParser.Result parsed = ScenarioParser.parse(file);
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        parsed.scenario().ifPresent(s -> all.addAll(ScenarioChecker.check(s, rb, catalogue)));
        all.sort(Diagnostic.ORDER);
        if (parsed.scenario().isEmpty() || all.stream().anyMatch(Diagnostic::isError)) {
            return new Loaded(Optional.empty(), all, "scenario " + file + " has errors", "run 'runbook validate " + file + "'");
        }
        return new Loaded(parsed.scenario(), all, null, null);
    }
}
