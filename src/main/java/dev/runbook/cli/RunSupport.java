package dev.runbook.cli;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Checker;
import dev.runbook.check.Diagnostic;
import dev.runbook.engine.Engine;
import dev.runbook.engine.EngineOptions;
import dev.runbook.engine.RunResult;
import dev.runbook.engine.RunService;
import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.parse.InputFiles;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import dev.runbook.secret.Redactor;
import dev.runbook.text.ControlChars;
import dev.runbook.secret.RedactingOutputStream;
import dev.runbook.secret.RedactingWriter;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Findings;
import dev.runbook.ui.ColorPolicy;
import dev.runbook.ui.ConsoleRenderer;
import dev.runbook.ui.JsonRenderer;
import dev.runbook.ui.TerminalInteraction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Wiring shared by {@code exec}, {@code resume} and {@code rehearse}: terminal, renderer, gates, secrets, Ctrl-C,
 * and the mapping from how a run ended to the exit code. Everything written passes the redactor. A rehearsal
 * differs only by its catalogue's actions being simulated (the caller swaps them into the options), the
 * renderer's clock, where its journal goes, and its answers when nobody is at the terminal.
 */
final class RunSupport implements AutoCloseable {
    /** Bad input: printed as is, exit code USAGE (or the one given). */
    static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Stop(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    final RunOptions opts;
    final Redactor redactor = new Redactor();
    final PrintWriter out;
    final PrintWriter err;
    final Map<String, String> env;
    final Terminal terminal;
    final boolean interactive;
    private ConsoleRenderer console;
    private Catalogue catalogue;
    private InstantSource renderClock = InstantSource.system();
    private boolean noColorFlag;

    RunSupport(RunOptions opts, PrintWriter out, PrintWriter err, Map<String, String> env, Supplier<Terminal> terminals) throws Stop {
        this.opts = opts;
        this.env = env;
        if (OutputFormat.parse(opts.output).isEmpty()) {
            throw new Stop(ExitCodes.USAGE, "--output must be text or json, got '" + opts.output + "'");
        }
        if (opts.parallel < 1 || opts.parallel > 64) throw new Stop(ExitCodes.USAGE, "--parallel must be between 1 and 64, got " + opts.parallel);
        boolean wantTerminal = !opts.noInput && opts.format() == OutputFormat.TEXT;
        this.terminal = wantTerminal ? terminals.get() : null;
        this.interactive = terminal != null;
        // cloud and database keys in the environment are masked wherever they could be printed (a step running `env`)
        dev.runbook.secret.EnvironmentCredentials.register(env, redactor);
        // redacted first (a secret may hold a control character), then control sequences from data made visible
        this.out = new PrintWriter(new RedactingWriter(ControlChars.terminalSafe(terminal != null ? terminal.writer() : out), redactor), true);
        this.err = new PrintWriter(new RedactingWriter(ControlChars.terminalSafe(err), redactor), true);
        // what libraries log (slf4j-simple writes to System.err) and stray stack traces pass the redactor too
        this.savedErr = System.err;
        System.setErr(new java.io.PrintStream(new RedactingOutputStream(savedErr, redactor), true, StandardCharsets.UTF_8));
    }

    private final java.io.PrintStream savedErr;

    /** The system terminal when stdin and stdout are both a TTY, else none. */
    static Terminal systemTerminal() {
        if (System.console() == null) return null;
        try {
            // UTF-8 whatever the locale: under LANG=C the JDK would print ✓ and ✗ alike, as '?'
            return TerminalBuilder.builder().system(true).dumb(true).encoding(java.nio.charset.StandardCharsets.UTF_8).build();
        } catch (IOException e) {
            return null;
        }
    }

    /** The catalogue runbooks are checked and run against (the standard one unless set). */
    Catalogue catalogue() {
        if (catalogue == null) catalogue = Catalogue.standard();
        return catalogue;
    }

    RunSupport catalogue(Catalogue c) {
        this.catalogue = c;
        return this;
    }

    /**
     * What the cloud SDKs log (Azure SDK, MSAL, AWS SDK through slf4j): nothing on the operator's screen, where it
     * would bury the step lines and the first real error; with {@code --debug}, everything to a file named here. Set
     * before a provider is loaded (slf4j-simple reads its settings when the first logger is made). A level given by
     * the user ({@code RUNBOOK_JAVA_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=...}) is kept.
     */
    RunSupport sdkLogging(boolean debug) {
        if (System.getProperty(LOG_LEVEL) != null) return this;
        if (!debug) {
            System.setProperty(LOG_LEVEL, "off");
            return this;
        }
        try {
            // private (0700 folder, 0600 file): what SDKs log at debug level is sign-in and request detail
            Path dir = RunStore.locate(opts.stateDir, env).root().resolve("debug");
            java.nio.file.attribute.FileAttribute<?>[] privateDir = posix() ? new java.nio.file.attribute.FileAttribute<?>[] {
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))}
                    : new java.nio.file.attribute.FileAttribute<?>[0];
            java.nio.file.attribute.FileAttribute<?>[] privateFile = posix() ? new java.nio.file.attribute.FileAttribute<?>[] {
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))}
                    : new java.nio.file.attribute.FileAttribute<?>[0];
            Files.createDirectories(dir, privateDir);
            Path file = dir.resolve(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.now()) + "-" + ProcessHandle.current().pid() + ".log");
            Files.createFile(file, privateFile);
            // slf4j-simple writes to System.err (looked up at every write), which is this file through the redactor: an SDK's
            // log line, or a parse error quoting a response, never puts a secret in the file
            java.io.OutputStream log = Files.newOutputStream(file, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            System.setErr(new java.io.PrintStream(new RedactingOutputStream(log, redactor), true, StandardCharsets.UTF_8));
            debugStream = log;
            System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty(LOG_LEVEL, "debug");
            debugLog = file;
            err.println("debug log (SDK and sign-in details): " + file);
        } catch (IOException e) {
            System.setProperty(LOG_LEVEL, "off");
            err.println("cannot write a debug log: " + e.getMessage() + "; SDK logging is off");
        }
        return this;
    }

    private java.io.OutputStream debugStream;

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    Path debugLog;

    /** {@code --no-color} as given to the root command: the run display follows {@link ColorPolicy} like every other output. */
    RunSupport noColor(boolean flag) {
        this.noColorFlag = flag;
        return this;
    }

    /** The width to lay lines out for: the terminal's (followed when resized), else COLUMNS, else 80. */
    int columns() {
        if (terminal != null && terminal.getWidth() > 0) return terminal.getWidth();
        // --no-input or --output json at a terminal: nobody is asked anything, but the lines still fit the window
        Terminal size = sizeOnly();
        if (size != null && size.getWidth() > 0) return size.getWidth();
        try {
            int c = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            if (c > 0) return c;
        } catch (NumberFormatException e) {
            // not a number: the default below
        }
        return 80;
    }

    private Terminal sizeOnly;
    private boolean sizeAsked;

    /** A terminal opened only to read the window's width, when stdout is one but no prompt may be shown. */
    private synchronized Terminal sizeOnly() {
        if (!sizeAsked) {
            sizeAsked = true;
            if (terminal == null && out != null && System.console() != null) sizeOnly = systemTerminal();
        }
        return sizeOnly;
    }

    /** The clock the renderer measures elapsed time with; set before the first prompt or {@link #options}. */
    RunSupport renderClock(InstantSource c) {
        this.renderClock = c;
        return this;
    }

    private Runbook checkedRunbook;
    private dev.runbook.graph.StepGraph.Build checkedGraph;

    RunService.Source load(Path file) throws Stop {
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, RunbookParser.MAX_BYTES, "a runbook");
        } catch (InputFiles.Unreadable e) {
            throw new Stop(ExitCodes.USAGE, "cannot use " + e.getMessage());
        }
        ParseResult parsed = RunbookParser.parse(file.toString(), bytes);
        List<Diagnostic> problems = new java.util.ArrayList<>(parsed.diagnostics());
        if (parsed.runbook().isPresent()) {
            // built once: the checks reason over it, and the engine runs in its order (options(rb) hands it over)
            Runbook rb = parsed.runbook().get();
            checkedGraph = dev.runbook.graph.StepGraph.build(rb);
            checkedRunbook = rb;
            problems.addAll(new Checker(catalogue()).check(rb, checkedGraph));
        }
        List<Diagnostic> errors = problems.stream().filter(Diagnostic::isError).toList();
        if (parsed.runbook().isEmpty() || !errors.isEmpty()) {
            StringBuilder sb = new StringBuilder(file + " has errors; nothing was run:");
            for (Diagnostic d : errors) sb.append("\n  ").append(d);
            throw new Stop(ExitCodes.FAILED, sb.toString());
        }
        return new RunService.Source(parsed.runbook().get(), file, bytes);
    }

    /** A secret file holds a password, a token or a key (a PEM chain is a few KiB), never a document. */
    static final long MAX_SECRET_BYTES = 64 * InputFiles.KIB;

    /** Secret values from --secret-env / --secret-file; registered with the redactor at once. */
    Map<String, String> secrets(Runbook rb) throws Stop {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : opts.secretEnv.entrySet()) {
            String v = env.get(e.getValue());
            if (v == null) throw new Stop(ExitCodes.USAGE, "--secret-env " + e.getKey() + "=" + e.getValue() + ": the environment variable " + e.getValue() + " is not set");
            out.put(e.getKey(), v);
        }
        for (var e : opts.secretFile.entrySet()) {
            String v;
            try {
                v = RunbookParser.decode(InputFiles.read(e.getValue(), MAX_SECRET_BYTES, "a secret file")).flip().toString();
            } catch (InputFiles.Unreadable ex) {
                throw new Stop(ExitCodes.USAGE, "--secret-file " + e.getKey() + "=" + e.getValue() + ": " + ex.reason());
            } catch (java.nio.charset.CharacterCodingException ex) {
                throw new Stop(ExitCodes.USAGE, "--secret-file " + e.getKey() + "=" + e.getValue() + ": the file is not UTF-8 text");
            }
            out.put(e.getKey(), v.endsWith("\n") ? v.substring(0, v.length() - (v.endsWith("\r\n") ? 2 : 1)) : v);
        }
        for (String name : out.keySet()) {
            Parameter p = rb.parameters().get(name);
            if (p != null && !p.secret()) {
                throw new Stop(ExitCodes.USAGE, "parameter '" + name + "' is not secret; give it with -p " + name + "=VALUE");
            }
        }
        out.values().forEach(redactor::add);
        return out;
    }

    /** Asks for missing parameters at a terminal; null when there is none. */
    Function<Parameter, String> prompter(Runbook rb) {
        if (!interactive) return null;
        return p -> {
            String v = interaction(rb).askParameter(p);
            // a secret too short to mask is asked for again (three times at most; the resolver then refuses it)
            for (int tries = 1; p.secret() && v != null && !v.isEmpty() && v.length() < Redactor.MIN_LENGTH && tries < 3; tries++) {
                out.println("  a secret must have at least " + Redactor.MIN_LENGTH + " characters; try again");
                out.flush();
                v = interaction(rb).askParameter(p);
            }
            if (v != null && p.secret()) redactor.add(v);
            return v;
        };
    }

    /** At a terminal, why a parameter value was refused, just before it is asked for again; null without one. */
    java.util.function.Consumer<String> refused() {
        if (!interactive) return null;
        return message -> {
            for (String l : dev.runbook.text.Wrap.words(message, columns(), "  ✗ ", "    ")) out.println(l);
            out.flush();
        };
    }

    private TerminalInteraction interaction;

    /** One line typed at the terminal after {@code prompt}; null without a terminal, on Ctrl-C or at end of input. */
    String askLine(Runbook rb, String prompt) {
        return interactive ? interaction(rb).askLine(prompt) : null;
    }

    private TerminalInteraction interaction(Runbook rb) {
        if (interaction == null) interaction = new TerminalInteraction(terminal, renderer(rb));
        return interaction;
    }

    private ConsoleRenderer renderer(Runbook rb) {
        if (console == null) {
            boolean real = terminal != null && !terminal.getType().startsWith(Terminal.TYPE_DUMB);
            // colour follows the output, not whether questions may be asked: --no-input at a terminal opens no terminal
            // for input, and its screen is still a terminal's
            boolean tty = real || terminal == null && ColorPolicy.stdoutIsTerminal();
            console = new ConsoleRenderer(out, rb, redactor, ColorPolicy.enabled(noColorFlag, env, tty), real, renderClock)
                    .layout(step -> rb.step(step).flatMap(st -> catalogue().spec(st.uses())).map(ActionSpec::findings).orElse(Findings.NONE),
                            this::columns, opts.full)
                    .history(earlier, this::journalFile);
        }
        return console;
    }

    private boolean rehearsal;

    /** Where a run's journal file is, for the end block (null in a team store: its local copy is not the record). */
    private String journalFile(String id) {
        return rehearsal ? rehearsalStore().runDir(id).resolve(dev.runbook.journal.Journal.FILE).toString()
                : local != null ? local.runDir(id).resolve(dev.runbook.journal.Journal.FILE).toString() : null;
    }

    /**
     * Before the first step of a real run or a dry run that reaches the cloud: every provider the runbook uses says
     * what is surely missing (subscription, region, sign-in), and all of it is reported at once, with the fixes,
     * instead of one failed step at a time. Rehearsals and offline dry runs reach no provider and are not checked. A
     * dry run is told and goes on: it exists to show the plan, and its reads that fail leave what uses them unknown.
     */
    void preflight(Runbook rb, dev.runbook.engine.Mode mode) throws Stop {
        if (mode == dev.runbook.engine.Mode.OFFLINE || mode == dev.runbook.engine.Mode.REHEARSAL) return;
        Map<String, List<dev.runbook.action.Preflight.StepUse>> byProvider = new LinkedHashMap<>();
        for (dev.runbook.model.Step st : rb.allSteps()) {
            use(byProvider, st.id(), st.uses(), st.with());
            if (st.undo() != null) use(byProvider, st.id() + " (undo)", st.undo().uses(), st.undo().with());
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        List<String> problems = new java.util.ArrayList<>();
        Map<String, String> settings = opts.providerSettings();
        byProvider.forEach((id, uses) -> {
            dev.runbook.action.Provider p = catalogue().providers().get(id);
            if (p == null) return;
            for (dev.runbook.action.Preflight.Need n : p.preflight(new dev.runbook.action.Preflight(settings, env, uses, home == null ? null : Path.of(home)))) {
                problems.addAll(dev.runbook.text.Wrap.words(id + ": " + n.what(), columns(), "  ✗ ", "      "));
                problems.addAll(dev.runbook.text.Wrap.words("fix: " + n.fix(), columns(), "      ", "        "));
            }
        });
        if (problems.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        boolean dry = mode == dev.runbook.engine.Mode.DRY_RUN;
        // a dry run exists to show the plan: it goes on, and what the cloud would have told it is unknown until run
        String head = dry ? rb.id() + ": the cloud it works on is not reachable as configured; the dry run goes on without it"
                : "cannot start " + rb.id() + ": the cloud it works on is not reachable as configured; nothing was run";
        for (String l : dev.runbook.text.Wrap.words(head, columns(), "", "  ")) sb.append(l).append('\n');
        problems.forEach(l -> sb.append(l).append('\n'));
        if (dry) {
            for (String l : dev.runbook.text.Wrap.words("reads that need it fail, and what uses them is planned with values unknown until run;"
                    + " to see the plan without reaching any provider, add --offline", columns(), "  ", "    ")) {
                sb.append(l).append('\n');
            }
            // stdout carries only the event stream in --output json
            (opts.output.equals("json") ? err : out).print(sb);
            (opts.output.equals("json") ? err : out).flush();
            return;
        }
        throw new Stop(ExitCodes.USAGE, sb.toString().stripTrailing());
    }

    /**
     * For a run that will reach the cloud (a real run or a dry run; not offline, not a rehearsal): starts loading each
     * provider the runbook uses on a thread of its own as soon as the runbook is read, so that class loading, client
     * construction and the sign-in go on while parameters are asked and the journal is opened, instead of delaying the
     * first step (issue 18, "speed the operator feels"). Nothing remote is called but the sign-in the run needs anyway.
     */
    void warmUp(Runbook rb, dev.runbook.engine.Mode mode) {
        if (mode == dev.runbook.engine.Mode.OFFLINE || mode == dev.runbook.engine.Mode.REHEARSAL) return;
        Map<String, java.util.Set<String>> byProvider = new LinkedHashMap<>();
        for (dev.runbook.model.Step st : rb.allSteps()) {
            warmUse(byProvider, st.uses());
            if (st.undo() != null) warmUse(byProvider, st.undo().uses());
        }
        Map<String, String> settings = opts.providerSettings();
        byProvider.forEach((id, uses) -> {
            dev.runbook.action.Provider p = catalogue().providers().get(id);
            if (p == null) return;
            // the identity read is the provider's first call of the run
            if (p.identityAction() != null) uses.add(p.identityAction());
            catalogue().warmUp(id, java.util.Set.copyOf(uses), settings, childEnvironment());
        });
    }

    private void warmUse(Map<String, java.util.Set<String>> byProvider, String uses) {
        if (uses == null || !uses.contains(".")) return;
        dev.runbook.action.ActionSpec spec = catalogue().spec(uses).orElse(null);
        if (spec == null) return;
        byProvider.computeIfAbsent(spec.provider(), k -> new java.util.LinkedHashSet<>()).add(uses);
    }

    private static void use(Map<String, List<dev.runbook.action.Preflight.StepUse>> byProvider, String step, String uses, dev.runbook.model.Node.Mapping with) {
        if (uses == null || !uses.contains(".")) return;
        java.util.Set<String> args = with == null ? java.util.Set.of() : java.util.Set.copyOf(with.entries().keySet());
        byProvider.computeIfAbsent(uses.substring(0, uses.indexOf('.')), k -> new java.util.ArrayList<>())
                .add(new dev.runbook.action.Preflight.StepUse(step, uses, args));
    }
    private List<dev.runbook.journal.RunEvent> earlier = List.of();

    /** A resumed run's journaled events so far: its end block counts them with the new ones. Before {@link #options}. */
    RunSupport earlier(List<dev.runbook.journal.RunEvent> events) {
        this.earlier = List.copyOf(events);
        return this;
    }

    EngineOptions options(Runbook rb) throws Stop {
        return options(rb, Answers.NONE);
    }

    /** @param fallback the answers when --answers is not given (a rehearsal's scenario answers without a terminal) */
    EngineOptions options(Runbook rb, Answers fallback) throws Stop {
        Answers answers = fallback;
        if (opts.answers != null) {
            try {
                answers = Answers.load(opts.answers);
            } catch (Answers.Invalid e) {
                throw new Stop(ExitCodes.USAGE, e.getMessage());
            }
        }
        for (String step : opts.approve) {
            if (rb.step(step).isEmpty()) {
                throw new Stop(ExitCodes.USAGE, "--approve " + step + ": no such step in " + rb.id()
                        + dev.runbook.model.Names.closest(step, rb.allSteps().stream().map(s -> s.id()).toList()).map(s -> "; did you mean '" + s + "'?").orElse(""));
            }
        }
        EngineOptions.Builder b = EngineOptions.builder().catalogue(catalogue()).parallel(opts.parallel).yes(opts.yes)
                .approve(Set.copyOf(opts.approve)).answers(answers).redactor(redactor).settings(opts.providerSettings())
                .environment(childEnvironment());
        if (rb == checkedRunbook) b.order(dev.runbook.engine.StepOrder.from(rb, checkedGraph));
        if (opts.format() == OutputFormat.JSON) {
            b.listener(json().history(earlier, this::journalFile));
        } else {
            ConsoleRenderer r = renderer(rb);
            b.listener(r);
            if (interactive) b.interaction(interaction(rb));
        }
        // last: the escalation it journals is seen by the others after the event that made the time pass
        escalations = new dev.runbook.engine.EscalationClock(rb.escalation(), renderClock, firstStart, earlier);
        b.listener(escalations);
        return b.build();
    }

    private JsonRenderer json;
    private dev.runbook.engine.EscalationClock escalations;
    private java.time.Instant firstStart;

    /** When a resumed run first started (its journal's first event): the response clock goes on from there. */
    RunSupport firstStart(java.time.Instant t) {
        this.firstStart = t;
        return this;
    }

    /** The {@code --output json} stream (one per command, so that its events are numbered in one sequence). */
    JsonRenderer json() {
        if (json == null) json = new JsonRenderer(out, redactor, Clock.systemUTC());
        return json;
    }

    /**
     * The environment steps see (their processes, {@code env.*} in expressions): the process's own, without the variables
     * named by {@code --secret-env} nor any variable whose value holds a secret. A secret reaches a step only through its parameter, where it is tracked and
     * masked, and through a step's declared {@code env:}; never by inheritance into every child process.
     */
    Map<String, String> childEnvironment() {
        Map<String, String> out = new LinkedHashMap<>(env);
        opts.secretEnv.values().forEach(out::remove);
        // and any other variable that holds a secret given by a file or at the prompt
        // (the cloud and database keys a step may need, registered only so that what it prints is masked, stay)
        out.entrySet().removeIf(e -> !dev.runbook.secret.EnvironmentCredentials.NAMES.contains(e.getKey()) && redactor.containsSecret(e.getValue()));
        return java.util.Collections.unmodifiableMap(out);
    }

    RunService service() {
        String url = StateOption.url(opts.state, env);
        if (url == null) return new RunService(local = RunStore.locate(opts.stateDir, env), Clock.systemUTC());
        StateOption.Opened o = StateOption.open(url, opts.stateDir, env);
        if (o.shared() == null) return new RunService(local = o.local(), Clock.systemUTC());
        shared = o.shared();
        return new RunService(shared, Clock.systemUTC());
    }

    /**
     * The runbook as run, stored with the run, under its own name ({@code <run dir>/as-run/<runbook id>.yaml}): the
     * checks want a file named after the runbook, and another machine may have no checkout of it.
     */
    static Path storedCopy(RunService.Resumable r) throws Stop {
        Path copy = r.journal().dir().resolve(RunStore.RUNBOOK_COPY);
        String id = r.history().start().runbook();
        if (!RunStore.isSafeId(id)) throw new Stop(ExitCodes.FAILED, "run " + r.runId() + " names no usable runbook id ('" + id + "')");
        Path named = r.journal().dir().resolve("as-run").resolve(id + ".yaml");
        try {
            Files.createDirectories(named.getParent());
            Files.copy(copy, named, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new Stop(ExitCodes.FAILED, "the runbook stored with run " + r.runId() + " cannot be read (" + copy + "): " + e.getMessage());
        }
        return named;
    }

    private RunStore local;

    /** The local store {@link #service()} opened (null for a team store, or before it was asked). */
    RunStore localStore() {
        return local;
    }

    /** The team store this command runs against, or null (local state). */
    dev.runbook.state.SharedState shared() {
        return shared;
    }

    private dev.runbook.state.SharedState shared;

    /** Rehearsals keep their journals apart from real runs, so {@code resume} and run listings never mix them up. */
    RunStore rehearsalStore() {
        rehearsal = true;
        return new RunStore(RunStore.locate(opts.stateDir, env).root().resolve("rehearsals"));
    }

    /**
     * First Ctrl-C interrupts the engine (which journals it and offers rollback); the second kills the running steps'
     * processes and exits at once. SIGTERM (a service manager, CI cancelling, {@code timeout}) and SIGHUP (the
     * terminal went away) do the same, except that nobody is asked anything: an open prompt is abandoned, there is no
     * rollback offer (only {@code --answers interrupt: rollback} rolls back), and the exit code is 143 or 129.
     */
    java.util.function.Consumer<Engine> onEngine() {
        return engine -> {
            if (escalations != null) escalations.engine(engine);
            AtomicInteger signals = new AtomicInteger();
            java.util.function.IntConsumer handler = code -> {
                if (signals.incrementAndGet() == 1) {
                    if (code != ExitCodes.INTERRUPTED) signalExit.compareAndSet(0, code);
                    String name = code == ExitCodes.TERMINATED ? "SIGTERM" : code == ExitCodes.HANGUP ? "SIGHUP" : null;
                    new Thread(() -> {
                        if (name == null) {
                            engine.interrupt();
                        } else {
                            engine.interrupt("stopped by " + name + (code == ExitCodes.HANGUP ? " (the terminal went away)" : ""), false);
                            if (interaction != null) interaction.abandonPrompt();
                        }
                    }, "runbook-interrupt").start();
                } else {
                    engine.stopWork();
                    int exit = signalExit.get() != 0 ? signalExit.get() : code;
                    err.println("second " + (code == ExitCodes.INTERRUPTED ? "Ctrl-C" : "signal") + ": exiting now; the journal is consistent up to the last event");
                    err.flush();
                    Runtime.getRuntime().halt(exit);
                }
            };
            if (terminal != null) {
                terminal.handle(Terminal.Signal.INT, s -> handler.accept(ExitCodes.INTERRUPTED));
            } else {
                signalHandles.put("INT", org.jline.utils.Signals.register("INT", () -> handler.accept(ExitCodes.INTERRUPTED)));
            }
            signalHandles.put("TERM", org.jline.utils.Signals.register("TERM", () -> handler.accept(ExitCodes.TERMINATED)));
            signalHandles.put("HUP", org.jline.utils.Signals.register("HUP", () -> handler.accept(ExitCodes.HANGUP)));
        };
    }

    /** 143 or 129 once SIGTERM or SIGHUP stopped the run; 0 before. */
    private final AtomicInteger signalExit = new AtomicInteger();
    private final Map<String, Object> signalHandles = new java.util.concurrent.ConcurrentHashMap<>();

    static int exitCode(RunOutcome o) {
        return switch (o) {
            case SUCCEEDED -> ExitCodes.OK;
            case FAILED -> ExitCodes.FAILED;
            case ABORTED -> ExitCodes.ABORTED;
            case APPROVAL_REQUIRED -> ExitCodes.APPROVAL_REQUIRED;
            case ROLLED_BACK -> ExitCodes.ROLLED_BACK;
            case ROLLBACK_FAILED -> ExitCodes.ROLLBACK_FAILED;
            case INTERRUPTED -> ExitCodes.INTERRUPTED;
        };
    }

    int finish(RunResult r) {
        // taken over by another machine: the run stopped itself, and the exit code says someone else has it now
        if (shared != null && shared.fenced().isPresent()) {
            // run.end cannot be journaled (nor shown) any more: this line is all the operator gets
            err.println(shared.fenced().get());
            return ExitCodes.LOCKED;
        }
        if (shared != null && shared.storeFailure().isPresent() && r.outcome() == RunOutcome.FAILED) {
            if (opts.format() == OutputFormat.JSON || console == null) err.println(shared.storeFailure().get());
            return ExitCodes.STATE_STORE;
        }
        if (opts.format() == OutputFormat.JSON || console == null) {
            // the renderer showed the message; in JSON mode it is in the run.end event, and stderr gets one line
            if (r.outcome() != RunOutcome.SUCCEEDED) err.println(r.outcome().id() + ": " + dev.runbook.text.Display.headline(r.message()));
        }
        // a run stopped by SIGTERM or SIGHUP says so in its exit code, as a shell would (128 + the signal's number)
        if (signalExit.get() != 0 && (r.outcome() == RunOutcome.INTERRUPTED || r.outcome() == RunOutcome.ABORTED)) return signalExit.get();
        return exitCode(r.outcome());
    }

    @Override
    public void close() {
        if (shared != null) shared.close();
        System.err.flush();
        System.setErr(savedErr);
        if (debugStream != null) {
            try {
                debugStream.close();
            } catch (IOException e) {
                err.println("cannot finish the debug log " + debugLog + ": " + e.getMessage());
            }
        }
        if (console != null) console.close();
        signalHandles.forEach((name, handle) -> {
            if (handle != null) org.jline.utils.Signals.unregister(name, handle);
        });
        out.flush();
        err.flush();
        if (sizeOnly != null) {
            try {
                sizeOnly.close();
            } catch (IOException e) {
                // only its width was read
            }
        }
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException e) {
                // closing the terminal at exit cannot be recovered from and loses nothing
            }
        }
    }
}
