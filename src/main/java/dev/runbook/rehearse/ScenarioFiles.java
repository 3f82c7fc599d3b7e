package dev.runbook.rehearse;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Checker;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Runbook;
import dev.runbook.model.SourcePosition;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookLocator;
import dev.runbook.parse.RunbookParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where scenarios live: {@code <dir>/scenarios/<runbook>/<scenario>.yaml} beside {@code <dir>/<runbook>.yaml},
 * and how {@code validate} checks one: parse it, then check it against its runbook.
 */
public final class ScenarioFiles {
    private ScenarioFiles() {}

    /** True for a YAML file directly inside {@code scenarios/<runbook>/}. */
    public static boolean isScenario(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path folder = abs.getParent();
        Path scenarios = folder == null ? null : folder.getParent();
        return RunbookLocator.isRunbookFile(file) && scenarios != null && scenarios.getFileName() != null
                && scenarios.getFileName().toString().equals("scenarios");
    }

    /** Every scenario file under a folder, recursively, sorted. */
    public static List<Path> under(Path dir) throws IOException {
        return RunbookLocator.walk(dir).scenarios();
    }

    /** The scenarios of a runbook file, sorted by name. */
    public static List<Path> of(Path runbookFile) throws IOException {
        Path parent = runbookFile.toAbsolutePath().normalize().getParent();
        Path dir = runbookFile.resolveSibling("scenarios").resolve(RunbookLocator.idOf(runbookFile));
        if (parent == null || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(RunbookLocator::isRunbookFile).sorted().toList();
        }
    }

    /** The runbook a scenario file sits beside ({@code ../../<runbook>.yaml}), if it exists. */
    public static Optional<Path> runbookOf(Path scenarioFile) {
        Path folder = scenarioFile.getParent();
        Path scenarios = folder == null ? null : folder.getParent();
        Path root = scenarios == null ? null : scenarios.getParent();
        if (folder == null || folder.getFileName() == null) return Optional.empty();
        String id = folder.getFileName().toString();
        Path base = root == null ? Path.of("") : root;
        for (String ext : List.of(".yaml", ".yml")) {
            Path p = base.resolve(id + ext);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Every diagnostic for one scenario file: its own, and the ones from checking it against its runbook. */
    public static List<Diagnostic> validate(Path scenarioFile, Catalogue catalogue) {
        Checker checker = new Checker(catalogue);
        return validate(scenarioFile, catalogue, rbFile -> cleanRunbook(rbFile, checker));
    }

    /**
     * As {@link #validate(Path, Catalogue)}, with the runbook beside the scenario read by {@code runbooks}: the runbook
     * if it parses and checks without errors, else empty. {@code validate} of a folder reads each runbook once for all
     * its scenarios (and for the runbook's own report) instead of once per scenario.
     */
    public static List<Diagnostic> validate(Path scenarioFile, Catalogue catalogue, Function<Path, Optional<Runbook>> runbooks) {
        ScenarioParser.Result parsed = ScenarioParser.parse(scenarioFile);
        List<Diagnostic> out = new ArrayList<>(parsed.diagnostics());
        if (parsed.scenario().isEmpty()) return out;
        Scenario s = parsed.scenario().get();
        Optional<Path> rbFile = runbookOf(scenarioFile);
        if (rbFile.isEmpty()) {
            out.add(Diagnostic.of(Code.SCENARIO_RUNBOOK, new SourcePosition(scenarioFile.toString(), 1, 1),
                    "no runbook beside this scenario's folder", "a scenario for runbook R lives in scenarios/R/ next to R.yaml"));
            return out;
        }
        Optional<Runbook> rb = runbooks.apply(rbFile.get());
        if (rb.isEmpty()) {
            out.add(Diagnostic.of(Code.SCENARIO_RUNBOOK, s.pos(), "its runbook " + rbFile.get() + " has errors, so the scenario cannot be checked against it",
                    "fix the runbook first (runbook validate " + rbFile.get() + ")"));
            return out;
        }
        out.addAll(ScenarioChecker.check(s, rb.get(), catalogue));
        return out;
    }

    /** The runbook in {@code file} if it parses and checks without errors. */
    public static Optional<Runbook> cleanRunbook(Path file, Checker checker) {
        ParseResult rb = RunbookParser.parse(file);
        if (rb.runbook().isEmpty() || rb.hasErrors() || checker.check(rb.runbook().get()).stream().anyMatch(Diagnostic::isError)) {
            return Optional.empty();
        }
        return rb.runbook();
    }
}
