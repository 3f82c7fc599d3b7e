package dev.runbook.cli;

import dev.runbook.history.HistoryJson;
import dev.runbook.history.RunFilter;
import dev.runbook.history.RunIndex;
import dev.runbook.history.RunSummary;
import dev.runbook.history.Texts;
import dev.runbook.history.TimeSpec;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code runbook runs}: the run history, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List past runs (newest first); 'runs show ID' for one run's timeline.",
        subcommands = {RunsShowCommand.class, RunsPruneCommand.class})
public final class RunsCommand implements Callable<Integer> {
    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Option(names = "--runbook", paramLabel = "NAME", description = "Only runs of this runbook.")
    String runbook;

    @Option(names = "--outcome", paramLabel = "OUTCOME", completionCandidates = Candidates.Outcomes.class,
            description = "Only runs that ended so: succeeded, failed, aborted, approval-required, rolled-back,"
                    + " rollback-failed, interrupted, unfinished, or damaged (journal fails its check).")
    String outcome;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only runs started since: an age (7d, 12h), a date or an instant.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only runs started before: an age, a date or an instant.")
    String until;

    @Option(names = "--incident", paramLabel = "ID", description = "Only runs tagged with this incident (exec --incident).")
    String incident;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    enum Format { text, json }

    /** Null: the root command's (see {@link RunbookCommand#envOf}). */
    private final Map<String, String> env;

    @ParentCommand
    RunbookCommand root;
    private final Clock clock;

    public RunsCommand() {
        this.env = null;
        this.clock = Clock.systemUTC();
    }

    /** For tests: an environment (RUNBOOK_STATE_DIR) and a clock of their own. */
    public RunsCommand(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    Map<String, String> env() {
        return env != null ? env : RunbookCommand.envOf(root);
    }

    Clock clock() {
        return clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = history.out();
        RunFilter filter;
        try {
            Instant now = clock.instant();
            filter = new RunFilter(runbook, outcome, since == null ? null : TimeSpec.parse(since, now),
                    until == null ? null : TimeSpec.parse(until, now), incident);
        } catch (IllegalArgumentException e) {
            return history.usage(e.getMessage());
        }
        RunIndex index = history.index(env());
        List<RunSummary> runs = index.list(filter);
        if (format == Format.json) {
            runs.forEach(r -> out.print(HistoryJson.line("run", r)));
        } else if (runs.isEmpty()) {
            out.println(filter.equals(RunFilter.ALL) ? "No runs yet in " + history.where(env(), null, index) + "." : "No run matches.");
        } else {
            out.print(Texts.table(runs, ScreenWidth.of(env())));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
