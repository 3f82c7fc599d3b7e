package dev.runbook.cli;

import dev.runbook.text.ControlChars;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
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
        // Always UTF-8: JSON must be, and under LANG=C the JDK 17 default would turn ✓ and ✗ alike into '?'.
        PrintWriter out = utf8(FileDescriptor.out);
        PrintWriter err = utf8(FileDescriptor.err);
        int code = run(new RunbookCommand(), args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line: a bare {@code --help} from pre-rendered text, {@code --version} and the common forms
     * of {@code validate} without picocli's model ({@link Shortcuts}), everything else through picocli.
     */
    static int run(RunbookCommand root, String[] args, PrintWriter rawOut, PrintWriter rawErr) {
        // whatever a command prints, a control sequence from data (program output, a parameter, a journal) is shown, not obeyed
        PrintWriter out = new PrintWriter(ControlChars.terminalSafe(rawOut), true);
        PrintWriter err = new PrintWriter(ControlChars.terminalSafe(rawErr), true);
        try {
            return runSafely(root, args, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int runSafely(RunbookCommand root, String[] args, PrintWriter out, PrintWriter err) {
        // shell completion at Tab: before picocli's model, and never an error on the operator's command line
        if (Complete.asked(args)) return Complete.run(root, args, out);
        if (RootHelp.asked(args)) {
            var text = RootHelp.prerendered(root.env(), args);
            if (text.isPresent()) {
                out.print(text.get());
                out.flush();
                return ExitCodes.OK;
            }
        }
        OptionalInt shortcut = Shortcuts.run(root, args, out, err);
        if (shortcut.isPresent()) return shortcut.getAsInt();
        CommandLine cl = RunbookCommand.commandLine(root, args);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }
}
