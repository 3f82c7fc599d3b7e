package dev.runbook.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real terminal for tests: a tmux server of its own (its own socket, so nothing else is touched) running one
 * command in a window of a fixed size; the test reads the screen and types keys as a person would.
 */
public final class Tmux implements AutoCloseable {
    private static final String SESSION = "run";
    private final String socket = "runbook-test-" + UUID.randomUUID().toString().substring(0, 8);

    private Tmux() {}

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code script} (an executable file) in a detached session of {@code width} x {@code height}. */
    public static Tmux start(Path script, int width, int height) throws Exception {
        Tmux t = new Tmux();
        t.tmux("new-session", "-d", "-s", SESSION, "-x", String.valueOf(width), "-y", String.valueOf(height), script.toString());
        return t;
    }

    /** The whole screen, scrollback included, as plain text. */
    public String screen() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", SESSION);
    }

    /** Waits until the screen contains {@code text}; fails with the screen when it does not within {@code limit}. */
    public String waitFor(String text, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        String screen = screen();
        while (!screen.contains(text)) {
            if (System.nanoTime() > end) throw new AssertionError("'" + text + "' never appeared within " + limit + "; the screen:\n" + screen);
            Thread.sleep(100);
            screen = screen();
        }
        return screen;
    }

    /**
     * Waits until the screen contains {@code text} and the cursor sits after a prompt (its line ends with ':'),
     * so that what is typed next answers that prompt and not an earlier one.
     */
    public String waitForPrompt(String text, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            String screen = waitFor(text, Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            if (cursorLine().stripTrailing().endsWith(":")) return screen;
            if (System.nanoTime() > end) throw new AssertionError("no prompt after '" + text + "' within " + limit + "; the screen:\n" + screen);
            Thread.sleep(100);
        }
    }

    private String cursorLine() throws Exception {
        int row = Integer.parseInt(tmux("display-message", "-p", "-t", SESSION, "#{cursor_y}").strip());
        List<String> lines = tmux("capture-pane", "-p", "-t", SESSION).lines().toList();
        return row < lines.size() ? lines.get(row) : "";
    }

    /** From now on, every byte the program writes to the terminal is appended to {@code file} (tmux pipe-pane). */
    public void pipeTo(Path file) throws Exception {
        tmux("pipe-pane", "-o", "-t", SESSION, "cat >> '" + file + "'");
    }

    /** Types {@code text} as it is (no key names), without Enter. */
    public void type(String text) throws Exception {
        // "--": text that starts with '-' (an option typed at a prompt) is text, not a flag of send-keys
        tmux("send-keys", "-t", SESSION, "-l", "--", text);
    }

    /** Types {@code text} and presses Enter. */
    public void typeLine(String text) throws Exception {
        if (!text.isEmpty()) tmux("send-keys", "-t", SESSION, "-l", text);
        tmux("send-keys", "-t", SESSION, "Enter");
    }

    /** Presses one key by its tmux name ({@code C-c}, {@code Escape}): the terminal turns C-c into SIGINT. */
    public void press(String key) throws Exception {
        tmux("send-keys", "-t", SESSION, key);
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            tmux("kill-server");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            throw e;
        } catch (Exception e) {
            throw new java.io.IOException(e);
        }
    }
}
