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

    RunIndex index(Map<String, String> env) {
        return withRehearsals(RunStore.locate(stateDir, env));
    }

    /** For subcommands: {@code runs --state-dir D show ID} means the same as {@code runs show ID --state-dir D}. */
    RunIndex index(Map<String, String> env, HistoryOptions parent) {
        return withRehearsals(RunStore.locate(stateDir != null ? stateDir : parent.stateDir, env));
    }

    /** Rehearsals are runs too: listed (MODE rehearsal), shown and reported from the same state directory. */
    static RunIndex withRehearsals(RunStore store) {
        return new RunIndex(store, new RunStore(store.root().resolve("rehearsals")));
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
