package dev.runbook.cli;

import dev.runbook.library.Validator;
import dev.runbook.parse.InputFiles;
import dev.runbook.ui.DiagnosticReports;
import dev.runbook.ui.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check runbook files and folders without running anything.",
            "Folders are searched recursively for *.yaml (rehearsal scenarios under scenarios/ are checked against their runbook).",
            "Exit code: 0 when clean, 1 when any file has an error, 2 for usage errors."})
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    RunbookCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Runbook files or folders (default: ./runbooks).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Candidates.ReportFormats.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--strict", description = "Treat warnings as errors.")
    boolean strict;

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut());
    }

    /** The command itself; {@link Shortcuts} calls it without picocli, having set the fields as picocli would. */
    int run(PrintWriter stdout) throws IOException {
        CatalogueLoader.start(root);
        List<Path> given = paths.isEmpty() ? List.of(Path.of("runbooks")) : paths;
        List<Path> resolved = new ArrayList<>();
        for (Path p : given) {
            Path r = root.resolve(p);
            if (!Files.exists(r) && !InputFiles.present(r)) {
                throw CliException.usage("no such file or folder: " + p,
                        paths.isEmpty() ? "run it in a folder that has runbooks/, or name the files to check" : null);
            }
            if (!Files.isDirectory(r)) Runbooks.usable(r);
            resolved.add(r);
        }
        List<Path> files;
        try {
            files = Validator.expand(resolved);
        } catch (InputFiles.Unreadable e) {
            // a FIFO or a dangling link named *.yaml under a folder: reading it would block or fail; say so, check nothing
            throw CliException.usage("cannot use " + e.getMessage(), "remove it, or name the files to check");
        } catch (java.nio.file.FileSystemException e) {
            // an unreadable folder (or one that vanished while being walked) is the user's to fix, not a bug
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "it vanished while being read"
                    : e.getReason() != null ? e.getReason() : String.valueOf(e.getMessage());
            throw CliException.usage("cannot read " + e.getFile() + ": " + why, "check its permissions, or name the files to check");
        }
        if (files.isEmpty()) throw CliException.usage("no runbook files (*.yaml) found in " + given, null);
        DiagnosticReports.Writer out = DiagnosticReports.writer(format, stdout, root.ansi(), VersionProvider.version());
        new Validator(root::catalogue).validate(files, strict, out::file);
        out.finish();
        return out.clean() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * Builds the catalogue (ServiceLoader, every provider's metadata: ~10 ms) on a thread of its own while the
     * files are found and the first ones parsed; the checks ask {@link RunbookCommand#catalogue()}, which waits
     * for it. A failure here is left for that call to report.
     */
    static final class CatalogueLoader extends Thread {
        private final RunbookCommand root;

        private CatalogueLoader(RunbookCommand root) {
            super("catalogue");
            this.root = root;
            setDaemon(true);
        }

        static void start(RunbookCommand root) {
            new CatalogueLoader(root).start();
        }

        @Override
        public void run() {
            try {
                root.catalogue();
            } catch (RuntimeException | Error e) {
                // reported by the checks' own call to root.catalogue()
            }
        }
    }
}
