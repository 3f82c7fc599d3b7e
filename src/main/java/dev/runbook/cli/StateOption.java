package dev.runbook.cli;

import dev.runbook.journal.RunStore;
import dev.runbook.state.SharedState;
import dev.runbook.state.StateUrl;
import dev.runbook.state.StateStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code --state URL} / {@code RUNBOOK_STATE}, read only when one of them is set, so that the default path (and every
 * command without a run history) never loads a state-store class.
 */
final class StateOption {
    private StateOption() {}

    /** The state URL as given (the option over the environment), or null when neither is set. */
    static String url(String option, Map<String, String> env) {
        if (option != null) return option;
        String v = env.get(StateStores.ENV);
        return v == null || v.isBlank() ? null : v;
    }

    /** @param local a {@code file:} state directory (no team store), else null; @param shared the team store, else null */
    record Opened(RunStore local, SharedState shared) {}

    /** Opens what {@code url} names; a team store's local copies live under the local state directory. */
    static Opened open(String url, Path stateDirOption, Map<String, String> env) {
        StateUrl u = StateUrl.parse(url);
        if (!u.shared()) return new Opened(new RunStore(u.path()), null);
        Path stateDir = RunStore.locate(stateDirOption, env).root();
        return new Opened(null, SharedState.open(u, stateDir, env, Clock.systemUTC()));
    }
}
