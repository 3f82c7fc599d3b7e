package dev.runbook.cli;

import dev.runbook.engine.ParamResolver;
import dev.runbook.engine.RunService;
import dev.runbook.journal.JournalException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What {@code exec} and {@code resume} share: run options, the terminal, the environment, and how failures map to exit codes. */
abstract class RunningCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    RunbookCommand root;

    @Mixin
    RunOptions run = new RunOptions();

    private final Supplier<Terminal> terminals;
    private final Map<String, String> env;

    /** {@code env} null: the root command's environment (tests give the root their own), else the process's. */
    RunningCommand(Supplier<Terminal> terminals, Map<String, String> env) {
        this.terminals = terminals;
        this.env = env;
    }

    final Map<String, String> env() {
        return env != null ? env : RunbookCommand.envOf(root);
    }

    /** The command's work; the failures it throws are printed as one line and mapped to an exit code here. */
    abstract int run(RunSupport s) throws RunSupport.Stop, ParamResolver.Invalid, RunService.Refused, IOException;

    @Override
    public final Integer call() {
        try (RunSupport s = new RunSupport(run, spec.commandLine().getOut(), spec.commandLine().getErr(), env(), terminals)
                .noColor(root != null && root.noColor()).sdkLogging(root != null && root.debug())) {
            try {
                return run(s);
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
            } catch (RuntimeException e) {
                if (e instanceof JournalException j && j.local()) {
                    return ExecutionExceptionHandler.state(j, s.err, root != null ? root.ansi() : CommandLine.Help.Ansi.OFF, root != null && root.debug());
                }
                // a bug: reported as everywhere else, but through this run's redactor (the message may quote a secret)
                if (root == null) throw e;
                return new ExecutionExceptionHandler(root).handle(e, s.err);
            }
        } catch (RunSupport.Stop e) {
            spec.commandLine().getErr().println(e.getMessage());
            return e.code;
        }
    }
}
