package dev.runbook.library;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Checker;
import dev.runbook.check.Diagnostic;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookLocator;
import dev.runbook.parse.RunbookParser;
import dev.runbook.rehearse.ScenarioFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Parses and checks runbook files and folders: the service behind {@code runbook validate}. */
public final class Validator {
    private final Checker checker;
    private final Catalogue catalogue;

    public Validator(Catalogue catalogue) {
        this.checker = new Checker(catalogue);
        this.catalogue = catalogue;
    }

    /** Files named directly, and runbook and scenario files under folders (recursively). */
    public static List<Path> expand(List<Path> paths) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                files.addAll(RunbookLocator.filesUnder(p));
                files.addAll(ScenarioFiles.under(p));
            } else {
                files.add(p);
            }
        }
        return new ArrayList<>(files);
    }

    public ValidationReport validate(List<Path> files, boolean strict) {
        List<FileReport> reports = files.parallelStream().map(f -> validate(f, strict)).toList();
        return new ValidationReport(reports);
    }

    public FileReport validate(Path file, boolean strict) {
        if (ScenarioFiles.isScenario(file)) {
            List<Diagnostic> all = new ArrayList<>(ScenarioFiles.validate(file, catalogue));
            all.sort(Diagnostic.ORDER);
            return new FileReport(file, Optional.empty(), strict ? all.stream().map(Diagnostic::asError).toList() : all);
        }
        ParseResult parsed = RunbookParser.parse(file);
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        parsed.runbook().ifPresent(rb -> all.addAll(checker.check(rb)));
        all.sort(Diagnostic.ORDER);
        List<Diagnostic> out = strict ? all.stream().map(Diagnostic::asError).toList() : all;
        return new FileReport(file, parsed.runbook(), out);
    }
}
