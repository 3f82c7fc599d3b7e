package dev.runbook.cli;

import dev.runbook.state.Lease;
import dev.runbook.state.SharedState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runbook unlock LOCK_ID}: releases a stale lock in a team store by its id, as terraform force-unlock does. */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = "Release a run's lock in a team state store by its lock id (printed when a run is refused), journaled in that run."
                + " If its holder still runs, it stops before its next step. Use takeover to continue the run.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:released", "1:no lock with that id", "2:bad command line", "11:state store unreachable or refused"})
public final class UnlockCommand implements Callable<Integer> {
    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Parameters(paramLabel = "LOCK_ID", description = "The lock id, as a refused run or 'runbook state check' prints it.")
    String lockId;

    /** Null: the root command's (see {@link RunbookCommand#envOf}). */
    private final Map<String, String> env;

    @ParentCommand
    RunbookCommand root;

    public UnlockCommand() {
        this.env = null;
    }

    UnlockCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        Map<String, String> env = this.env != null ? this.env : RunbookCommand.envOf(root);
        String url = StateOption.url(history.state, env);
        StateOption.Opened o = url == null ? null : StateOption.open(url, history.stateDir, env);
        if (o == null || o.shared() == null) {
            return history.usage("unlock works on a team state store (--state URL or RUNBOOK_STATE); a local run lock is released"
                    + " by the operating system when its process ends, so there is nothing to unlock");
        }
        try (SharedState shared = o.shared()) {
            Optional<Lease.Record> gone = shared.unlock(lockId, System.getProperty("user.name", "unknown"), Hosts.name(env));
            if (gone.isEmpty()) {
                history.err().println("runbook: no lock with id " + lockId + " in " + shared.url()
                        + (shared.locks().isEmpty() ? " (it holds no lock)" : "; its locks: " + String.join(", ",
                        shared.locks().stream().map(r -> r.leaseId() + " (" + r.who() + ", run " + r.runId() + ")").toList())));
                history.err().flush();
                return ExitCodes.FAILED;
            }
            history.out().println("released lock " + lockId + " of run " + gone.get().runId() + " (held by " + gone.get().who()
                    + "); journaled as run.unlock. Continue the run with: runbook takeover " + gone.get().runId() + " --reason TEXT");
            history.out().flush();
            return ExitCodes.OK;
        }
    }
}
