package dev.runbook.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point: builds the command line, runs it, exits with its code. */
public final class Main {
    private Main() {}

    private static PrintWriter utf8(FileDescriptor fd) {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
    }

    public static void main(String[] args) {
        // The JDK HTTP client reads this once, when java.net.http first initialises (an http.check step may do that
        // before any Azure step); azure-core reads it whenever it builds a client. Set late, the two disagree and every
        // Azure request fails with "restricted header name: Content-Length". Set here, before either, they agree.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "content-length");
        }
        if (RootHelp.asked(args)) {
            var text = RootHelp.prerendered(System.getenv(), args);
            if (text.isPresent()) {
                PrintWriter out = utf8(FileDescriptor.out);
                out.print(text.get());
                out.flush();
                System.exit(ExitCodes.OK);
            }
        }
        CommandLine cl = RunbookCommand.commandLine(new RunbookCommand(), args);
        // Always UTF-8: JSON must be, and under LANG=C the JDK 17 default would turn ✓ and ✗ alike into '?'.
        cl.setOut(utf8(FileDescriptor.out));
        cl.setErr(utf8(FileDescriptor.err));
        int code = cl.execute(args);
        System.exit(code);
    }
}
