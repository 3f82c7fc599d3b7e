package dev.runbook.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this test process ignores a signal (SigIgn in /proc/self/status). Children inherit an ignored signal and the
 * JVM cannot handle one that was ignored when it started: a background job of a non-interactive shell ignores SIGINT,
 * {@code nohup} ignores SIGHUP. Signal tests skip loudly then instead of failing.
 */
public final class SignalDisposition {
    private SignalDisposition() {}

    public static boolean ignored(int signal) {
        Path status = Path.of("/proc/self/status");
        try {
            if (!Files.isReadable(status)) return false;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) >>> (signal - 1) & 1) == 1;
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    public static String why(String name) {
        return "SIG" + name + " is ignored by this test's process (a background job of a non-interactive shell, or nohup): "
                + "the runbook JVMs it starts inherit that and cannot handle it, so this signal test is skipped";
    }
}
