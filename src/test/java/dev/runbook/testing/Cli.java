package dev.runbook.testing;

import dev.runbook.action.Catalogue;
import dev.runbook.cli.RunbookCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Runs the CLI in-process with captured output, a working directory, an environment and the fixture catalogue. */
public final class Cli {
    private final Path workDir;
    private final Map<String, String> env;
    private final Supplier<Catalogue> catalogue;

    public record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    public Cli(Path workDir) {
        this(workDir, Map.of(), FixtureCatalogue.create());
    }

    public Cli(Path workDir, Map<String, String> env, Catalogue catalogue) {
        this(workDir, env, () -> catalogue);
    }

    public Cli(Path workDir, Map<String, String> env, Supplier<Catalogue> catalogue) {
        this.workDir = workDir;
        this.env = env;
        this.catalogue = catalogue;
    }

    public Cli withEnv(Map<String, String> e) {
        return new Cli(workDir, e, catalogue);
    }

    public Run run(String... args) {
        RunbookCommand root = new RunbookCommand(workDir, env, catalogue);
        CommandLine cl = RunbookCommand.commandLine(root, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
