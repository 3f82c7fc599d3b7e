package dev.runbook.cli;

import java.io.IOException;
import java.util.Map;

/**
 * The width {@code list}, {@code actions}, {@code show} and {@code runs} lay their lines out for: the terminal's
 * when standard output is one, else {@code COLUMNS} when set, else none (0: a pipe or a file gets whole lines, for
 * grep and scripts).
 */
final class ScreenWidth {
    private ScreenWidth() {}

    static int of(Map<String, String> env) {
        org.jline.terminal.Terminal t = RunSupport.systemTerminal();
        if (t != null) {
            try (t) {
                if (t.getWidth() > 0) return t.getWidth();
            } catch (IOException e) {
                // closing failed: the width was read or not
            }
        }
        try {
            int c = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            if (c > 0) return c;
        } catch (NumberFormatException e) {
            // not a number: no width
        }
        return 0;
    }
}
