package dev.runbook.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runbook state}: the team state store. */
@Command(name = "state", mixinStandardHelpOptions = true, description = "Team state stores: 'state check URL' proves one is safe to share.",
        subcommands = StateCheckCommand.class)
public final class StateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    RunbookCommand root;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
