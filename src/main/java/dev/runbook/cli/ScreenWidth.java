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
        if (System.console() == null) return columns(env);
        // 'stty size' on the terminal: a tenth of what opening a JLine terminal costs to start (classes, providers)
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] rowsCols = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+");
            if (p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0 && rowsCols.length == 2) {
                int c = Integer.parseInt(rowsCols[1]);
                if (c > 0) return c;
            }
            p.destroy();
        } catch (IOException | NumberFormatException e) {
            // no stty (Windows) or no /dev/tty: JLine asks the terminal its way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        org.jline.terminal.Terminal t = RunSupport.systemTerminal();
        if (t != null) {
            try (t) {
                if (t.getWidth() > 0) return t.getWidth();
            } catch (IOException e) {
                // closing failed: the width was read or not
            }
        }
        return columns(env);
    }

    private static int columns(Map<String, String> env) {
        try {
            int c = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            if (c > 0) return c;
        } catch (NumberFormatException e) {
            // not a number: no width
        }
        return 0;
    }
}
