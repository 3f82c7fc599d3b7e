package dev.runbook.cli;

import dev.runbook.check.Diagnostic;
import dev.runbook.importer.CliMap;
import dev.runbook.importer.Draft;
import dev.runbook.importer.DraftYaml;
import dev.runbook.importer.ImportReport;
import dev.runbook.importer.Importer;
import dev.runbook.importer.PageReader;
import dev.runbook.library.FileReport;
import dev.runbook.library.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Turn a Markdown runbook page into a draft runbook: fenced az/aws/psql/curl commands become native actions,",
            "the rest shell steps with a guessed effect; checklists become manual steps. Every guess is a TODO(import) comment.",
            "Prints an import report ending with the counts; never overwrites a file without --force."})
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PAGE", description = "The Markdown page (.md).")
    Path page;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the draft (default: runbooks/ID.yaml); with --split, a folder (default: runbooks).")
    Path output;

    @Option(names = "--id", paramLabel = "NAME", description = "The runbook's id (default: from the page's file name or section).")
    String id;

    static final class Scope {
        @Option(names = "--section", paramLabel = "TITLE", description = "Import only the section with this heading (e.g. \"Rotating Secrets\").")
        String section;

        @Option(names = "--split", description = "Write one runbook per procedure of the page (its \"Runbook: X\" sections, else its level-2 sections).")
        boolean split;
    }

    @ArgGroup(exclusive = true)
    Scope scope = new Scope();

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the import report as JSON to FILE.")
    Path report;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (id != null && !dev.runbook.library.Skeleton.isValidId(id)) {
            throw CliException.usage("'" + id + "' is not a valid runbook id", "use lowercase letters, digits and single '-', e.g. service-down");
        }
        Path file = root.resolve(page);
        String text;
        try {
            text = PageReader.read(file);
        } catch (PageReader.Unreadable e) {
            throw CliException.usage(e.getMessage(), e.hint());
        }
        Importer importer = new Importer(root.catalogue(), CliMap.standard());
        List<Draft> drafts;
        try {
            drafts = importer.importPage(page.getFileName().toString(), text, id, scope.section, scope.split);
        } catch (Importer.ImportException e) {
            throw CliException.usage(e.getMessage(), "run without --section/--split, or name a heading of the page");
        }
        List<Path> targets = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (Draft d : drafts) {
            Path shownPath = scope.split || output == null ? (output == null ? Path.of("runbooks") : output).resolve(d.id + ".yaml") : output;
            if (!scope.split && output != null && !shownPath.getFileName().toString().equals(d.id + ".yaml")) {
                String fromName = shownPath.getFileName().toString().replaceFirst("\\.ya?ml$", "");
                if (id == null && dev.runbook.library.Skeleton.isValidId(fromName)) d.id = fromName;
            }
            Path target = root.resolve(shownPath);
            if (Files.exists(target) && !force) {
                throw CliException.usage(shownPath + " already exists", "pass --force to overwrite it, or choose another file with -o");
            }
            if (!scope.split && output != null && !shownPath.getFileName().toString().equals(d.id + ".yaml")) {
                // validate would refuse the draft (RB013): a runbook file is named after its id
                throw CliException.usage(shownPath + " cannot hold runbook '" + d.id + "': a runbook file is named after its id",
                        "use -o " + (shownPath.getParent() == null ? "" : shownPath.getParent() + "/") + d.id + ".yaml, or --id NAME with -o NAME.yaml");
            }
            targets.add(target);
            shown.add(shownPath.toString());
        }
        if (report != null && Files.exists(root.resolve(report)) && !force) {
            throw CliException.usage(report + " already exists", "pass --force to overwrite it, or choose another file with --report");
        }
        for (int i = 0; i < drafts.size(); i++) {
            Path t = targets.get(i);
            if (t.getParent() != null) Files.createDirectories(t.getParent());
            Files.writeString(t, DraftYaml.write(drafts.get(i)), force ? new StandardOpenOption[] {StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE} : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW});
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ImportReport.text(page.toString(), drafts, shown));
        if (report != null) {
            Files.writeString(root.resolve(report), ImportReport.json(page.toString(), drafts, shown), force ? new StandardOpenOption[] {
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE} : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW});
        }
        long errors = 0;
        Validator v = new Validator(root.catalogue(), 1);
        for (Path t : targets) {
            FileReport r = v.validate(t, false);
            errors += r.errors();
            r.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> spec.commandLine().getErr().println(d));
        }
        out.println(errors == 0 ? "the draft validates (warnings aside): runbook validate " + String.join(" ", shown)
                : "the draft has " + errors + " validation errors: this is a bug in import, please report it");
        out.flush();
        spec.commandLine().getErr().flush();
        return errors == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
