package dev.runbook.cli;

/** Every exit code runbook returns, in one place (documented in README and docs/exit-codes.md). */
public final class ExitCodes {
    private ExitCodes() {}

    /** Success: validate found no error; a run resolved (or verified) cleanly. */
    public static final int OK = 0;
    /** validate found errors; a step failed and the run stopped (no rollback requested). */
    public static final int FAILED = 1;
    /** Bad command line: unknown option, missing argument, runbook not found. */
    public static final int USAGE = 2;
    /** The operator aborted the run at a gate or failure prompt. */
    public static final int ABORTED = 3;
    /** Non-interactive run refused before its first mutating call: steps need --yes/--approve. */
    public static final int APPROVAL_REQUIRED = 4;
    /** A failure led to rollback, and rollback completed. */
    public static final int ROLLED_BACK = 5;
    /** Rollback itself failed: the system may be half-changed; read the journal. */
    public static final int ROLLBACK_FAILED = 6;
    /** Rehearsal finished but deviated from the scenario's expected path. */
    public static final int REHEARSAL_DEVIATION = 7;
    /** Another run of the same runbook with the same parameters holds the lock. */
    public static final int LOCKED = 8;
    /** The team state store (--state, RUNBOOK_STATE) is unreachable, refuses access, or is unsafe ('runbook state check'). */
    public static final int STATE_STORE = 11;
    /**
     * This machine's state folder, run lock or journal cannot be used: not a folder, a link to nothing, read-only, full,
     * unreadable, or a journal with no run.start. The message names the path and the OS's reason.
     */
    public static final int STATE = 10;
    /** Internal error (a bug): printed with a hint to re-run with --debug. */
    public static final int INTERNAL = 70;
    /** Interrupted (Ctrl-C, SIGINT); the journal is consistent and the run can be resumed. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM (a service manager, CI cancelling the job, timeout): cancelled, journaled, resumable. */
    public static final int TERMINATED = 143;
    /** Stopped by SIGHUP (the terminal or SSH session went away): cancelled, journaled, resumable. */
    public static final int HANGUP = 129;
}
