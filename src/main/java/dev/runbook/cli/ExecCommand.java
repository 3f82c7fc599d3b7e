package dev.runbook.cli;

import dev.runbook.engine.Mode;
import dev.runbook.engine.ParamResolver;
import dev.runbook.engine.RunService;
import dev.runbook.history.Incidents;
import dev.runbook.parse.RunbookLocator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a runbook: diagnose, resolve (every change through a gate), verify; journaled for resume.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:succeeded", "1:a step failed", "2:bad command line", "3:aborted by the operator",
            "4:approval required (no terminal)", "5:rolled back", "6:rollback failed", "8:locked by another run", "130:interrupted"})
public final class ExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    RunbookCommand root;

    @Parameters(index = "0", paramLabel = "RUNBOOK", description = "Runbook name (found in ./runbooks or RUNBOOK_PATH) or file.")
    String name;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value (repeatable); never for secrets.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--params", paramLabel = "FILE", description = "Parameter values from a YAML file.")
    Path paramsFile;

    @Option(names = "--dry-run", description = "Run read steps for real and only plan changes: nothing is changed.")
    boolean dryRun;

    @Option(names = "--offline", description = "With --dry-run: run nothing at all, not even reads.")
    boolean offline;

    @Option(names = "--incident", paramLabel = "ID", description = "Tag the run with an incident id (e.g. INC-123); 'runbook runs --incident ID' finds it.")
    String incident;

    @Mixin
    RunOptions run = new RunOptions();

    private final Supplier<Terminal> terminals;
    private final Map<String, String> env;

    public ExecCommand() {
        this(RunSupport::systemTerminal, null);
    }

    /** {@code env} null: the root command's environment (tests give the root their own), else the process's. */
    ExecCommand(Supplier<Terminal> terminals, Map<String, String> env) {
        this.terminals = terminals;
        this.env = env;
    }

    private Map<String, String> env() {
        return env != null ? env : root != null ? root.env() : System.getenv();
    }

    @Override
    public Integer call() {
        try (RunSupport s = new RunSupport(run, spec.commandLine().getOut(), spec.commandLine().getErr(), env(), terminals)) {
            try {
                if (incident != null && !Incidents.valid(incident)) {
                    throw new RunSupport.Stop(ExitCodes.USAGE, Incidents.problem(incident));
                }
                RunbookLocator locator = root != null ? root.locator() : RunbookLocator.standard(Path.of("").toAbsolutePath(), env().get(RunbookLocator.ENV));
                Path file = locator.find(name)
                        .orElseThrow(() -> new RunSupport.Stop(ExitCodes.USAGE, "no runbook '" + name + "' in ./runbooks or RUNBOOK_PATH"));
                RunService.Source src = s.load(file);
                Map<String, Object> fromFile = paramsFile == null ? Map.of() : ParamsFile.read(paramsFile);
                Map<String, Object> values = ParamResolver.resolve(src.runbook(), params, fromFile, s.secrets(src.runbook()), s.prompter(src.runbook()));
                Mode mode = offline ? Mode.OFFLINE : dryRun ? Mode.DRY_RUN : Mode.EXECUTE;
                return s.finish(s.service().start(src, mode, values, s.options(src.runbook()), s.onEngine(), incident));
            } catch (RunSupport.Stop e) {
                s.err.println(e.getMessage());
                return e.code;
            } catch (ParamResolver.Invalid e) {
                s.err.println(e.getMessage());
                return ExitCodes.USAGE;
            } catch (RunService.Refused e) {
                s.err.println(e.getMessage());
                return e.locked() ? ExitCodes.LOCKED : ExitCodes.FAILED;
            } catch (IOException e) {
                s.err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
        } catch (RunSupport.Stop e) {
            spec.commandLine().getErr().println(e.getMessage());
            return e.code;
        }
    }
}
