package dev.runbook.cli;

/** A failure the user can act on: printed as one line (and a hint) without a stack trace, exiting with {@code exitCode}. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final String hint;

    public CliException(int exitCode, String message, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public static CliException usage(String message, String hint) {
        return new CliException(ExitCodes.USAGE, message, hint);
    }

    public int exitCode() {
        return exitCode;
    }

    public String hint() {
        return hint;
    }
}
