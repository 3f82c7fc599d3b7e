package dev.runbook.history;

import dev.runbook.model.Durations;
import dev.runbook.text.ControlChars;
import java.time.Instant;
import java.util.List;

/** The post-mortem draft as Markdown, in the order of the seeds' RCA template. */
public final class Markdown {
    private static final String TBD = "_to be written in the review_";

    private Markdown() {}

    /** Control characters from the journal (program output, parameters) are escaped: the text goes to a terminal or a file. */
    public static String postMortem(PostMortem pm, Instant generated) {
        return ControlChars.escape(postMortemUnescaped(pm, generated));
    }

    private static String postMortemUnescaped(PostMortem pm, Instant generated) {
        RunSummary r = pm.run();
        StringBuilder sb = new StringBuilder();
        sb.append("# Post-mortem (draft): ").append(r.title() != null ? r.title() : r.runbook())
                .append(r.incident() == null ? "" : " - " + r.incident()).append("\n\n");
        sb.append("> Drafted by `runbook report` from the journal of run `").append(r.id()).append("` on ")
                .append(Texts.at(generated)).append(".\n")
                .append("> The facts come from the journal (secrets stay redacted); sections marked *for the review* are for people.\n\n");
        if (r.integrity() != Integrity.INTACT) {
            sb.append("> **WARNING: the journal ").append(r.integrity() == Integrity.BROKEN ? "failed its hash-chain check" : "is unreadable")
                    .append(".** This record may not be what happened:\n");
            for (String p : r.problems()) sb.append(">\n> - ").append(cell(p)).append('\n');
            sb.append('\n');
        }
        summary(sb, r);
        response(sb, pm.response());
        timeline(sb, pm.timeline());
        actions(sb, pm.actions());
        rollbacks(sb, pm.rollbacks());
        communications(sb, pm.communications());
        sb.append("## Open questions\n\n");
        int n = 1;
        for (String q : pm.openQuestions()) sb.append(n++).append(". ").append(q).append('\n');
        sb.append('\n');
        sb.append("## Root cause: the 5 whys (for the review)\n\n");
        n = 1;
        for (String w : pm.whys()) sb.append(n++).append(". ").append(w).append("\n   ").append(TBD).append('\n');
        sb.append("\n**Root cause:** ").append(TBD).append("\n\n");
        sb.append("## Action items (for the review)\n\n");
        sb.append("| Action | Owner | Due | Ticket |\n| --- | --- | --- | --- |\n");
        sb.append("| Prevent a recurrence: ").append(TBD).append(" | | | |\n");
        sb.append("| Detect it earlier: ").append(TBD).append(" | | | |\n");
        sb.append("| Update the runbook `").append(r.runbook()).append("` with what this run taught | | | |\n\n");
        sb.append("## Lessons learned (for the review)\n\n");
        sb.append("- What went well: ").append(TBD).append('\n');
        sb.append("- What went wrong: ").append(TBD).append('\n');
        sb.append("- Where we got lucky: ").append(TBD).append('\n');
        return sb.toString();
    }

    private static void summary(StringBuilder sb, RunSummary r) {
        sb.append("## Summary\n\n| | |\n| --- | --- |\n");
        if (r.incident() != null) row(sb, "Incident", r.incident());
        row(sb, "Runbook", "`" + r.runbook() + "`" + (r.title() == null ? "" : " " + r.title()));
        row(sb, "Run", "`" + r.id() + "` (" + r.mode() + ")");
        String op = r.operator() + " on " + r.host();
        if (!r.resumedBy().isEmpty()) op += ", resumed by " + String.join(", ", r.resumedBy());
        row(sb, "Operator", op);
        row(sb, "Started", Texts.at(r.started()));
        if (r.finished()) {
            row(sb, "Ended", Texts.at(r.lastEvent()) + r.duration().map(d -> " (" + Texts.duration(d) + ")").orElse(""));
        } else {
            row(sb, "Ended", "not recorded (last event " + Texts.at(r.lastEvent()) + ")");
        }
        row(sb, "Outcome", r.status() + (r.message() == null ? "" : ": " + Values.firstLine(r.message())));
        row(sb, "Journal", Texts.journalLine(r));
        sb.append("\n**What happened:** ").append(TBD).append(" (impact, cause, fix in three sentences)\n\n");
        sb.append("**Impact:** ").append(TBD).append(" (who was affected, how many, for how long)\n\n");
    }

    private static void response(StringBuilder sb, PostMortem.Response p) {
        sb.append("## Severity and response time\n\n");
        if (p.severity() == null) {
            sb.append("- Severity: not declared by the runbook; ").append(TBD).append(".\n");
        } else {
            sb.append("- Severity: **").append(p.severity()).append("**").append(p.label() == null ? "" : " (" + p.label() + ")")
                    .append(p.target() == null ? "" : ", response target " + Durations.format(p.target())).append(".\n");
        }
        sb.append("- Measured from: ").append(p.originKind()).append(", ").append(Texts.at(p.origin()))
                .append(p.originKind().equals("run start") ? " (when the problem was detected is not known to runbook)" : "")
                .append(".\n");
        if (p.firstChange() == null) {
            sb.append("- First change: none; this run changed nothing.\n");
        } else {
            sb.append("- First change: step `").append(p.firstChangeStep()).append("` at ").append(Texts.at(p.firstChange()))
                    .append(", ").append(Texts.duration(p.toFirstChange())).append(" after ").append(p.originKind());
            if (p.withinTarget() != null) {
                sb.append(p.withinTarget() ? ": **within** the " : ": **over** the ").append(Durations.format(p.target())).append(" target");
            }
            sb.append(".\n");
        }
        if (p.resolved() != null) {
            sb.append("- Resolved: ").append(Texts.at(p.resolved())).append(", ").append(Texts.duration(p.toResolved()))
                    .append(" after ").append(p.originKind()).append(".\n\n");
        } else {
            sb.append("- Resolved: not by this run.\n\n");
        }
    }

