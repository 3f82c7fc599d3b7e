package dev.runbook.cli;

import dev.runbook.schema.SchemaGenerator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON Schema of the runbook format, including each action's 'with:' arguments.",
            "Editors use it through a first line like: # yaml-language-server: $schema=../schema/runbook.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(SchemaGenerator.json(root.catalogue()));
        out.flush();
        return ExitCodes.OK;
    }
}
