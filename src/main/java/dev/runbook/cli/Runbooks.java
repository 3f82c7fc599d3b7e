package dev.runbook.cli;

import dev.runbook.model.Names;
import dev.runbook.parse.InputFiles;
import dev.runbook.parse.RunbookLocator;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Path;
import java.util.Optional;

/** Finding a runbook by name for the commands that take one (show, and exec/rehearse later). */
public final class Runbooks {
    private Runbooks() {}

    /** A usage error (exit 2) unless {@code file} is a regular file of at most a runbook's size. */
    public static void usable(Path file) {
        InputFiles.problem(file, RunbookParser.MAX_BYTES, "a runbook").ifPresent(p -> {
            throw CliException.usage("cannot use " + p.getMessage(), p.tooLarge() ? "split it into several runbooks" : "name a runbook file");
        });
    }

    /** The runbook file for {@code name}, or a usage error that says where it looked and what is close. */
    public static Path locate(RunbookCommand root, String name) {
        RunbookLocator locator = root.locator();
        Optional<Path> found = locator.find(name);
        if (found.isPresent()) {
            usable(found.get());
            return found.get();
        }
        String hint = Names.closest(name, locator.all().keySet()).map(c -> "did you mean '" + c + "'?")
                .orElse("looked in " + locator.searchPath() + "; 'runbook list' shows what is there");
        throw CliException.usage("no runbook named '" + name + "'", hint);
    }
}
