package dev.runbook.cli;

import dev.runbook.history.HistoryJson;
import dev.runbook.history.Integrity;
import dev.runbook.history.RunRecord;
import dev.runbook.history.Texts;
import dev.runbook.history.Timeline;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code runbook runs show ID}: one run as a timeline, after its hash chain is verified. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run as a timeline: steps, gates and who answered them, retries, rollback."
        + " Exits 1 when the journal fails its hash-chain check.")
public final class RunsShowCommand implements Callable<Integer> {
    @ParentCommand
    RunsCommand parent;

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Parameters(paramLabel = "ID", description = "The run id (or a unique prefix of it), as listed by 'runbook runs'.",
            completionCandidates = Candidates.RunIds.class)
    String id;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    RunsCommand.Format format;

    @Override
    public Integer call() {
        RunRecord record;
        try {
            record = history.index(parent.env(), parent.history).resolve(id);
        } catch (IllegalArgumentException e) {
            return history.usage(e.getMessage() + " (list them with: runbook runs)");
        }
        PrintWriter out = history.out();
        // the timeline fitted to the window: its text goes on under its column, never cut mid-word
        if (format != RunsCommand.Format.json) out = dev.runbook.text.Fit.writer(out, ScreenWidth.of(parent.env()));
        if (record.contents().isEmpty()) {
            out.print(format == RunsCommand.Format.json ? HistoryJson.line("run.timeline", Timeline.empty(record.summary()))
                    : Texts.timeline(Timeline.empty(record.summary())));
            out.flush();
            return ExitCodes.FAILED;
        }
        Timeline t = Timeline.of(record.summary(), record.contents().get());
        out.print(format == RunsCommand.Format.json ? HistoryJson.line("run.timeline", t) : Texts.timeline(t));
        out.flush();
        return record.summary().integrity() == Integrity.INTACT ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
