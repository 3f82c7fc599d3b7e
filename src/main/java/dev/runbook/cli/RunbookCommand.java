package dev.runbook.cli;

import dev.runbook.action.Catalogue;
import dev.runbook.parse.RunbookLocator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
        footer = {"", "Exit codes: 0 ok, 1 problems found / step failed, 2 usage error, 3 aborted,",
            "  4 approval required, 5 rolled back, 6 rollback failed, 7 rehearsal deviated,",
            "  8 locked, 11 state store unreachable or unsafe, 70 internal error,", "  130 interrupted."})
public final class RunbookCommand implements Callable<Integer> {
    /**
     * The subcommands in help order. Not in the annotation: picocli would build every one's model (reflection
     * over 15 classes, 20 ms) on each run; {@link #commandLine} builds only the one the arguments name.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "validate", ValidateCommand.class,
            "list", ListCommand.class,
            "show", ShowCommand.class,
            "actions", ActionsCommand.class,
            "schema", SchemaCommand.class,
            "new", NewCommand.class,
            "exec", ExecCommand.class,
            "resume", ResumeCommand.class,
            "takeover", TakeoverCommand.class,
            "rehearse", RehearseCommand.class,
            "runs", RunsCommand.class,
            "report", ReportCommand.class,
            "unlock", UnlockCommand.class,
            "state", StateCommand.class,
            "import", ImportCommand.class,
            "export", ExportCommand.class,
            "help", CommandLine.HelpCommand.class);

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Spec
    CommandSpec spec;

    private final Path workDir;
    private final Map<String, String> env;
    private final Supplier<Catalogue> catalogueFactory;
    private Catalogue catalogue;

    public RunbookCommand() {
        this(Path.of(""), System.getenv(), new StandardCatalogue());
    }

    /**
     * A class, not a method reference (which would load the catalogue's classes now) nor a lambda (whose first
     * link spins method-handle classes even on {@code --help}): nothing of the catalogue loads until a command asks.
     */
    static final class StandardCatalogue implements Supplier<Catalogue> {
        @Override
        public Catalogue get() {
            return Catalogue.standard();
        }
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

    /**
     * The environment a subcommand resolves the state folder, XDG and {@code RUNBOOK_*} settings from: its root's, so
     * that every command sees the same one (tests give the root their own); the process's only for a subcommand made
     * without a root. The one place in {@code cli} that reads {@code System.getenv()} besides the root itself.
     */
    static Map<String, String> envOf(RunbookCommand root) {
        return root != null ? root.env() : System.getenv();
    }

    public Path resolve(Path p) {
        return p.isAbsolute() ? p : workDir.resolve(p);
    }

    public boolean debug() {
        return global.debug;
    }

    /** Colour by {@link dev.runbook.ui.ColorPolicy}: only on a terminal, never with --no-color, NO_COLOR or TERM=dumb. */
    public Ansi ansi() {
        return colorOff(env, global.noColor) ? Ansi.OFF : Ansi.AUTO;
    }

    /** Whether --no-color was given (the run display asks; picocli stores it on the root). */
    public boolean noColor() {
        return global.noColor;
    }

    static boolean colorOff(Map<String, String> env, boolean noColorFlag) {
        return dev.runbook.ui.ColorPolicy.disabled(noColorFlag, env);
    }

    /** The command line with the exception handler, exit codes and colour scheme installed. */
    public static CommandLine commandLine(RunbookCommand root, String... args) {
        return commandLine(root, CommandLine.defaultFactory(), args);
    }

    /**
     * As {@link #commandLine(RunbookCommand, String...)}, with subcommands made by {@code factory}. When
     * {@code args} name a subcommand only that one is built; otherwise (no subcommand, {@code help}, a typo,
     * an {@code @file}) all are, for the usage text and did-you-mean.
     */
    public static CommandLine commandLine(RunbookCommand root, CommandLine.IFactory factory, String... args) {
        CommandLine cl = new CommandLine(root, factory);
        Optional<Class<?>> named = named(args);
        boolean listingOnly = onlyAsksForHelp(args);
        for (var e : SUBCOMMANDS.entrySet()) {
            Class<?> sub = e.getValue();
            if (listingOnly) cl.addSubcommand(e.getKey(), listing(e.getKey(), sub));
            else if (named.isEmpty() || named.get() == sub) cl.addSubcommand(new CommandLine(sub, factory));
        }
        cl.setExecutionExceptionHandler(new ExecutionExceptionHandler(root));
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        boolean off = colorOff(root.env, Arrays.asList(args).contains("--no-color"));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(off ? Ansi.OFF : Ansi.AUTO));
        return cl;
    }

    /** {@code runbook --help}: the usage lists each subcommand's name and description, nothing else of it. */
    static boolean onlyAsksForHelp(String... args) {
        if (args.length == 0) return false;
        boolean help = false;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) help = true;
            else if (!a.equals("--no-color") && !a.equals("--debug")) return false;
        }
        return help;
    }

    /**
     * A subcommand as the root's usage shows it, from its {@code @Command} annotation alone: building the full
     * model of every subcommand (reflection over each one's options and mixins) was most of {@code --help}'s time.
     */
    private static CommandLine listing(String name, Class<?> sub) {
        CommandSpec spec = CommandSpec.create().name(name);
        Command c = sub.getAnnotation(Command.class);
        if (c != null) spec.usageMessage().header(c.header()).description(c.description());
        return new CommandLine(spec);
    }

    /** The subcommand the arguments name: the first word that is not an option (the root's options take no value). */
    static Optional<Class<?>> named(String... args) {
        for (String a : args) {
            if (a.startsWith("@") || a.equals("--")) return Optional.empty();
            if (a.startsWith("-")) continue;
            // "help" shows other commands' usage, so it needs them all
            return a.equals("help") ? Optional.empty() : Optional.ofNullable(SUBCOMMANDS.get(a));
        }
        return Optional.empty();
    }

    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) m.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        return Collections.unmodifiableMap(m);
    }
}
