package dev.runbook.library;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Checker;
import dev.runbook.check.Diagnostic;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookLocator;
import dev.runbook.parse.RunbookParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses and checks runbook files and folders: the service behind {@code runbook validate}. */
public final class Validator {
    private final Checker checker;

    public Validator(Catalogue catalogue) {
        this.checker = new Checker(catalogue);
    }

    /** Files named directly, and runbook files under folders (recursively, skipping {@code scenarios/}). */
    public static List<Path> expand(List<Path> paths) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                files.addAll(RunbookLocator.filesUnder(p));
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
        ParseResult parsed = RunbookParser.parse(file);
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        parsed.runbook().ifPresent(rb -> all.addAll(checker.check(rb)));
        all.sort(Diagnostic.ORDER);
        List<Diagnostic> out = strict ? all.stream().map(Diagnostic::asError).toList() : all;
        return new FileReport(file, parsed.runbook(), out);
    }
}
