package dev.runbook.cli;

/** Entry point: builds the command line, runs it, exits with its code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = RunbookCommand.commandLine(new RunbookCommand(), args).execute(args);
        System.exit(code);
    }
}
