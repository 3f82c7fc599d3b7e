package dev.runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code runbook --help}, served from text rendered at build time. Building picocli's model (converters,
 * annotation proxies, text layout) took ~90 ms of a 140 ms {@code --help}; printing the same text takes none
 * of it. {@code RootHelpTest} fails when the committed text differs from what picocli renders now, and
 * {@code mvn package} rewrites it (see {@link Completions#main}).
 */
final class RootHelp {
    static final String PLAIN = "root-help.txt";
    static final String ANSI = "root-help.ansi.txt";

    private RootHelp() {}

    /** True for exactly {@code --help} or {@code -h}, optionally with {@code --no-color}: nothing else to do. */
    static boolean asked(String... args) {
        boolean help = false;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) help = true;
            else if (!a.equals("--no-color")) return false;
        }
        return help;
    }

    /** The pre-rendered text for this environment, if the build shipped it. */
    static Optional<String> prerendered(Map<String, String> env, String... args) {
        boolean noColor = java.util.Arrays.asList(args).contains("--no-color");
        Ansi ansi = RunbookCommand.colorOff(env, noColor) ? Ansi.OFF : Ansi.AUTO;
        try (InputStream in = RootHelp.class.getResourceAsStream(ansi.enabled() ? ANSI : PLAIN)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What picocli prints for {@code runbook --help} with colours on or off. */
    static String render(boolean ansi) {
        CommandLine cl = RunbookCommand.commandLine(new RunbookCommand(Path.of(""), Map.of(), () -> {
            throw new IllegalStateException("help needs no catalogue");
        }), "--help");
        return cl.getUsageMessage(CommandLine.Help.defaultColorScheme(ansi ? Ansi.ON : Ansi.OFF));
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PLAIN), render(false), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(ANSI), render(true), StandardCharsets.UTF_8);
    }
}
