package dev.runbook.cli;

import dev.runbook.library.Skeleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Write a skeleton runbook with every section of the runbook template",
            "(overview, severity, symptoms, prerequisites, diagnose, resolve, verify, rollback, escalation, references).",
            "It validates clean; never overwrites a file."})
final class NewCommand implements Callable<Integer> {
    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The runbook's id: lowercase letters, digits and '-', e.g. service-down.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "runbooks", description = "Folder to write to (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--title", paramLabel = "TEXT", description = "The title (default: from the name).")
    String title;

    @Override
    public Integer call() throws IOException {
        if (!Skeleton.isValidId(name)) {
            throw CliException.usage("'" + name + "' is not a valid runbook name",
                    "use lowercase letters, digits and single '-', starting with a letter, e.g. service-down");
        }
        Path folder = root.resolve(dir);
        Path file = folder.resolve(name + ".yaml");
        if (Files.exists(file)) throw CliException.usage(dir.resolve(name + ".yaml") + " already exists", "pick another name, or edit the file");
        Files.createDirectories(folder);
        Files.writeString(file, Skeleton.render(name, title), java.nio.file.StandardOpenOption.CREATE_NEW);
        spec.commandLine().getOut().println("created " + dir.resolve(name + ".yaml") + "; check it with: runbook validate " + dir.resolve(name + ".yaml"));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
