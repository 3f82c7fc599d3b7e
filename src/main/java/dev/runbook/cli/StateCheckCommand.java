package dev.runbook.cli;

import dev.runbook.state.ObjectStore;
import dev.runbook.state.StateStores;
import dev.runbook.state.StateUrl;
import dev.runbook.state.StoreCheck;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code runbook state check [URL]}: conditional writes, a create race, leases, permissions and latency of a store. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Prove a state store is safe before the team relies on it: a second create of a key must fail, a stale replace"
                + " must fail, 8 racing creates of a key and 8 racing replaces of a version must each have one winner, a lease must refuse a second holder; checks create/read/list/delete"
                + " permissions under a scratch prefix (cleaned up) and measures lock and append latency.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the store is safe", "2:bad command line", "11:the store is unsafe, unreachable or refuses access"})
public final class StateCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "The store (default: --state, then $RUNBOOK_STATE).")
    String url;

    @Option(names = "--state", paramLabel = "URL", description = "The store, as for exec.")
    String state;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20", description = "Lock acquires and journal appends to time (default: ${DEFAULT-VALUE}).")
    int samples;

    /** Null: the root command's (see {@link RunbookCommand#envOf}). */
    private final Map<String, String> env;

    @ParentCommand
    StateCommand parent;

    public StateCheckCommand() {
        this.env = null;
    }

    StateCheckCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        Map<String, String> env = this.env != null ? this.env : RunbookCommand.envOf(parent != null ? parent.root : null);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String given = url != null ? url : StateOption.url(state, env);
        if (given == null) {
            err.println("runbook: name the store: runbook state check URL (or set RUNBOOK_STATE)");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (samples < 1 || samples > 10_000) {
            err.println("runbook: --samples must be between 1 and 10000, got " + samples);
            err.flush();
            return ExitCodes.USAGE;
        }
        StateUrl u = StateUrl.parse(given);
        if (!u.shared()) {
            out.println(u + " is a local state directory: nothing is shared, so there is nothing to check.");
            out.flush();
            return ExitCodes.OK;
        }
        StoreCheck.Report r;
        try (ObjectStore store = StateStores.open(u, env)) {
            r = new StoreCheck(store, Clock.systemUTC()).run(samples);
        }
        out.println("state store " + r.store());
        for (StoreCheck.Finding f : r.findings()) out.println("  " + (f.ok() ? "ok  " : "FAIL") + "  " + f.check() + ": " + f.detail());
        if (!Double.isNaN(r.acquireMs())) {
            out.printf("  lock acquire: median %.1f ms, journal append: median %.1f ms (of %d each)%n", r.acquireMs(), r.appendMs(), r.samples());
        }
        out.println(r.safe() ? "The store is safe for a team's runs." : "The store is NOT safe for a team's runs: do not use it for --state.");
        out.flush();
        return r.safe() ? ExitCodes.OK : ExitCodes.STATE_STORE;
    }
}
