package dev.runbook.cli;

import dev.runbook.check.Diagnostic;
import dev.runbook.graph.GraphRenderer;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import dev.runbook.ui.RunbookRenderer;
import dev.runbook.text.Wrap;
import dev.runbook.ui.ParameterTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Render a runbook for a human: metadata, parameters, each phase's steps with effect, gate and undo,",
            "and the step graph. NAME is looked up in ./runbooks, then RUNBOOK_PATH; a path works too.",
            "--params lists only the parameters; --params-template FILE writes a --params file for exec to fill in."})
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

    @Option(names = "--params", description = "List only the parameters: name, type, required or default, secret, description.")
    boolean params;

    @Option(names = "--params-template", paramLabel = "FILE",
            description = "Write a parameters file for 'exec --params FILE': every parameter, defaults filled in, required ones as"
                    + " " + ParamsFile.PLACEHOLDER + " to replace; secrets only as comments (give them with --secret-env/--secret-file)."
                    + " '-' prints it. Never overwrites FILE without --force.")
    Path template;

    @Option(names = "--force", description = "With --params-template: overwrite FILE if it exists.")
    boolean force;

    // not FORMAT: picocli's completion script keeps one array of values per label, and --graph's FORMAT has others
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "With --params: text (default) or json, one 'parameter' JSON line per parameter (for scripts and CI).")
    RunsCommand.Format format;

    @Override
    public Integer call() {
        boolean json = format == RunsCommand.Format.json;
        if (json && (!params || template != null || graph != null)) {
            throw CliException.usage("--format json lists the parameters: use it with --params (alone)",
                    "runbook show " + ExecCommand.quote(name) + " --params --format json; the rest of show is for people (--graph for a graph)");
        }
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
        if (json) {
            // the errors went to stderr above: stdout carries JSON lines only
            ParamsJson.write(rb, out);
            return parsed.hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
        }
        if (params || template != null) {
            if (params) ParameterTable.render(rb, width()).forEach(out::println);
            if (params && !rb.parameters().isEmpty()) {
                String id = ExecCommand.quote(name);
                List<String> hints = new ArrayList<>();
                hints.add("give them with -p NAME=VALUE or --params FILE; a file to fill in: runbook show " + id + " --params-template params.yaml");
                if (rb.parameters().values().stream().anyMatch(dev.runbook.model.Parameter::secret)) {
                    hints.add("secret ones with --secret-env NAME=VAR or --secret-file NAME=PATH (never -p or a file), or type them when asked");
                }
                for (String h : hints) Wrap.words(h, width(), "", "  ").forEach(out::println);
            }
            if (template != null) writeTemplate(rb, out);
            out.flush();
            return parsed.hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
        }
        StepGraph.Build g = StepGraph.build(rb);
        if (graph != null) {
            out.print(GraphRenderer.render(g.graph(), rb.id() == null ? name : rb.id(), graph));
        } else {
            PrintWriter fitted = dev.runbook.text.Fit.writer(out, ScreenWidth.of(root.env()));
            new RunbookRenderer(root.catalogue(), root.ansi(), fitted).render(rb, g.graph());
            fitted.flush();
        }
        out.flush();
        return parsed.hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private void writeTemplate(Runbook rb, PrintWriter out) {
        String text = ParamsTemplate.render(rb, name, template.toString());
        if (template.toString().equals("-")) {
            out.print(text);
            return;
        }
        Path file = root.resolve(template);
        if (Files.isDirectory(file)) throw CliException.usage(template + " is a folder", "name the file to write, e.g. " + template.resolve("params.yaml"));
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw CliException.usage(template + " exists", "add --force to overwrite it (it may hold the values you filled in), or name another file");
        }
        try {
            if (force) Files.writeString(file, text, StandardCharsets.UTF_8);
            else Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw CliException.usage(template + " exists", "add --force to overwrite it (it may hold the values you filled in), or name another file");
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + template + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    "check the folder exists and is writable");
        }
        List<String> open = ParamsTemplate.required(rb);
        String run = "runbook exec " + ExecCommand.quote(name) + " --params " + ExecCommand.quote(template.toString());
        String line = open.isEmpty() ? "wrote " + template + " (every parameter has its default); run with: " + run
                : "wrote " + template + ": fill in " + String.join(", ", open) + " (marked " + ParamsFile.PLACEHOLDER + "), then: " + run;
        Wrap.words(line, width(), "", "  ").forEach(out::println);
    }

    private int width;

    /** The terminal's width, else COLUMNS, else 80 (as a run's display decides); asked once. */
    private int width() {
        if (width <= 0) width = columns();
        return width;
    }

    private int columns() {
        org.jline.terminal.Terminal t = RunSupport.systemTerminal();
        if (t != null) {
            try (t) {
                if (t.getWidth() > 0) return t.getWidth();
            } catch (IOException e) {
                // closing failed: the width was read or not
            }
        }
        try {
            int c = Integer.parseInt(root.env().getOrDefault("COLUMNS", "").trim());
            if (c > 0) return c;
        } catch (NumberFormatException e) {
            // not a number: the default
        }
        return 80;
    }
}
