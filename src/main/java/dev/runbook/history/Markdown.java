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
        return postMortem(pm, generated, false);
    }

    /**
     * @param fullTimeline add every journaled event as an appendix after the condensed timeline (one row per step)
     */
    public static String postMortem(PostMortem pm, Instant generated, boolean fullTimeline) {
        return ControlChars.escape(postMortemUnescaped(pm, generated, fullTimeline));
    }

    private static String postMortemUnescaped(PostMortem pm, Instant generated, boolean fullTimeline) {
        RunSummary r = pm.run();
        StringBuilder sb = new StringBuilder();
        sb.append("# Post-mortem (draft): ").append(text(r.title() != null ? r.title() : r.runbook()))
                .append(r.incident() == null ? "" : " - " + text(r.incident())).append("\n\n");
        sb.append("> Drafted by `runbook report` from the journal of run `").append(r.id()).append("` on ")
                .append(Texts.at(generated)).append(".\n")
                .append("> The facts come from the journal (secrets stay redacted); sections marked *for the review* are for people.\n\n");
        if (r.integrity() != Integrity.INTACT) {
            sb.append("> **WARNING: the journal ").append(r.integrity() == Integrity.BROKEN ? "failed its hash-chain check" : "is unreadable")
                    .append(".** This record may not be what happened:\n");
            for (String p : r.problems()) sb.append(">\n> - ").append(cell(p)).append('\n');
            sb.append('\n');
        }
        summary(sb, r, pm.outcome(), pm.parameters(), pm.actingAs());
        response(sb, pm.response(), r.mode());
        findings(sb, pm.findings());
        timeline(sb, pm.steps(), fullTimeline);
        changes(sb, pm);
        rollbacks(sb, pm.rollbacks());
        handovers(sb, pm.handovers(), pm.escalations());
        communications(sb, pm.communications());
        sb.append("## Open questions\n\n");
        int n = 1;
        for (String q : pm.openQuestions()) sb.append(n++).append(". ").append(text(q)).append('\n');
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
        if (fullTimeline) appendix(sb, pm.timeline());
        return sb.toString();
    }

    private static void summary(StringBuilder sb, RunSummary r, String words, List<String> parameters, List<String> actingAs) {
        sb.append("## Summary\n\n| | |\n| --- | --- |\n");
        if (r.incident() != null) row(sb, "Incident", r.incident());
        row(sb, "Runbook", "`" + r.runbook() + "`" + (r.title() == null ? "" : " " + r.title()));
        row(sb, "Run", "`" + r.id() + "` (" + r.mode() + ")");
        String op = r.operator() + " on " + r.host();
        if (!r.resumedBy().isEmpty()) op += ", resumed by " + String.join(", ", r.resumedBy());
        row(sb, "Operator", op);
        if (!actingAs.isEmpty()) row(sb, "Acting as", String.join("; ", actingAs));
        if (!parameters.isEmpty()) row(sb, "Parameters", String.join("; ", parameters));
        row(sb, "Started", Texts.at(r.started()));
        if (r.finished()) {
            row(sb, "Ended", Texts.at(r.lastEvent()) + r.duration().map(d -> " (" + Texts.duration(d) + ")").orElse(""));
        } else {
            row(sb, "Ended", "not recorded (last event " + Texts.at(r.lastEvent()) + ")");
        }
        row(sb, "Outcome", (words == null ? "" : "**" + words + "** (") + r.status() + (r.message() == null ? "" : ": " + Values.firstLine(r.message()))
                + (words == null ? "" : ")"));
        row(sb, "Journal", Texts.journalLine(r));
        sb.append("\n**What happened:** ").append(TBD).append(" (impact, cause, fix in three sentences)\n\n");
        sb.append("**Impact:** ").append(TBD).append(" (who was affected, how many, for how long)\n\n");
    }

    private static void response(StringBuilder sb, PostMortem.Response p, String mode) {
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
                    .append(", ").append(Texts.duration(p.toFirstChange())).append(" after ").append(p.originKind())
                    .append("rehearsal".equals(mode) ? " (a rehearsal: simulated, its waits shortened)" : "");
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

    private static void findings(StringBuilder sb, List<PostMortem.Finding> findings) {
        sb.append("## Findings\n\n");
        if (findings.isEmpty()) {
            sb.append("No diagnose step ran.\n\n");
            return;
        }
        sb.append("What the diagnose steps found. A check that failed is a finding, not a failure of the run; a step that"
                + " could not read (its provider was not reached) or was not run checked nothing: what it would have found is"
                + " unknown.\n\n");
        for (PostMortem.Finding f : findings) {
            String mark = switch (f.result()) {
                case FAILED -> "**✗ check failed:** ";
                case WARNING -> "**! warning**";
                case NOT_CHECKED -> "**? not checked (unknown):** " + (f.reason() == null ? "" : text(f.reason()));
                case FOUND -> "**found**";
                case NOTHING -> "nothing notable";
                case SKIPPED -> "skipped" + (f.reason() == null ? "" : ": " + text(f.reason()));
            };
            String line = "- `" + f.step() + "` " + text(f.title()) + (f.uses() == null ? "" : " (`" + f.uses() + "`)") + " · " + mark
                    + (f.error() == null ? "" : text(f.error()));
            sb.append(line.stripTrailing()).append('\n');
            if (!f.lines().isEmpty()) {
                sb.append('\n');
                code(sb, f.lines(), "  ");
                sb.append('\n');
            }
        }
        if (sb.charAt(sb.length() - 2) != '\n') sb.append('\n');
    }

    /** A fenced code block, indented into a list item; the fence is longer than any run of backticks in the lines. */
    private static void code(StringBuilder sb, List<String> lines, String indent) {
        int longest = 0;
        for (String l : lines) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("`+").matcher(l);
            while (m.find()) longest = Math.max(longest, m.group().length());
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        sb.append(indent).append(fence).append('\n');
        for (String l : lines) sb.append(indent).append(l).append('\n');
        sb.append(indent).append(fence).append('\n');
    }

    private static void timeline(StringBuilder sb, List<PostMortem.Row> rows, boolean full) {
        sb.append("## Timeline\n\nOne row per step (its last run), undo and milestone; all times UTC.")
                .append(full ? " Every journaled event is in the appendix at the end.\n\n"
                        : " Every journaled event: `runbook report ID --timeline full` or `runbook runs show ID`.\n\n");
        sb.append("| Started | Step | Phase | Took | Result |\n| --- | --- | --- | --- | --- |\n");
        for (PostMortem.Row r : rows) {
            sb.append("| ").append(r.at() == null ? "" : Texts.TIME.format(r.at())).append(" | ")
                    .append(r.step() == null ? "" : "`" + r.step() + "`").append(" | ")
                    .append(r.phase() == null ? "" : r.phase()).append(" | ")
                    .append(r.duration() == null ? "" : Texts.duration(r.duration())).append(" | ")
                    .append(cell(r.result())).append(" |\n");
        }
        sb.append('\n');
    }

    private static void appendix(StringBuilder sb, List<Timeline.Moment> moments) {
        sb.append("\n## Appendix: every event\n\nAll times UTC.\n\n| Time | Since start | Step | Event |\n| --- | --- | --- | --- |\n");
        for (Timeline.Moment m : moments) {
            StringBuilder ev = new StringBuilder(cell(m.text()));
            for (String d : m.details()) ev.append(" · ").append(cell(d));
            sb.append("| ").append(m.at() == null ? "?" : Texts.DAY_TIME.format(m.at())).append(" | ")
                    .append(m.offset() == null ? "" : "+" + Texts.duration(m.offset())).append(" | ")
                    .append(m.step() == null ? "" : "`" + m.step() + "`").append(" | ").append(ev).append(" |\n");
        }
    }

    private static void changes(StringBuilder sb, PostMortem pm) {
        boolean dry = "dry-run".equals(pm.run().mode()) || "offline".equals(pm.run().mode());
        sb.append("## Changes made\n\n");
        if (pm.changes().isEmpty()) {
            sb.append(dry ? "None: a dry run changes nothing.\n" : "No write or destructive step changed anything.\n");
        } else {
            // a dry run's changes were only planned: said before the table, and nobody was asked to approve them
            if (dry) sb.append("None: a dry run changes nothing. It planned these:\n\n");
            sb.append("| Step | Target | ").append(dry ? "Planned change" : "Change").append(" | Before → after | Approved by |\n| --- | --- | --- | --- | --- |\n");
            for (PostMortem.ChangeMade c : pm.changes()) {
                List<String> diff = new java.util.ArrayList<>();
                c.after().forEach((k, v) -> diff.add(k + ": " + (c.before().get(k) == null ? "(none)" : Values.show(c.before().get(k))) + " → " + Values.show(v)));
                sb.append("| `").append(c.step()).append("`").append(c.uses() == null ? "" : " `" + c.uses() + "`").append(" | ")
                        .append(cell(c.target())).append(" | ").append(cell(c.what())).append(" | ")
                        .append(cell(String.join("; ", diff))).append(" | ")
                        .append(c.approvedBy() != null ? cell(c.approvedBy()) : dry ? "not asked (dry run)" : "no gate").append(" |\n");
            }
        }
        if (!pm.skippedAtGate().isEmpty()) {
            sb.append("\nSkipped at the gate (not changed):\n\n");
            for (RunDigest.Skipped s : pm.skippedAtGate()) {
                sb.append("- `").append(s.step()).append("`").append(s.via() == null ? "" : " (" + text(s.via().id()) + ")").append('\n');
            }
        }
        if (!pm.attempted().isEmpty()) {
            sb.append("\nAttempted, not made (or not known to be made):\n\n");
            for (PostMortem.ActionTaken a : pm.attempted()) {
                sb.append("- `").append(a.step()).append("` ").append(text(a.status()))
                        .append(a.error() == null ? "" : ": " + text(Values.show(a.error())))
                        .append(a.approvedBy() == null ? "" : " (gate: " + text(a.approvedBy()) + " answered " + text(a.answer() == null ? null : a.answer().id()) + ")").append('\n');
            }
        }
        sb.append('\n');
    }

    private static void rollbacks(StringBuilder sb, List<Timeline.Rollback> rollbacks) {
        sb.append("## Undos\n\n");
        if (rollbacks.isEmpty()) {
            sb.append("Nothing was rolled back.\n\n");
            return;
        }
        for (Timeline.Rollback rb : rollbacks) {
            sb.append("- Rollback at ").append(Texts.at(rb.at())).append(": ").append(cell(Values.firstLine(rb.reason()))).append('\n');
            if (rb.undos().isEmpty()) sb.append("  - nothing was undone\n");
            for (Timeline.UndoRecord u : rb.undos()) {
                sb.append("  - `").append(u.step()).append("`").append(u.uses() == null ? "" : " via `" + u.uses() + "`").append(": ")
                        .append(PostMortem.undoText(u.status())).append(u.error() == null ? "" : " (" + cell(Values.show(u.error())) + ")").append('\n');
            }
            for (String p : rb.planned()) {
                if (rb.undos().stream().noneMatch(u -> u.step().equals(p))) sb.append("  - `").append(p).append("`: not reached (the rollback stopped before it)\n");
            }
            sb.append("  - result: ").append(rb.ok() == null ? "**did not finish**" : rb.ok() ? "finished" : "**FAILED**: the system may be half-changed").append('\n');
        }
        sb.append('\n');
    }

    private static void handovers(StringBuilder sb, List<Timeline.Handover> handovers, List<Timeline.Escalation> escalations) {
        sb.append("## Hand-overs and escalations\n\n");
        if (handovers.isEmpty() && escalations.isEmpty()) {
            sb.append("The run did not change hands, and no escalation came due.\n\n");
            return;
        }
        List<java.util.Map.Entry<Instant, String>> items = new java.util.ArrayList<>();
        for (Timeline.Handover h : handovers) {
            items.add(java.util.Map.entry(h.at(), "handed over from " + text(h.from()) + " to " + text(h.to())
                    + (h.forced() ? " (forced: the previous holder's lease had not expired)" : "")
                    + (h.reason() == null ? "" : "; reason: " + text(h.reason()))));
        }
        for (Timeline.Escalation x : escalations) {
            String posted = x.posted() == null ? "" : switch (x.posted()) {
                case POSTED -> "; posted to its webhook" + (x.postDetail() == null ? "" : " (" + text(x.postDetail()) + ")");
                case FAILED -> "; **NOT posted** to its webhook: " + text(Values.firstLine(x.postDetail()));
                case POSTING, UNKNOWN -> "; **may not have been posted** (the run stopped while posting): check with " + text(x.to());
                case NOT_POSTED -> "; not posted" + (x.postDetail() == null ? "" : ": " + text(Values.firstLine(x.postDetail())));
            };
            items.add(java.util.Map.entry(x.at(), "escalation due to **" + text(x.to()) + "** (" + text(x.after()) + " into the run)" + posted));
        }
        items.sort(java.util.Map.Entry.comparingByKey()); // stable: equal times keep the journal's order
        for (var e : items) sb.append("- ").append(Texts.at(e.getKey())).append(": ").append(e.getValue()).append('\n');
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
        return text(s);
    }

    /**
     * Journaled text as Markdown that reads as it was written: a backslash, a pipe (a table's column), {@code <} (an
     * HTML tag or an autolink, which Markdown would pass through) and square brackets (a link or an image: a service's
     * answer must not put a live link or a tracking pixel into the team's wiki) are escaped, and a line break becomes
     * " · ". The one way any journaled value reaches the page outside a code block.
     */
    static String text(String s) {
        if (s == null) return "";
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<").replace("&", "\\&")
                .replace("[", "\\[").replace("]", "\\]")
                .replace("\r\n", "\n").replace("\n", " · ");
    }

}
