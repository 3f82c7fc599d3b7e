package dev.runbook.cli;

import dev.runbook.history.Pruner;
import dev.runbook.model.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code runbook runs prune --older-than 90d}: retention for finished runs. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Delete finished runs whose last event is older than --older-than. Never deletes an"
        + " unfinished run (it may be resumed) or one whose journal fails its check; prints every run it deletes.")
public final class RunsPruneCommand implements Callable<Integer> {
    @ParentCommand
    RunsCommand parent;

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Option(names = "--older-than", required = true, paramLabel = "AGE", description = "e.g. 90d or 12h.")
    String olderThan;

    @Option(names = "--dry-run", description = "Only print what would be deleted.")
    boolean dryRun;

    @Override
    public Integer call() {
        Optional<Duration> age = Durations.parse(olderThan);
        if (age.isEmpty() || age.get().isZero()) {
            return history.usage("--older-than '" + olderThan + "' is not an age; use e.g. 90d, 36h or 1d12h");
        }
        Pruner.Outcome o;
        try {
            o = history.pruner(parent.env(), parent.history).prune(age.get(), parent.clock().instant(), dryRun);
        } finally {
            history.close();
        }
        PrintWriter out = history.out();
        String verb = dryRun ? "would delete " : "deleted ";
        for (Pruner.Decision d : o.deleted()) out.println(verb + d.run().id() + "  (" + d.why() + ")");
        for (Pruner.Decision d : o.kept()) out.println("kept " + d.run().id() + "  (" + d.why() + ")");
        for (String e : o.errors()) history.err().println("runbook: " + e);
        out.println((dryRun ? "Would delete " : "Deleted ") + o.deleted().size() + (o.deleted().size() == 1 ? " run" : " runs")
                + " older than " + Durations.format(age.get()) + "; kept " + o.kept().size() + "."
                + (dryRun ? " Nothing was deleted (--dry-run)." : ""));
        out.flush();
        history.err().flush();
        return o.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
