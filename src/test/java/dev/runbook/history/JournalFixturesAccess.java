package dev.runbook.history;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages use the journal fixtures. */
public final class JournalFixturesAccess {
    private JournalFixturesAccess() {}

    public static void all(Path root) {
        JournalFixtures.rolledBack(root);
        JournalFixtures.succeeded(root);
        JournalFixtures.unfinished(root);
        JournalFixtures.interrupted(root);
    }

    public static void tamper(Path root) throws IOException {
        JournalFixtures.tamper(root, JournalFixtures.ROLLED_BACK, "\"user\":\"bob\"", "\"user\":\"eve\"");
    }
}
