package dev.runbook.rehearse;

import dev.runbook.model.Durations;
import dev.runbook.text.Wrap;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What a rehearsal prints besides the run itself (which the same renderer as {@code exec} draws): the
 * scenario's briefing before it, and the debrief after it.
 */
public final class RehearsalPrinter {
    private final PrintWriter out;
    private final int width;

    public RehearsalPrinter(PrintWriter out) {
        this(out, Integer.MAX_VALUE);
    }

    /** @param width the terminal's width: the briefing is word-wrapped to it */
    public RehearsalPrinter(PrintWriter out, int width) {
        this.out = out;
        this.width = width;
    }

    /** The briefing before the run: which scenario, how fast waits pass, and the incident as the pager would tell it. */
    public void header(Scenario s, double speed) {
        out.println("REHEARSAL · scenario " + s.id() + " of " + s.runbook()
                + (Double.isInfinite(speed) ? " · waits skipped" : " · waits at " + fmt(speed) + "x"));
        if (s.description() != null) {
            // the author's line breaks fit their editor, not this terminal: paragraphs are refilled to the width
            for (String para : s.description().strip().split("\n\\s*\n")) {
                Wrap.words(String.join(" ", para.strip().lines().map(String::strip).toList()), width, "  ", "  ").forEach(out::println);
            }
        }
        out.println();
        out.flush();
    }

    public void debrief(Debrief d) {
        out.println();
        println("DEBRIEF — scenario " + d.scenario());
        println("  outcome          " + (d.outcome() == null ? d.runOutcome() : d.outcome().id()) + (d.message() == null ? "" : " (" + d.message() + ")"));
        println("  time to resolve  " + Durations.format(DebriefRecorder.truncate(d.elapsed())) + " (simulated)");
        println("  steps run        " + (d.ran().isEmpty() ? "none" : String.join(", ", d.ran())));
        if (!d.skipped().isEmpty()) println("  steps skipped    " + String.join(", ", d.skipped()));
        if (!d.gates().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, dev.runbook.journal.GateAnswer> e : d.gates().entrySet()) sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().id());
            println("  gates            " + sb);
        }
        if (!d.worldChanges().isEmpty()) {
            println("  world changes");
            d.worldChanges().forEach(c -> println("    " + c));
        }
        if (d.passed()) {
            println("PASS: the rehearsal followed the expected path.");
        } else {
            println("DEVIATION from the expected path:");
            d.deviations().forEach(x -> println("  - " + x));
        }
        out.flush();
    }

    /** A debrief line fitted to the width: what does not fit goes on under its column (a field's value), between words. */
    private void println(String line) {
        if (line.isEmpty()) {
            out.println();
            return;
        }
        dev.runbook.text.Fit.line(line, width == Integer.MAX_VALUE ? 0 : width).forEach(out::println);
    }

    private static String fmt(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }
}
