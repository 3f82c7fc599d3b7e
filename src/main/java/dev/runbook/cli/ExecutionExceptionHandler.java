package dev.runbook.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place exceptions become exit codes: user errors print a line, bugs print a hint to re-run with --debug. */
final class ExecutionExceptionHandler implements IExecutionExceptionHandler {
    private final RunbookCommand root;

    ExecutionExceptionHandler(RunbookCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        return handle(ex, cmd.getErr());
    }

    /** What {@link #handleExecutionException} does, for a command run without picocli ({@link Shortcuts}). */
    int handle(Exception ex, PrintWriter err) {
        CommandLine.Help.Ansi ansi = root.ansi();
        if (ex instanceof CliException c) {
            err.println(ansi.string("@|bold,red runbook:|@ ") + c.getMessage());
            if (c.hint() != null) err.println("  " + ansi.string("@|faint hint:|@ ") + c.hint());
            if (root.debug()) ex.printStackTrace(err);
            err.flush();
            return c.exitCode();
        }
        if (ex instanceof dev.runbook.state.StoreException s) {
            err.println(ansi.string("@|bold,red runbook:|@ ") + "state store: " + s.getMessage());
            if (root.debug()) ex.printStackTrace(err);
            err.flush();
            return ExitCodes.STATE_STORE;
        }
        err.println(ansi.string("@|bold,red runbook: internal error:|@ ") + ex);
        if (root.debug()) {
            ex.printStackTrace(err);
        } else {
            err.println("  re-run with --debug to see the stack trace, and report it");
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }
}
