package dev.runbook.cli;

import dev.runbook.check.Diagnostic;
import dev.runbook.importer.CliMap;
import dev.runbook.importer.Exporter;
import dev.runbook.model.Node;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import dev.runbook.parse.YamlFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Render a runbook as a wiki page in the runbook template (Overview, Severity, Symptoms, Prerequisites,",
            "Diagnostic Steps, Resolution Steps, Rollback Plan, Escalation, References), each native action shown as the CLI",
            "command it replaces. 'runbook import' of the page gives the same runbook back."})
final class ExportCommand implements Callable<Integer> {
    enum Format { markdown }

    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Runbook name or path.", completionCandidates = RunbookNames.class)
    String name;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown", description = "Output format: ${COMPLETION-CANDIDATES} (default).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the page to FILE instead of standard output (never overwrites without --force).")
    Path output;

    @Option(names = "--force", description = "Overwrite FILE.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Path file = Runbooks.locate(root, name);
        ParseResult parsed = RunbookParser.parse(file);
        if (parsed.runbook().isEmpty() || parsed.hasErrors()) {
            parsed.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> spec.commandLine().getErr().println(d));
            throw new CliException(ExitCodes.FAILED, file + " is not a valid runbook", "run 'runbook validate " + file + "' and fix it first");
        }
        Optional<Node> tree;
        try {
            tree = YamlFile.read(file);
        } catch (YamlFile.Invalid e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage(), "run 'runbook validate " + file + "'");
        }
        // control characters in the runbook's text are shown, not obeyed, when the page is printed or opened (cat page.md)
        String page = dev.runbook.text.ControlChars.escape(new Exporter(root.catalogue(), CliMap.standard()).markdown((Node.Mapping) tree.orElseThrow()));
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(page);
            out.flush();
            return ExitCodes.OK;
        }
        Path target = root.resolve(output);
        if (Files.exists(target) && !force) throw CliException.usage(output + " already exists", "pass --force to overwrite it");
        if (target.getParent() != null) Files.createDirectories(target.getParent());
        Files.writeString(target, page, force ? new java.nio.file.StandardOpenOption[] {java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE}
                : new java.nio.file.StandardOpenOption[] {java.nio.file.StandardOpenOption.CREATE_NEW});
        spec.commandLine().getOut().println("exported " + file + " → " + output);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
