package dev.runbook.cli;

import dev.runbook.history.HistoryJson;
import dev.runbook.history.Integrity;
import dev.runbook.history.Markdown;
import dev.runbook.history.PostMortem;
import dev.runbook.history.RunRecord;
import dev.runbook.history.TimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code runbook report ID}: a post-mortem draft from a run's journal. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write a post-mortem draft (RCA template: summary, severity and response time, findings,"
        + " a timeline of one row per step, changes and approvers, undos, hand-overs and escalations, open questions, 5 whys)"
        + " from a run's journal, in plain Markdown (no HTML) that pastes into Confluence or Google Docs."
        + " Exits 1 when the journal fails its hash-chain check (the draft says so at the top).")
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Parameters(paramLabel = "ID", description = "The run id (or a unique prefix of it).", completionCandidates = Candidates.RunIds.class)
    String id;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown", description = "markdown or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the draft to FILE instead of standard output.")
    Path output;

    @Option(names = "--force", description = "Overwrite FILE if it exists (it may hold the review's edits).")
    boolean force;

    @Option(names = "--detected", paramLabel = "WHEN",
            description = "When the problem was detected (instant, or an age like 2h); response time is measured from it"
                    + " instead of from the start of the run.")
    String detected;

    @Option(names = "--timeline", paramLabel = "WHAT", defaultValue = "steps",
            description = "steps: one row per step, undo and milestone (default); full: also every journaled event, as an appendix.")
    TimelineDetail timeline;

    enum Format { markdown, json }

    enum TimelineDetail { steps, full }

    /** Null: the root command's (see {@link RunbookCommand#envOf}). */
    private final Map<String, String> env;

    @ParentCommand
    RunbookCommand root;
    private final Clock clock;

    public ReportCommand() {
        this.env = null;
        this.clock = Clock.systemUTC();
    }

    public ReportCommand(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    public Integer call() {
        RunRecord record;
        Instant detectedAt;
        try {
            detectedAt = detected == null ? null : TimeSpec.parse(detected, clock.instant());
            record = history.index(env != null ? env : RunbookCommand.envOf(root)).resolve(id);
        } catch (IllegalArgumentException e) {
            return history.usage(e.getMessage());
        }
        if (record.contents().isEmpty()) {
            history.err().println("runbook: the journal of run " + record.summary().id() + " cannot be read: "
                    + String.join("; ", record.summary().problems()));
            history.err().flush();
            return ExitCodes.FAILED;
        }
        // how each action's result is summarised (its metadata only: no provider is loaded)
        dev.runbook.action.Catalogue catalogue = root != null ? root.catalogue() : dev.runbook.action.Catalogue.standard();
        PostMortem pm = PostMortem.of(record.summary(), record.contents().get(), detectedAt, catalogue::spec);
        String text = format == Format.json ? HistoryJson.line("report", pm) : Markdown.postMortem(pm, clock.instant(), timeline == TimelineDetail.full);
        if (output == null) {
            history.out().print(text);
            history.out().flush();
        } else {
            if (Files.exists(output) && !force) {
                return history.usage(output + " exists (it may hold the review's edits); choose another file or add --force");
            }
            try {
                if (output.toAbsolutePath().getParent() != null) Files.createDirectories(output.toAbsolutePath().getParent());
                Files.writeString(output, text);
            } catch (IOException e) {
                history.err().println("runbook: cannot write " + output + ": " + e.getMessage());
                history.err().flush();
                return ExitCodes.FAILED;
            }
            if (format == Format.json) {
                // stdout in JSON mode carries only JSON lines: the file written is one too
                history.out().print(HistoryJson.line("report.written", Map.of("runId", record.summary().id(), "file", output.toString())));
            } else {
                history.out().println("wrote " + output + " (post-mortem draft of run " + record.summary().id() + ")");
            }
            history.out().flush();
        }
        if (record.summary().integrity() != Integrity.INTACT) {
            history.err().println("runbook: WARNING: the journal of run " + record.summary().id() + " fails its hash-chain check: "
                    + String.join("; ", record.summary().problems()));
            history.err().flush();
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