    private static void timeline(StringBuilder sb, List<Timeline.Moment> moments) {
        sb.append("## Timeline\n\nAll times UTC.\n\n| Time | Since start | Step | Event |\n| --- | --- | --- | --- |\n");
        for (Timeline.Moment m : moments) {
            StringBuilder ev = new StringBuilder(cell(m.text()));
            for (String d : m.details()) ev.append(" · ").append(cell(d));
            sb.append("| ").append(m.at() == null ? "?" : Texts.DAY_TIME.format(m.at())).append(" | ")
                    .append(m.offset() == null ? "" : "+" + Texts.duration(m.offset())).append(" | ")
                    .append(m.step() == null ? "" : "`" + m.step() + "`").append(" | ").append(ev).append(" |\n");
        }
        sb.append('\n');
    }

    private static void actions(StringBuilder sb, List<PostMortem.ActionTaken> actions) {
        sb.append("## Actions taken\n\n");
        if (actions.isEmpty()) {
            sb.append("No write or destructive step ran.\n\n");
            return;
        }
        sb.append("| Step | Action | Effect | At | Outcome | Approved by |\n| --- | --- | --- | --- | --- | --- |\n");
        for (PostMortem.ActionTaken a : actions) {
            String who = a.approvedBy() == null ? "no gate" : a.approvedBy() + " (" + a.answer() + ", " + a.via() + ")";
            String outcome = a.status() + (a.error() == null ? "" : ": " + Values.show(a.error()));
            sb.append("| `").append(a.step()).append("` ").append(cell(a.title() == null ? "" : a.title()))
                    .append(a.plan() == null ? "" : " · plan: " + cell(a.plan())).append(" | ")
                    .append(a.uses() == null ? "" : "`" + a.uses() + "`").append(" | ").append(a.effect()).append(" | ")
                    .append(a.at() == null ? "?" : Texts.TIME.format(a.at())).append(" | ").append(cell(outcome)).append(" | ")
                    .append(cell(who)).append(" |\n");
        }
        sb.append('\n');
    }

    private static void rollbacks(StringBuilder sb, List<Timeline.Rollback> rollbacks) {
        sb.append("## Rolled back\n\n");
        if (rollbacks.isEmpty()) {
            sb.append("Nothing was rolled back.\n\n");
            return;
        }
        for (Timeline.Rollback rb : rollbacks) {
            sb.append("- Rollback at ").append(Texts.at(rb.at())).append(": ").append(cell(Values.firstLine(rb.reason()))).append('\n');
            if (rb.undos().isEmpty()) sb.append("  - nothing was undone\n");
            for (Timeline.UndoRecord u : rb.undos()) {
                sb.append("  - `").append(u.step()).append("`").append(u.uses() == null ? "" : " via `" + u.uses() + "`").append(": ")
                        .append(undoText(u.status())).append(u.error() == null ? "" : " (" + cell(Values.show(u.error())) + ")").append('\n');
            }
            sb.append("  - result: ").append(rb.ok() == null ? "**did not finish**" : rb.ok() ? "finished" : "**FAILED**: the system may be half-changed").append('\n');
        }
        sb.append('\n');
    }

    private static void communications(StringBuilder sb, List<PostMortem.Communication> comms) {
        sb.append("## Communication\n\n");
        if (comms.isEmpty()) {
            sb.append("The runbook sent no message.\n\n");
        } else {
            sb.append("| Step | Via | At | Outcome | Message |\n| --- | --- | --- | --- | --- |\n");
            for (PostMortem.Communication c : comms) {
                sb.append("| `").append(c.step()).append("` | `").append(c.uses()).append("` | ")
                        .append(c.at() == null ? "?" : Texts.TIME.format(c.at())).append(" | ").append(c.status()).append(" | ")
                        .append(c.text() == null ? "" : cell(Values.show(c.text()))).append(" |\n");
            }
            sb.append('\n');
        }
        sb.append("Updates sent outside runbook (status page, email, calls): ").append(TBD).append("\n\n");
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
    }

    /**
     * Keeps a value inside its table cell: plain Markdown that pastes into Confluence or Google Docs, so a line break
     * becomes " · " (no HTML); a lone carriage return is left for {@link ControlChars#escape} to show, never dropped
     * (dropping it would join two words into one).
     */
    static String cell(String s) {
        if (s == null) return "";
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", " · ");
    }

    private static String undoText(dev.runbook.journal.UndoStatus st) {
        if (st == null) return "failed";
        return switch (st) {
            case UNDONE -> "undone";
            case NOTHING -> "nothing to undo";
            case UNCONFIRMED -> "shown, NOT CONFIRMED";
            case FAILED -> "FAILED";
            case PLANNED -> "planned (dry run)";
        };
    }
}
