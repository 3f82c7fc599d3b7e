package dev.runbook.cli;

import dev.runbook.action.Catalogue;
import dev.runbook.parse.RunbookLocator;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command. It holds what subcommands share (global options, the catalogue, the search path),
 * all built lazily so that {@code --help} costs nothing.
 */
@Command(name = "runbook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Executable operational runbooks: validate, rehearse and run them safely.",
        subcommands = {
            ValidateCommand.class,
            ListCommand.class,
            ShowCommand.class,
            ActionsCommand.class,
            SchemaCommand.class,
            NewCommand.class,
            ExecCommand.class,
            ResumeCommand.class,
            RehearseCommand.class,
            RunsCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 ok, 1 problems found / step failed, 2 usage error, 3 aborted, 4 approval required,",
            "5 rolled back, 6 rollback failed, 7 rehearsal deviated, 8 locked, 70 internal error, 130 interrupted."})
public final class RunbookCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Spec
    CommandSpec spec;

    private final Path workDir;
    private final Map<String, String> env;
    private final Supplier<Catalogue> catalogueFactory;
    private Catalogue catalogue;

    public RunbookCommand() {
        // a lambda, not a method reference: nothing of the catalogue is loaded until a command asks for it
        this(Path.of(""), System.getenv(), () -> Catalogue.standard());
    }

    /** For tests: a working directory, an environment and a catalogue of their own. */
    public RunbookCommand(Path workDir, Map<String, String> env, Supplier<Catalogue> catalogue) {
        this.workDir = workDir;
        this.env = Map.copyOf(env);
        this.catalogueFactory = catalogue;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public synchronized Catalogue catalogue() {
        if (catalogue == null) catalogue = catalogueFactory.get();
        return catalogue;
    }

    public RunbookLocator locator() {
        return RunbookLocator.standard(workDir, env.get(RunbookLocator.ENV));
    }

    public Path workDir() {
        return workDir;
    }

    /** The environment the command runs in (tests pass their own). */
    public Map<String, String> env() {
        return env;
    }

    public Path resolve(Path p) {
        return p.isAbsolute() ? p : workDir.resolve(p);
    }

    public boolean debug() {
        return global.debug;
    }

    /** Colour only on a terminal, and never with --no-color or NO_COLOR set. */
    public Ansi ansi() {
        return colorOff(env, global.noColor) ? Ansi.OFF : Ansi.AUTO;
    }

    static boolean colorOff(Map<String, String> env, boolean noColorFlag) {
        return noColorFlag || (env.get("NO_COLOR") != null && !env.get("NO_COLOR").isEmpty());
    }

    /** The command line with the exception handler, exit codes and colour scheme installed. */
    public static CommandLine commandLine(RunbookCommand root, String... args) {
        CommandLine cl = new CommandLine(root);
        cl.setExecutionExceptionHandler(new ExecutionExceptionHandler(root));
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        boolean off = colorOff(root.env, java.util.Arrays.asList(args).contains("--no-color"));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(off ? Ansi.OFF : Ansi.AUTO));
        return cl;
    }
}
