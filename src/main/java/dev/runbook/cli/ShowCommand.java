package dev.runbook.cli;

import dev.runbook.check.Diagnostic;
import dev.runbook.graph.GraphRenderer;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import dev.runbook.ui.RunbookRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Render a runbook for a human: metadata, parameters, each phase's steps with effect, gate and undo,",
            "and the step graph. NAME is looked up in ./runbooks, then RUNBOOK_PATH; a path works too."})
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Runbook name or path.", completionCandidates = RunbookNames.class)
    String name;

    @Option(names = "--graph", paramLabel = "FORMAT", completionCandidates = Candidates.GraphFormats.class,
            description = "Print only the step graph, as ${COMPLETION-CANDIDATES}.")
    GraphRenderer.Format graph;

    @Override
    public Integer call() {
        Path file = Runbooks.locate(root, name);
        ParseResult parsed = RunbookParser.parse(file);
        PrintWriter out = spec.commandLine().getOut();
        if (parsed.runbook().isEmpty() || parsed.hasErrors()) {
            PrintWriter err = spec.commandLine().getErr();
            parsed.diagnostics().stream().filter(Diagnostic::isError).forEach(d -> err.println(d));
            err.flush();
            if (parsed.runbook().isEmpty()) {
                throw new CliException(ExitCodes.FAILED, file + " cannot be read as a runbook", "run 'runbook validate " + file + "' for details");
            }
        }
        Runbook rb = parsed.runbook().get();
        StepGraph.Build g = StepGraph.build(rb);
        if (graph != null) {
            out.print(GraphRenderer.render(g.graph(), rb.id() == null ? name : rb.id(), graph));
        } else {
            new RunbookRenderer(root.catalogue(), root.ansi(), out).render(rb, g.graph());
        }
        out.flush();
        return parsed.hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
