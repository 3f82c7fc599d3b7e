package dev.runbook.cli;

import dev.runbook.ui.ReportFormat;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The commands CI and on-call engineers run most, {@code runbook validate [--format F] [--strict] PATH...} and
 * {@code runbook --version}, run without picocli's model: building it (annotation reflection and proxies,
 * built-in converters) took ~50 ms of a ~150 ms validate. Only argument lists whose meaning is plain take this
 * road; anything else (help, an unknown or repeated option, a bad value, {@code --}, an {@code @file}) returns
 * empty and goes through picocli, which owns every message. {@code ShortcutsTest} holds both roads equal over a
 * matrix of argument lists.
 */
final class Shortcuts {
    private Shortcuts() {}

    /** Runs {@code args} if they take a shortcut: the exit code, or empty when picocli must handle them. */
    static OptionalInt run(RunbookCommand root, String[] args, PrintWriter out, PrintWriter err) {
        if (version(args)) {
            for (String line : new VersionProvider().getVersion()) out.println(line);
            out.flush();
            return OptionalInt.of(ExitCodes.OK);
        }
        ValidateCommand validate = validate(root, args);
        if (validate == null) return OptionalInt.empty();
        try {
            return OptionalInt.of(validate.run(out));
        } catch (Exception e) {
            // as picocli does: the command's exception goes to the handler; an Error propagates
            return OptionalInt.of(new ExecutionExceptionHandler(root).handle(e, err));
        }
    }

    /** {@code --version} or {@code -V}, with at most the global flags beside it. */
    static boolean version(String... args) {
        int versions = 0;
        boolean debug = false;
        boolean noColor = false;
        for (String a : args) {
            switch (a) {
                case "--version", "-V" -> versions++;
                case "--debug" -> {
                    if (debug) return false;
                    debug = true;
                }
                case "--no-color" -> {
                    if (noColor) return false;
                    noColor = true;
                }
                default -> {
                    return false;
                }
            }
        }
        return versions == 1;
    }

    /**
     * {@code [--debug] [--no-color] validate} then paths, {@code --format F}, {@code --format=F}, {@code --strict},
     * {@code --debug}, {@code --no-color} in any order, each option at most once: the command with its fields set,
     * or null for anything else.
     */
    static ValidateCommand validate(RunbookCommand root, String... args) {
        boolean debug = false;
        boolean noColor = false;
        boolean strict = false;
        ReportFormat format = null;
        boolean named = false;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--debug")) {
                if (debug) return null;
                debug = true;
            } else if (a.equals("--no-color")) {
                if (noColor) return null;
                noColor = true;
            } else if (!named) {
                if (!a.equals("validate")) return null;
                named = true;
            } else if (a.equals("--strict")) {
                if (strict) return null;
                strict = true;
            } else if (a.equals("--format") || a.startsWith("--format=")) {
                if (format != null) return null;
                String value;
                if (a.length() > "--format".length()) {
                    value = a.substring("--format=".length());
                } else {
                    if (i + 1 == args.length) return null;
                    value = args[++i];
                }
                format = format(value);
                if (format == null) return null;
            } else {
                if (a.isEmpty() || a.startsWith("-") || a.startsWith("@")) return null;
                try {
                    paths.add(Path.of(a));
                } catch (InvalidPathException e) {
                    return null;
                }
            }
        }
        if (!named) return null;
        root.global.debug = debug;
        root.global.noColor = noColor;
        ValidateCommand c = new ValidateCommand();
        c.root = root;
        c.paths = paths;
        c.format = format == null ? ReportFormat.TEXT : format;
        c.strict = strict;
        return c;
    }

    /** A format named as picocli accepts it here (any case), or null. */
    private static ReportFormat format(String value) {
        for (ReportFormat f : ReportFormat.values()) {
            if (f.name().equalsIgnoreCase(value)) return f;
        }
        return null;
    }
}
