package dev.runbook.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine;

/** Runs exec/resume through picocli with captured streams and, optionally, a scripted dumb terminal. */
final class CliRun {
    record Outcome(int code, String out, String err, String terminal) {
        String all() {
            return out + err + terminal;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err + "\n--- terminal\n" + terminal;
        }
    }

    final Map<String, String> env = new HashMap<>();
    private String typed;

    CliRun(Path stateDir) {
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("RUNBOOK_STATE_DIR", stateDir.toString());
        env.put("NO_COLOR", "1");
    }

    /** Answers typed at a (dumb) terminal; without it the run has no terminal. */
    CliRun typing(String text) {
        this.typed = text;
        return this;
    }

    Outcome exec(String... args) {
        return run(true, args);
    }

    Outcome resume(String... args) {
        return run(false, args);
    }

    private Outcome run(boolean exec, String... args) {
        ByteArrayOutputStream termOut = new ByteArrayOutputStream();
        Supplier<Terminal> terminals = () -> {
            if (typed == null) return null;
            try {
                return new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                        termOut, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Object cmd = exec ? new ExecCommand(terminals, env) : new ResumeCommand(terminals, env);
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString(), termOut.toString(StandardCharsets.UTF_8));
    }
}
