package dev.runbook.history;

import dev.runbook.journal.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code runbook runs}: what a journal says about a run, read without trusting it blindly.
 *
 * @param mode       as journaled: execute, dry-run, offline (rehearsals name their own)
 * @param started    the run.start time (from the run id when the journal is unreadable), may be null
 * @param lastEvent  time of the last readable event: when the run ended, or when it was last heard of
 * @param outcome    how the last run.end said the run ended; empty while unfinished (running, crashed, resumed)
 * @param operator   who started the run; {@code resumedBy} lists who continued it
 * @param problems   integrity problems (tampering, truncation); {@code warnings} harmless ones (a torn last line)
 */
public record RunSummary(String id, String runbook, String title, String mode, Instant started, Instant lastEvent,
                         Optional<RunOutcome> outcome, String message, String operator, String host, List<String> resumedBy,
                         String incident, String severity, String responseTarget, int events, Integrity integrity,
                         List<String> problems, List<String> warnings) {

    public RunSummary {
        resumedBy = List.copyOf(resumedBy);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean finished() {
        return outcome.isPresent();
    }

    /** Wall-clock time from start to the last event (pauses between a stop and a resume included). */
    public Optional<Duration> duration() {
        if (started == null || lastEvent == null) return Optional.empty();
        Duration d = Duration.between(started, lastEvent);
        return d.isNegative() ? Optional.empty() : Optional.of(d);
    }

    /** The outcome id, or {@code unfinished}; what {@code --outcome} matches. */
    public String status() {
        return outcome.map(RunOutcome::id).orElse("unfinished");
    }

    /**
     * Whether a run may still be continued or is still going: no run.end, an interrupted or approval-waiting run,
     * or one whose journal cannot be read (nobody can tell). Retention never deletes these.
     */
    public boolean unfinished() {
        if (integrity == Integrity.UNREADABLE) return true;
        return outcome.map(o -> o == RunOutcome.INTERRUPTED || o == RunOutcome.APPROVAL_REQUIRED).orElse(true);
    }
}
