package dev.runbook.journal;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local state folder is: {@code --state-dir}, else {@code $RUNBOOK_STATE_DIR}, else
 * {@code $XDG_STATE_HOME/runbook}, else {@code ~/.local/state/runbook}. A class of its own so that shell completion
 * ({@code runbook __complete runs}) can find the run folders without loading {@link RunStore} and what it needs.
 */
public final class StateDir {
    private StateDir() {}

    public static Path root(Path stateDirOption, Map<String, String> env) {
        if (stateDirOption != null) return stateDirOption;
        String explicit = env.get("RUNBOOK_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "runbook");
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "runbook");
    }
}
