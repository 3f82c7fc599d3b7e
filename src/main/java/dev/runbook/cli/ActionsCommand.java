package dev.runbook.cli;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.model.Names;
import dev.runbook.ui.ActionRenderer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "actions", mixinStandardHelpOptions = true,
        description = {"List the action catalogue (what 'uses:' may name), or describe one action:",
            "effect, parameters (type, required, default), outputs. Read from metadata; no provider is loaded."})
final class ActionsCommand implements Callable<Integer> {
    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", completionCandidates = Candidates.ActionNames.class, description = "An action name, e.g. http.check.")
    String name;

    @Override
    public Integer call() {
        Catalogue catalogue = root.catalogue();
        PrintWriter out = dev.runbook.text.Fit.writer(spec.commandLine().getOut(), ScreenWidth.of(root.env()));
        ActionRenderer renderer = new ActionRenderer(root.ansi(), out).replaces(dev.runbook.importer.CliMap.standard().commandsByAction());
        if (name == null) {
            if (catalogue.specs().isEmpty()) {
                spec.commandLine().getErr().println("no actions: no provider is installed");
                return ExitCodes.INTERNAL;
            }
            renderer.table(catalogue.specs());
            out.flush();
            return ExitCodes.OK;
        }
        ActionSpec a = catalogue.spec(name).orElseThrow(() -> CliException.usage("no action named '" + name + "'",
                Names.closest(name, catalogue.names()).map(c -> "did you mean '" + c + "'?").orElse("'runbook actions' lists them")));
        renderer.describe(a);
        out.flush();
        return ExitCodes.OK;
    }
}
