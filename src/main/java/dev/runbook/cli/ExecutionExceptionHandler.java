package dev.runbook.cli;

import dev.runbook.journal.JournalException;
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

    /**
     * This machine's state folder or journal failed (exit 10): what failed, the path and the OS's reason; how the run had
     * ended when that could not be recorded; and that nothing ran unrecorded.
     */
    static int state(JournalException j, PrintWriter err, CommandLine.Help.Ansi ansi, boolean debug) {
        err.println(ansi.string("@|bold,red runbook:|@ ") + j.getMessage());
        if (j.unrecorded() != null) err.println("  the run had ended, but that could not be recorded: " + j.unrecorded());
        err.println("  " + ansi.string("@|faint hint:|@ ") + "nothing runs without a record in the journal; fix this (space, permissions,"
                + " the path), then run again, or 'runbook resume RUN_ID' for a run that had started ('runbook runs' lists them)");
        if (debug) j.printStackTrace(err);
        err.flush();
        return ExitCodes.STATE;
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
        if (ex instanceof JournalException j && j.local()) return state(j, err, ansi, root.debug());
        if (ex instanceof java.io.IOException io) {
            // a file a command reads or writes (import's -o and --report, export -o): the path and the OS's reason, not a bug
            String file = io instanceof java.nio.file.FileSystemException f ? f.getFile() : null;
            err.println(ansi.string("@|bold,red runbook:|@ ") + (file != null ? "cannot use " + file + ": " + dev.runbook.parse.InputFiles.osReason(io)
                    : "input/output failed: " + io.getMessage()));
            err.println("  " + ansi.string("@|faint hint:|@ ") + "check the path, the permissions of its folder and the free space");
            if (root.debug()) ex.printStackTrace(err);
            err.flush();
            return ExitCodes.USAGE;
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
