package dev.runbook.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Switches the real tty's echo off while a secret is typed. With {@code TERM=dumb} jline gives a dumb terminal whose
 * attributes live in memory only, so the tty behind it (still in cooked mode, echo on) would show the secret as it is
 * typed. {@code stty} on the inherited standard input is the one portable way to reach it from Java.
 */
final class TtyEcho implements AutoCloseable {
    private final String saved;
    private final Thread restoreOnExit;

    private TtyEcho(String saved) {
        this.saved = saved;
        this.restoreOnExit = new Thread(this::restore, "runbook-tty-restore");
    }

    /** Echo off until {@link #close()}; does nothing when standard input is not a terminal. */
    static TtyEcho off() {
        if (System.console() == null) return new TtyEcho(null);
        String saved = stty("-g");
        if (saved == null || saved.isBlank()) return new TtyEcho(null);
        TtyEcho t = new TtyEcho(saved.strip());
        stty("-echo");
        // killed while typing: the operator's shell must not be left without echo
        Runtime.getRuntime().addShutdownHook(t.restoreOnExit);
        return t;
    }

    @Override
    public void close() {
        if (saved == null) return;
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: the hook restores it
        }
    }

    private void restore() {
        if (saved != null) stty(saved);
    }

    private static String stty(String arg) {
        try {
            Process p = new ProcessBuilder("stty", arg).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
