package dev.runbook.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Generates {@code completions/runbook.bash} (bash; zsh loads it through {@code bashcompinit}). Runbook
 * names are completed at completion time from {@code runbook list --names}, so they follow the folder the
 * user is in. Run at {@code package} by the build; a test fails when the committed file drifts.
 */
public final class Completions {
    private Completions() {}

    public static String bash() {
        CommandLine cl = RunbookCommand.commandLine(new RunbookCommand(Path.of(""), Map.of(), () -> {
            throw new IllegalStateException("completion generation needs no catalogue");
        }));
        String script = AutoComplete.bash("runbook", cl);
        // picocli quotes the candidate list into a variable; swap the placeholder for a live lookup
        // (unquoted, so bash splits the names into array elements)
        script = script.replace("\"" + RunbookNames.PLACEHOLDER + "\"", "$(runbook list --names 2>/dev/null)");
        if (script.contains(RunbookNames.PLACEHOLDER)) {
            throw new IllegalStateException("picocli's completion script changed shape; update Completions");
        }
        String zsh = "\n# zsh: autoload -U +X bashcompinit && bashcompinit && source runbook.bash\n";
        return script + zsh;
    }

    /**
     * {@code Completions <file> [<help-dir>]}: writes the script, creating the folder (picocli's own -o does not),
     * and, given a folder, the pre-rendered root help ({@link RootHelp}).
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "completions/runbook.bash");
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, bash(), StandardCharsets.UTF_8);
        if (args.length > 1) RootHelp.write(Path.of(args[1]));
    }
}
