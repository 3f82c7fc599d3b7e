package dev.runbook.cli;

import dev.runbook.model.Names;
import dev.runbook.parse.RunbookLocator;
import java.nio.file.Path;
import java.util.Optional;

/** Finding a runbook by name for the commands that take one (show, and exec/rehearse later). */
public final class Runbooks {
    private Runbooks() {}

    /** The runbook file for {@code name}, or a usage error that says where it looked and what is close. */
    public static Path locate(RunbookCommand root, String name) {
        RunbookLocator locator = root.locator();
        Optional<Path> found = locator.find(name);
        if (found.isPresent()) return found.get();
        String hint = Names.closest(name, locator.all().keySet()).map(c -> "did you mean '" + c + "'?")
                .orElse("looked in " + locator.searchPath() + "; 'runbook list' shows what is there");
        throw CliException.usage("no runbook named '" + name + "'", hint);
    }
}
