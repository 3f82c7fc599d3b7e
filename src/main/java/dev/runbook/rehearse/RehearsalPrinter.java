package dev.runbook.rehearse;

import dev.runbook.engine.RunListener;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/**
 * Plain lines for a rehearsal run (one per step, gate, retry and undo) and the debrief. The terminal
 * UI of {@code exec} replaces the step lines where it is available; the debrief is the rehearsal's own.
 */
public final class RehearsalPrinter implements RunListener {
    private final PrintWriter out;

    public RehearsalPrinter(PrintWriter out) {
        this.out = out;
    }

    public void header(Scenario s, String runbookTitle, double speed) {
        out.println("REHEARSAL of " + s.runbook() + (runbookTitle == null ? "" : " — " + runbookTitle));
        out.println("scenario " + s.id() + " · simulated: nothing leaves this machine"
                + (Double.isInfinite(speed) ? "" : " · waits at " + fmt(speed) + "x"));
        if (s.description() != null) s.description().strip().lines().forEach(l -> out.println("  " + l));
        out.println();
        out.flush();
    }

    @Override
    public synchronized void on(String runId, RunEvent event) {
        if (event instanceof RunEvent.StepFinished f) {
            String mark = switch (f.status()) {
                case SUCCEEDED -> "✓";
                case FAILED -> "✗";
                case SKIPPED -> "-";
                case PLANNED -> "~";
                case CANCELLED -> "!";
            };
            String why = f.status() == StepStatus.FAILED ? f.error() : f.reason();
            out.println(mark + " " + f.phase() + "/" + f.step() + (why == null || why.isBlank() ? "" : "  " + why));
        } else if (event instanceof RunEvent.GateAnswered g) {
            out.println("? gate " + g.step() + " (" + g.effect() + "): " + g.answer() + " via " + g.via());
        } else if (event instanceof RunEvent.StepRetrying r) {
            out.println("↻ " + r.step() + " attempt " + r.attempt() + "/" + r.attempts() + " in "
                    + Durations.format(Duration.ofMillis(r.delayMs())) + ": " + r.error());
        } else if (event instanceof RunEvent.OperatorText t) {
            out.println("» " + t.step() + (t.title() == null ? "" : ": " + t.title()));
            t.text().strip().lines().forEach(l -> out.println("    " + l));
        } else if (event instanceof RunEvent.RollbackStarted r) {
            out.println("⟲ rollback: " + r.reason() + (r.undo().isEmpty() ? "" : " (undo " + String.join(", ", r.undo()) + ")"));
        } else if (event instanceof RunEvent.UndoFinished u) {
            out.println("⟲ undo " + u.step() + ": " + u.status() + (u.error() == null ? "" : " — " + u.error()));
        } else {
            return;
        }
        out.flush();
    }

    public void debrief(Debrief d) {
        out.println();
        out.println("DEBRIEF — scenario " + d.scenario());
        out.println("  outcome          " + (d.outcome() == null ? d.runOutcome() : d.outcome().id()) + (d.message() == null ? "" : " (" + d.message() + ")"));
        out.println("  time to resolve  " + Durations.format(DebriefRecorder.truncate(d.elapsed())) + " (simulated)");
        out.println("  steps run        " + (d.ran().isEmpty() ? "none" : String.join(", ", d.ran())));
        if (!d.skipped().isEmpty()) out.println("  steps skipped    " + String.join(", ", d.skipped()));
        if (!d.gates().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : d.gates().entrySet()) sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            out.println("  gates            " + sb);
        }
        if (!d.worldChanges().isEmpty()) {
            out.println("  world changes");
            d.worldChanges().forEach(c -> out.println("    " + c));
        }
        if (d.passed()) {
            out.println("PASS: the rehearsal followed the expected path.");
        } else {
            out.println("DEVIATION from the expected path:");
            d.deviations().forEach(x -> out.println("  - " + x));
        }
        out.flush();
    }

    private static String fmt(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }
}
