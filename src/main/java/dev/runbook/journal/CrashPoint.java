package dev.runbook.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A test-only way to crash the process at an exact point of the journal, so that the crash tests can kill a run
 * after every event (issue 17): {@code RUNBOOK_TEST_CRASH_AFTER=N} halts the JVM (as kill -9 would: no shutdown
 * hooks, no flush) right after event N is written; {@code N:torn} writes only the first half of event N, then
 * halts, leaving the torn last line a crash mid-write leaves. Unset in every real run; read once.
 */
final class CrashPoint {
    private static final long AT;
    private static final boolean TORN;

    static {
        String v = System.getenv("RUNBOOK_TEST_CRASH_AFTER");
        long at = -1;
        boolean torn = false;
        if (v != null && !v.isBlank()) {
            try {
                torn = v.endsWith(":torn");
                at = Long.parseLong(torn ? v.substring(0, v.length() - 5).trim() : v.trim());
            } catch (NumberFormatException e) {
                at = -1;
            }
        }
        AT = at;
        TORN = torn;
    }

    private CrashPoint() {}

    static boolean haltsAfter(long seq) {
        return !TORN && seq == AT;
    }

    static boolean tearsAt(long seq) {
        return TORN && seq == AT;
    }

    static void tear(FileChannel channel, byte[] line) throws IOException {
        ByteBuffer half = ByteBuffer.wrap(line, 0, Math.max(1, line.length / 2));
        while (half.hasRemaining()) channel.write(half);
        channel.force(false);
        halt();
    }

    static void halt() {
        Runtime.getRuntime().halt(137);
    }
}
