package dev.runbook.cli;

/** Entry point: builds the command line, runs it, exits with its code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // The JDK HTTP client reads this once, when java.net.http first initialises (an http.check step may do that
        // before any Azure step); azure-core reads it whenever it builds a client. Set late, the two disagree and every
        // Azure request fails with "restricted header name: Content-Length". Set here, before either, they agree.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "content-length");
        }
        int code = RunbookCommand.commandLine(new RunbookCommand(), args).execute(args);
        System.exit(code);
    }
}
