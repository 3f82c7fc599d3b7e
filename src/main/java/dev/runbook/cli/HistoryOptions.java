package dev.runbook.cli;

import dev.runbook.history.RunIndex;
import dev.runbook.journal.RunStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What the history commands share: where runs are kept, and the command's own writers. */
public final class HistoryOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where runs are kept (default: $RUNBOOK_STATE_DIR, else $XDG_STATE_HOME/runbook, else ~/.local/state/runbook).")
    Path stateDir;

    @Option(names = "--state", paramLabel = "URL",
            description = "Read runs from this state store: file:DIR, dir:DIR, s3://..., azblob://..., postgres://... (default: $RUNBOOK_STATE).")
    String state;

    RunIndex index(Map<String, String> env) {
        return index(env, stateDir, state);
    }

    /** For subcommands: {@code runs --state-dir D show ID} means the same as {@code runs show ID --state-dir D}. */
    RunIndex index(Map<String, String> env, HistoryOptions parent) {
        return index(env, stateDir != null ? stateDir : parent.stateDir, state != null ? state : parent.state);
    }

    /** Rehearsals are runs too: listed (MODE rehearsal), shown and reported from the same state directory. */
    static RunIndex withRehearsals(RunStore store) {
        return new RunIndex(store, new RunStore(store.root().resolve("rehearsals")));
    }

    /**
     * The runs to read: the local state directory, or a team store's runs brought into their local copies first (every
     * journal is verified from those copies as from a local one).
     */
    private static RunIndex index(Map<String, String> env, Path stateDir, String state) {
        String url = StateOption.url(state, env);
        if (url == null) return withRehearsals(RunStore.locate(stateDir, env));
        StateOption.Opened o = StateOption.open(url, stateDir, env);
        if (o.shared() == null) return withRehearsals(o.local());
        try (var shared = o.shared()) {
            shared.syncAll();
            return new RunIndex(shared.view());
        }
    }

    /** Deletes a run everywhere it is kept: for a team store, in the store as well as its local copies. */
    dev.runbook.history.Pruner pruner(Map<String, String> env, HistoryOptions parent) {
        Path dir = stateDir != null ? stateDir : parent.stateDir;
        String url = StateOption.url(state != null ? state : parent.state, env);
        RunIndex index = index(env, parent);
        if (url == null) return new dev.runbook.history.Pruner(index);
        StateOption.Opened o = StateOption.open(url, dir, env);
        if (o.shared() == null) return new dev.runbook.history.Pruner(index);
        var shared = o.shared();
        opened = shared;
        return new dev.runbook.history.Pruner(index, new dev.runbook.history.Pruner.Deleter() {
            @Override
            public void delete(String id) throws java.io.IOException {
                try {
                    shared.deleteRun(id);
                } catch (RuntimeException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
            }

            @Override
            public java.util.Optional<String> keep(String id) {
                return shared.keep(id);
            }
        });
    }

    private AutoCloseable opened;

    /** Closes the team store a {@link #pruner} opened, if any. */
    void close() {
        if (opened == null) return;
        try {
            opened.close();
        } catch (Exception e) {
            // nothing more is written; a store that fails to close loses nothing
        }
        opened = null;
    }

    /** Where the runs listed are kept, for messages: the team store's URL, else the local state directory. */
    String where(Map<String, String> env, HistoryOptions parent, RunIndex index) {
        String url = StateOption.url(state != null ? state : parent == null ? null : parent.state, env);
        return url != null && !url.startsWith("file:") ? url : index.store().root().toString();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    int usage(String message) {
        err().println("runbook: " + message);
        err().flush();
        return ExitCodes.USAGE;
    }
}
