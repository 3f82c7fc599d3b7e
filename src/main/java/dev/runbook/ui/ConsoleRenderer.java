package dev.runbook.ui;

import dev.runbook.journal.Via;
import dev.runbook.engine.RunListener;
import dev.runbook.history.RunDigest;
import dev.runbook.journal.EventCodec;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.StepStatus;
import dev.runbook.journal.UndoStatus;
import dev.runbook.model.Durations;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.secret.Redactor;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.runbook.action.Findings;
import dev.runbook.text.ControlChars;
import dev.runbook.text.Display;
import dev.runbook.text.FindingLines;
import dev.runbook.text.StepResult;
import dev.runbook.text.Wrap;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Renders a run for a person: a header with severity and time against the response target, one line per step
 * with its status symbol and elapsed time, and (on a terminal) a live line with a spinner for running steps.
 * Colour comes from JLine attributes and is off for NO_COLOR or when output is not a terminal.
 * Every string passes the redactor on its way out. Decides nothing.
 */
public final class ConsoleRenderer implements RunListener, AutoCloseable {
    private static final String[] SPIN = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    private final PrintWriter out;
    private final Runbook runbook;
    private final Redactor redactor;
    private final boolean color;
    private final boolean live;
    private final Map<String, Running> running = new LinkedHashMap<>();
    /** Read steps a dry run did not run (their step.plan said so): they get one line when they finish. */
    private final java.util.Set<String> notRun = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private Phase lastPhase;
    private final InstantSource clock;
    private long startNanos;
    private Duration target;
    private String mode = "execute";
    private int liveWidth;
    private int frame;
    private boolean suspended;
    private java.util.function.IntSupplier width = () -> 80;
    private java.util.function.Function<String, Findings> findings = step -> Findings.NONE;
    private boolean full;
    /** Every event of the run so far (a resumed run's earlier ones too): what the end block sums up. */
    private final List<RunEvent> seen = new java.util.ArrayList<>();
    /** Each step's last end (a resumed run's earlier ones too): what its finding lines are made from. */
    private final Map<String, RunEvent.StepFinished> lastEnd = new java.util.HashMap<>();
    private java.util.function.Function<String, String> journalOf = id -> null;

    private record Running(String step, long startNanos, String progress) {}

    /**
     * @param color whether to use colour (false for NO_COLOR, a pipe or a dumb terminal)
     * @param live  whether to draw the spinner line (a real terminal only)
     */
    public ConsoleRenderer(PrintWriter out, Runbook runbook, Redactor redactor, boolean color, boolean live) {
        this(out, runbook, redactor, color, live, InstantSource.system());
    }

    /** @param clock the run's clock for elapsed times: a rehearsal's is simulated, so times agree with its journal */
    public ConsoleRenderer(PrintWriter out, Runbook runbook, Redactor redactor, boolean color, boolean live, InstantSource clock) {
        this.clock = clock;
        this.startNanos = nanos();
        this.out = out;
        this.runbook = runbook;
        this.redactor = redactor;
        this.color = color;
        this.live = live;
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "runbook-spinner");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 120, 120, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }


    /**
     * How results are summarised under step lines: each step's {@link Findings} (from its action's spec), the
     * terminal's width (asked at each line, so a resized window is followed) and {@code --full} (every row).
     */
    public synchronized ConsoleRenderer layout(java.util.function.Function<String, Findings> byStep, java.util.function.IntSupplier columns, boolean allRows) {
        this.findings = byStep;
        this.width = columns;
        this.full = allRows;
        return this;
    }

    /**
     * The events a resumed run had before this process (so its end block counts them) and where a run's journal
     * file is, for the end block's "journal:" line.
     */
    public synchronized ConsoleRenderer history(List<RunEvent> earlier, java.util.function.Function<String, String> journalFile) {
        for (RunEvent e : earlier) {
            RunEvent r = EventCodec.redacted(e, redactor);
            seen.add(r);
            if (r instanceof RunEvent.StepFinished f) lastEnd.put(f.step(), f);
        }
        this.journalOf = journalFile;
        return this;
    }

    /** The width lines are laid out for: the terminal's, never below {@link Wrap#MIN_WIDTH}. */
    public int width() {
        return Math.max(Wrap.MIN_WIDTH, width.getAsInt());
    }

    /**
     * What step {@code stepId} found, laid out for the terminal and indented by {@code indent}: the same lines under
     * the step and at the gate's details view. Built from the step's last journaled end (never from outputs handed in),
     * through {@link StepResult#of}: a read that failed or was never made cannot be shown as an empty result.
     */
    public synchronized List<String> findingLines(String stepId, String indent) {
        RunEvent.StepFinished f = lastEnd.get(stepId);
        StepResult result = f == null ? new StepResult.Nothing() : StepResult.of(f.status(), f.reach(), f.outputs());
        List<String> out = new java.util.ArrayList<>();
        for (String l : FindingLines.render(findings.apply(stepId), result, width() - indent.length(), full)) out.add(indent + l);
        return out;
    }

    /** Stops drawing the live line while a prompt owns the terminal. */
    public synchronized void suspend() {
        clearLive();
        suspended = true;
    }

    public synchronized void resume() {
        suspended = false;
        drawLive();
    }

    /** Writes prompt text (redacted) as its own lines, for the interaction. */
    public synchronized void print(AttributedString s) {
        clearLive();
        out.println(render(s));
        out.flush();
        drawLive();
    }

    String render(AttributedString s) {
        String text = color ? s.toAnsi() : s.toString();
        return redactor.redact(text);
    }

    @Override
    public synchronized void on(String runId, RunEvent event) {
        // the event's values are redacted as a tree first (short secrets whole, numbers), then every line again below
        RunEvent e = EventCodec.redacted(event, redactor);
        if (e.journaled()) seen.add(e);
        clearLive();
        if (e instanceof RunEvent.RunStarted s) {
            header(s);
        } else if (e instanceof RunEvent.RunResumed r) {
            startNanos = nanos();
            line(style("resuming run " + r.runId(), AttributedStyle.BOLD) + dim(" by " + r.user() + "@" + r.host()
                    + (r.forced() ? " (--force: the runbook changed since the run started)" : "")));
        } else if (e instanceof RunEvent.ApprovalRequired a) {
            line(style("approval required", AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW)) + ": no terminal to ask, and nothing has run.");
            for (RunEvent.ApprovalRequired.Approval x : a.steps()) {
                line("  " + x.step() + " (" + x.phase() + ", " + x.effect() + (x.undo() == null ? "" : ", undo would: " + x.undo()) + ")"
                        + ("rollback".equals(x.phase()) ? " runs only on rollback" : "") + ": " + x.how());
            }
        } else if (e instanceof RunEvent.InDoubtDecision d) {
            line("  ? " + d.step() + dim(" was in doubt: " + d.decision() + " (" + d.via().id() + ")"));
        } else if (e instanceof RunEvent.StepPlanned p) {
            planned(p);
        } else if (e instanceof RunEvent.GateAnswered g) {
            if (g.via() != Via.TERMINAL) line("    " + dim(g.answer().id() + " (" + g.via().id() + ")"));
        } else if (e instanceof RunEvent.StepStarted s) {
            phaseHeader(s.step());
            running.put(s.step(), new Running(s.step(), nanos(), null));
            if (!live) line("  " + style("▸", AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN)) + " " + title(s.step()));
        } else if (e instanceof RunEvent.StepProgress p) {
            Running r = running.get(p.step());
            if (r != null) running.put(p.step(), new Running(r.step(), r.startNanos(), p.message()));
        } else if (e instanceof RunEvent.StepRetrying r) {
            retrying(r);
        } else if (e instanceof RunEvent.StepFinished f) {
            lastEnd.put(f.step(), f);
            running.remove(f.step());
            phaseHeader(f.step());
            finished(f);
        } else if (e instanceof RunEvent.StepAccepted a) {
            // from here on the provider carries it out whatever happens to runbook: say so while it runs
            line("    " + dim("↗ " + a.step() + ": accepted by the provider: " + a.description() + " (" + a.id() + ")"));
        } else if (e instanceof RunEvent.OperatorText t) {
            for (String l : t.text().split("\n", -1)) {
                for (String w : Wrap.words(l, width(), "    │ ", "    │   ")) line(w);
            }
        } else if (e instanceof RunEvent.FailureChoice c) {
            line("    " + dim("→ " + c.choice() + " (" + c.via().id() + ")"));
        } else if (e instanceof RunEvent.Interrupted i) {
            wrappedStyled("⚠ " + i.reason() + ": stopping; running steps are being cancelled", AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW));
        } else if (e instanceof RunEvent.RollbackStarted r) {
            List<String> head = Wrap.words("── rollback (" + oneLine(r.reason()) + ")", width(), "", "   ");
            for (int k = 0; k < head.size(); k++) {
                line(k == 0 ? style("── rollback", AttributedStyle.BOLD) + dim(head.get(0).substring("── rollback".length())) : dim(head.get(k)));
            }
            lastPhase = Phase.ROLLBACK;
        } else if (e instanceof RunEvent.UndoStarted u) {
            if (!live) line("  " + style("↶", AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN)) + " undo " + u.step() + dim(" (" + u.uses() + ")"));
        } else if (e instanceof RunEvent.UndoFinished u) {
            undone(u);
        } else if (e instanceof RunEvent.RollbackFinished r) {
            line(r.ok() ? style("  rollback complete", AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN))
                    : style("  rollback incomplete", AttributedStyle.BOLD.foreground(AttributedStyle.RED)));
        } else if (e instanceof RunEvent.Identity id) {
            identity(id);
        } else if (e instanceof RunEvent.Escalated x) {
            // highlighted and whole: the one line nobody may miss at 3 a.m.
            AttributedStyle st = AttributedStyle.BOLD.foreground(AttributedStyle.RED).inverse();
            for (String l : Wrap.words("⚑ ESCALATE to " + x.to() + ": " + x.after() + " have passed since the run started",
                    width(), "", "  ")) line(style(l, st));
        } else if (e instanceof RunEvent.EscalationNotice n) {
            notice(n);
        } else if (e instanceof RunEvent.RunFinished f) {
            footer(runId, f);
        }
        out.flush();
        drawLive();
    }

    /** How the escalation's post ended, as the end block says it ("" when it has no notify:). */
    private String noticeWords(String after) {
        RunEvent.EscalationNotice last = null;
        for (RunEvent x : seen) {
            if (x instanceof RunEvent.EscalationNotice n && after.equals(n.after())) last = n;
        }
        if (last == null) return "";
        return switch (last.status()) {
            case POSTED -> dim(" · posted");
            case POSTING -> style(" · NOT CONFIRMED: still posting when the run ended", AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW));
            case FAILED -> style(" · NOT POSTED: " + oneLine(last.error()), AttributedStyle.BOLD.foreground(AttributedStyle.RED));
            case UNKNOWN -> style(" · posting it was cut short: check with them", AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW));
            case NOT_POSTED -> dim(" · not posted (" + (last.reason() == null ? "not a real run" : oneLine(last.reason())) + ")");
        };
    }

    /** Posting an escalation: quiet when it worked, loud when it did not, and never silent about what was not sent. */
    private void notice(RunEvent.EscalationNotice n) {
        String where = n.format() == null ? "webhook" : n.format() + " webhook";
        switch (n.status()) {
            case POSTING -> wrappedStyled("  ⚑ posting the escalation to " + n.to() + " (" + where + ")…", AttributedStyle.DEFAULT.faint());
            case POSTED -> wrappedStyled("  ⚑ escalation posted to " + n.to() + " (" + where + (n.httpStatus() == null ? "" : ", HTTP " + n.httpStatus())
                    + (n.attempts() != null && n.attempts() > 1 ? ", after " + n.attempts() + " tries" : "") + ")", AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
            case FAILED -> {
                AttributedStyle st = AttributedStyle.BOLD.foreground(AttributedStyle.RED).inverse();
                wrappedStyled("✗ ESCALATION NOT POSTED to " + n.to() + ": " + oneLine(n.error()), st);
                if (n.hint() != null) wrappedStyled("  " + n.hint() + "; the run goes on", AttributedStyle.BOLD.foreground(AttributedStyle.RED));
            }
            case UNKNOWN -> {
                wrappedStyled("⚠ the escalation to " + n.to() + " may not have been posted: " + oneLine(n.reason()),
                        AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW));
                if (n.hint() != null) wrappedStyled("  " + n.hint(), AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW));
            }
            case NOT_POSTED -> {
                wrappedStyled("  ⚑ would post the escalation to " + n.to() + " (" + where + "): " + oneLine(n.reason()), AttributedStyle.DEFAULT.faint());
                if (n.text() != null) {
                    for (String l : n.text().split("\n")) {
                        for (String w : Wrap.words(l, width(), "    │ ", "    │   ")) line(dim(w));
                    }
                }
                if (n.error() != null) wrappedStyled("    " + n.error(), AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
            }
        }
    }

    /** Word-wrapped with a hanging indent; a text that starts with spaces keeps them as its indent. */
    private void wrappedStyled(String text, AttributedStyle st) {
        String indent = text.substring(0, text.length() - text.stripLeading().length());
        for (String l : Wrap.words(text.stripLeading(), width(), indent, indent + "    ")) line(style(l, st));
    }

    /** Word-wrapped under itself: an 80-column terminal must not cut the error mid-word. */
    private void retrying(RunEvent.StepRetrying r) {
        String head = "  ↻ " + r.step() + " attempt " + r.attempt() + "/" + r.attempts() + " in " + Durations.format(Duration.ofMillis(r.delayMs())) + ": ";
        List<String> ls = Wrap.words(head + oneLine(r.error()), width(), "", "      ");
        for (int i = 0; i < ls.size(); i++) {
            String l = ls.get(i);
            // the first wrapped line starts with the head built above (the renderer's own words) unless it was cut
            line(i == 0 && l.startsWith(head) ? "  " + style("↻", AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)) + " " + r.step()
                    + dim(head.substring(4 + r.step().length())) + l.substring(head.length()) : l);
        }
    }

    /** What the identity lines under the header start with. */
    private static final String IDENTITY = "target ";

    /** Under the header: which subscription / account the run acts in, before anything runs. */
    private void identity(RunEvent.Identity id) {
        for (RunEvent.Identity.Target t : id.targets()) {
            AttributedStyle st = t.status().equals("unknown") ? AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW) : AttributedStyle.DEFAULT;
            // a continuation line of the renderer's own wrapping starts with its indent
            for (String l : Wrap.words(t.line(), width() - IDENTITY.length(), "", "  ")) line(dim(l.startsWith(" ") ? " ".repeat(IDENTITY.length()) : IDENTITY) + style(l, st));
        }
    }

    private void header(RunEvent.RunStarted s) {
        startNanos = nanos();
        mode = s.mode();
        target = Optional.ofNullable(s.responseTarget()).flatMap(Durations::parse).orElse(null);
        // the title word-wrapped under itself; the runbook's id, which starts it, in bold
        List<String> title = Wrap.words(s.runbook() + (s.title() == null ? "" : " · " + s.title()), width(), "", "  ");
        for (int i = 0; i < title.size(); i++) {
            String l = title.get(i);
            // the first line starts with the id (Wrap keeps a line's start; an id wider than the window is cut, still its own)
            int n = Math.min(s.runbook().length(), l.length());
            line(i == 0 ? style(l.substring(0, n), AttributedStyle.BOLD) + l.substring(n) : l);
        }
        StringBuilder sb = new StringBuilder();
        if (s.severity() != null) sb.append(s.severity()).append(" · respond within ").append(s.responseTarget()).append(" · ");
        sb.append("run ").append(s.runId());
        switch (s.mode()) {
            case "execute" -> { }
            case "rehearsal" -> sb.append(" · REHEARSAL").append(s.scenario() == null ? "" : " of scenario " + s.scenario())
                    .append(" (simulated: nothing leaves this machine)");
            case "offline" -> sb.append(" · DRY RUN (offline)");
            default -> sb.append(" · DRY RUN");
        }
        AttributedStyle sev = s.severity() != null && (s.severity().equals("P0") || s.severity().equals("P1"))
                ? AttributedStyle.BOLD.foreground(AttributedStyle.RED) : AttributedStyle.DEFAULT;
        // wrapped at the " · " separators' words: an 80-column terminal must not cut "REHEARSAL" in two
        for (String l : Wrap.words(sb.toString(), width(), "", "  ")) line(style(l, sev));
        escalationPosts(s.mode());
    }

    /** Which escalations this run will post, said before anything runs (only runbooks with an escalation notify:). */
    private void escalationPosts(String mode) {
        if (runbook == null) return;
        List<String> posts = new java.util.ArrayList<>();
        for (dev.runbook.model.Escalation e : runbook.escalation()) {
            if (e.notice() != null && e.after() != null) posts.add("after " + Durations.format(e.after()) + " to " + e.to());
        }
        if (posts.isEmpty()) return;
        String how = "execute".equals(mode) ? "posted to their webhooks when due: "
                : "a real run posts these when due (this " + ("rehearsal".equals(mode) ? "rehearsal" : "dry run") + " posts nothing): ";
        for (String l : Wrap.words(how + String.join(" · ", posts), width(), "", "  ")) line(dim(l));
    }

    private void footer(String runId, RunEvent.RunFinished f) {
        // to the tenth of a second under a minute, to the second above: "4m32s", not "4m32s100ms"
        String elapsed = Durations.format(Duration.ofMillis(f.elapsedMs() < 60_000 ? f.elapsedMs() / 100 * 100 : f.elapsedMs() / 1000 * 1000));
        RunDigest d = RunDigest.of(seen);
        boolean partial = f.outcome() == dev.runbook.journal.RunOutcome.SUCCEEDED && !d.dryRun() && !d.resolvedWithoutDoubt();
        AttributedStyle st = partial ? AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW) : switch (f.outcome()) {
            case SUCCEEDED, ROLLED_BACK -> AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);
            case APPROVAL_REQUIRED, ABORTED, INTERRUPTED -> AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
            case FAILED, ROLLBACK_FAILED -> AttributedStyle.BOLD.foreground(AttributedStyle.RED);
        };
        boolean planned = d.dryRun() && (f.outcome() == dev.runbook.journal.RunOutcome.SUCCEEDED || f.outcome() == dev.runbook.journal.RunOutcome.ROLLED_BACK);
        String symbol = planned ? "◇" : partial ? "!" : switch (f.outcome()) {
            case SUCCEEDED -> "✓";
            case ROLLED_BACK -> "↶";
            default -> "✗";
        };
        line("");
        line(style(symbol + " " + d.words(), st) + " in " + elapsed + targetNote(f.elapsedMs()));
        // a success's message only counts steps; the block below says it better. Anything else says why it stopped.
        if (f.outcome() != dev.runbook.journal.RunOutcome.SUCCEEDED && f.message() != null && !f.message().isBlank()) {
            for (String l : f.message().split("\n")) wrapped(l, "  ", false);
        }
        endBlock(d, f.causes());
        for (RunEvent x : seen) {
            if (x instanceof RunEvent.Escalated esc) {
                line(style("  escalation due", AttributedStyle.BOLD.foreground(AttributedStyle.RED)) + ": " + esc.to() + dim(" (after " + esc.after() + ")")
                        + noticeWords(esc.after()));
            }
        }
        String file = journalOf.apply(runId);
        // a path is one word to copy: never wrapped, whatever the width
        if (file != null) line(dim("  journal: ") + file);
        line(dim("  details: ") + "runbook runs show " + runId);
    }

    /**
     * What the operator needs after the run: the findings, the changes made (or planned), what was skipped at a
     * gate, the failures and the undos with their true status. Sections with nothing in them are left out.
     */
    private void endBlock(RunDigest d, List<String> told) {
        if (!d.findings().isEmpty()) {
            line(style("  findings", AttributedStyle.BOLD) + dim(" (diagnose checks that failed)"));
            items(d.findings().stream().map(x -> new String[] {"✗ " + x.step(), oneLine(x.error())}).toList());
        }
        if (!d.notChecked().isEmpty()) {
            // reads that found nothing because they never read: what they would have found is unknown, not absent
            line(style("  not checked", AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW))
                    + dim(d.dryRun() ? " (unknown until run)" : " (their provider was not reached: unknown)"));
            items(d.notChecked().stream().map(x -> new String[] {"? " + x.step(), oneLine(x.why())}).toList());
        }
        if (!d.changes().isEmpty()) {
            line(style(d.dryRun() ? "  changes planned" : "  changes made", AttributedStyle.BOLD) + (d.dryRun() ? dim(" (nothing was changed)") : ""));
            items(d.changes().stream().map(c -> new String[] {(d.dryRun() ? "◇ " : "✓ ") + c.step(),
                    c.what() != null ? oneLine(c.what()) : c.effect() != null ? c.effect() : "change"}).toList());
        } else if (!d.dryRun() && d.outcome().isPresent() && d.outcome().get() != dev.runbook.journal.RunOutcome.APPROVAL_REQUIRED) {
            line(style("  changes made", AttributedStyle.BOLD) + dim(": none"));
        }
        if (!d.skippedAtGate().isEmpty()) {
            line(style("  skipped at a gate", AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW)));
            items(d.skippedAtGate().stream().map(x -> new String[] {"○ " + x.step(),
                    (x.phase() == null ? "" : x.phase() + " step, ") + "not run (" + (x.via() == null ? "?" : x.via().id()) + ")"}).toList());
        }
        // the failures the run ended on were said above (the run's end names them); the others (tolerated, or before a
        // resume) are listed. Never by looking for a step's name in the message.
        List<RunDigest.Failure> others = d.failures().stream().filter(x -> !told.contains(x.step())).toList();
        if (!others.isEmpty()) {
            line(style("  failed", AttributedStyle.BOLD.foreground(AttributedStyle.RED)));
            items(others.stream().map(x -> new String[] {"✗ " + x.step(), oneLine(x.error())}).toList());
        }
        if (!d.undos().isEmpty()) {
            line(style("  undos", AttributedStyle.BOLD));
            List<String[]> rows = new java.util.ArrayList<>();
            for (RunDigest.Undo u : d.undos()) {
                String what = switch (u.status()) {
                    case UNDONE -> "undone";
                    case NOTHING -> "nothing to undo";
                    case PLANNED -> "would be undone";
                    case UNCONFIRMED -> "NOT CONFIRMED: check by hand" + (u.error() == null ? "" : " (" + oneLine(u.error()) + ")");
                    case FAILED -> "FAILED: the change is still there" + (u.error() == null ? "" : " (" + oneLine(u.error()) + ")");
                };
                rows.add(new String[] {(u.status().reverted() ? "↶ " : u.status() == UndoStatus.PLANNED ? "◇ " : "✗ ") + u.step(), what});
            }
            items(rows);
        }
    }

    /** "    ✓ step  text" with the texts of a section in one column, word-wrapped under themselves. */
    private void items(List<String[]> rows) {
        int pad = 0;
        for (String[] r : rows) pad = Math.max(pad, r[0].length());
        pad = Math.min(pad, Math.max(8, width() / 3));
        for (String[] r : rows) {
            String head = r[0].length() <= pad ? r[0] + " ".repeat(pad - r[0].length()) : r[0];
            String lead = "    " + head + "  ";
            for (String l : Wrap.words(r[1], width(), lead, " ".repeat(Math.min(lead.length(), 4 + pad + 2)))) line(l);
        }
    }

    private String targetNote(long elapsedMs) {
        if (target == null || !timed()) return "";
        long left = target.toMillis() - elapsedMs;
        return left >= 0 ? dim(" · " + Durations.format(Duration.ofSeconds(left / 1000)) + " left of the " + Durations.format(target) + " response target")
                : style(" · " + Durations.format(Duration.ofSeconds(-left / 1000)) + " over the " + Durations.format(target) + " response target",
                        AttributedStyle.DEFAULT.foreground(AttributedStyle.RED));
    }

    /** Whether the run changes things (for real or simulated), so that time against the response target counts. */
    private boolean timed() {
        return mode.equals("execute") || mode.equals("rehearsal");
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void planned(RunEvent.StepPlanned p) {
        if (p.kind() == RunEvent.PlanKind.NOT_RUN) notRun.add(p.step());
        phaseHeader(p.step());
        if (timed()) return;
        // read steps that a dry run skips get their one line when they finish
        if (p.kind() == RunEvent.PlanKind.NOT_RUN) return;
        String t = runbook.step(p.step()).map(Step::title).orElse(null);
        String plain = "  ◇ " + p.step() + (t == null ? "" : " " + t) + "  would: " + oneLine(p.summary());
        if (plain.length() <= width()) {
            line("  " + style("◇", AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE)) + " " + title(p.step()) + dim("  would: ") + oneLine(p.summary()));
        } else {
            // word-wrapped under the step: a long plan (or why there is none) must not be cut by an 80-column terminal
            line("  " + style("◇", AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE)) + " " + title(p.step()));
            String lead = "    would: ";
            List<String> ls = Wrap.words(oneLine(p.summary()), width(), lead, "      ");
            for (int i = 0; i < ls.size(); i++) line(i == 0 ? "    " + dim("would: ") + ls.get(0).substring(lead.length()) : ls.get(i));
        }
        for (String l : PlanLines.of(p.before(), p.after(), p.details(), p.target())) line("      " + l);
    }

    private void finished(RunEvent.StepFinished f) {
        if (f.status() == StepStatus.PLANNED && !notRun.remove(f.step())) {
            return;
        }
        String symbol;
        AttributedStyle st;
        switch (f.status()) {
            case SUCCEEDED -> {
                symbol = "✓";
                st = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            }
            case FAILED -> {
                symbol = "✗";
                st = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
            }
            case SKIPPED -> {
                symbol = "○";
                st = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT);
            }
            case PLANNED -> {
                symbol = "◇";
                st = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
            }
            default -> {
                symbol = "⊘";
                st = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
            }
        }
        long ms = f.elapsedMs();
        String time = "  " + Durations.format(Duration.ofMillis(ms < 1000 ? ms : ms < 60_000 ? ms / 100 * 100 : ms / 1000 * 1000));
        String head = stepLine(symbol, st, f.step(), time);
        String detail = f.error() != null ? f.error() : f.reason();
        if (detail == null) {
            line(head);
        } else {
            // on the step's line when it fits, else below it, word-wrapped: never cut mid-word by the terminal
            String plain = detail.strip().replace('\n', ' ');
            if (stepLinePlain(symbol, f.step(), time).length() - time.length() + timeRoom(time) + 2 + plain.length() <= width()) {
                line(head + "  " + (f.error() != null ? style(plain, st) : dim(plain)));
            } else {
                line(head);
                for (String l : Wrap.words(plain, width(), "    ", "    ")) line(f.error() != null ? style(l, st) : dim(l));
            }
        }
        if (f.hint() != null) wrapped("hint: " + f.hint(), "      ", true);
        if (f.status() == StepStatus.SUCCEEDED || f.status() == StepStatus.FAILED) {
            for (String l : findingLines(f.step(), "      ")) line(l);
        }
    }

    /** {@code text} word-wrapped to the terminal with a hanging indent, dimmed or not. */
    private void wrapped(String text, String indent, boolean dimmed) {
        for (String l : Wrap.words(text, width(), indent, indent + "  ")) line(dimmed ? dim(l) : l);
    }

    private void undone(RunEvent.UndoFinished u) {
        String text = switch (u.status() == null ? UndoStatus.FAILED : u.status()) {
            case UNDONE -> style("↶", AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)) + " undid " + u.step()
                    + (u.error() == null ? "" : dim(" (" + oneLine(u.error()) + ")"));
            case NOTHING -> dim("  " + u.step() + ": nothing to undo");
            case PLANNED -> style("◇", AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE)) + " would undo " + u.step();
            case UNCONFIRMED -> style("? undo of " + u.step() + " shown, not confirmed", AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW))
                    + (u.error() == null ? "" : ": " + oneLine(u.error()));
            case FAILED -> style("✗ undo of " + u.step() + " failed", AttributedStyle.BOLD.foreground(AttributedStyle.RED))
                    + (u.error() == null ? "" : ": " + oneLine(u.error()));
        };
        line("  " + text);
    }

    private void phaseHeader(String stepId) {
        Phase p = runbook.step(stepId).map(Step::phase).orElse(null);
        if (p == null || p == lastPhase) return;
        // once rollback started, steps of other phases appear only as undos, which belong under the rollback header
        if (lastPhase == Phase.ROLLBACK) return;
        lastPhase = p;
        line(style("── " + p.id(), AttributedStyle.BOLD));
    }

    /** "  ✓ id Title  1.2s", the title cut with … so that the line fits the terminal. */
    private String stepLine(String symbol, AttributedStyle st, String stepId, String time) {
        String t = runbook.step(stepId).map(Step::title).orElse(null);
        int room = width() - (2 + symbol.length() + 1 + stepId.length() + timeRoom(time));
        String shown = t == null ? "" : room > 4 ? " " + Wrap.truncate(t, room - 1) : "";
        return "  " + style(symbol, st) + " " + style(stepId, AttributedStyle.BOLD) + shown + dim(time);
    }

    /**
     * The room a step line keeps for its duration: at least {@link #TIME_COLUMN}, so that where a title is cut and
     * whether a detail fits on the line do not depend on how long the step happened to take.
     */
    private static int timeRoom(String time) {
        return Math.max(time.length(), TIME_COLUMN);
    }

    /**
     * "  59s900ms": the widest duration of a step under an hour ("  12m30s", "  999ms" are narrower). It was 8, and a
     * step of 1 to 59 seconds (a sign-in that takes 3s100ms) then cut its title one or two characters earlier than a
     * quick one: the same run, laid out differently depending on the load.
     */
    private static final int TIME_COLUMN = 10;

    private String stepLinePlain(String symbol, String stepId, String time) {
        String t = runbook.step(stepId).map(Step::title).orElse(null);
        int room = width() - (2 + symbol.length() + 1 + stepId.length() + timeRoom(time));
        String shown = t == null ? "" : room > 4 ? " " + Wrap.truncate(t, room - 1) : "";
        return "  " + symbol + " " + stepId + shown + time;
    }

    private String title(String stepId) {
        Optional<Step> s = runbook.step(stepId);
        String t = s.map(Step::title).orElse(null);
        return style(stepId, AttributedStyle.BOLD) + (t == null ? "" : " " + t);
    }

    private void line(String s) {
        out.println(redactor.redact(s));
    }

    private String style(String text, AttributedStyle st) {
        return color ? new AttributedString(text, st).toAnsi() : text;
    }

    private String dim(String text) {
        return style(text, AttributedStyle.DEFAULT.faint());
    }

    /** One line of at most 200 characters; redacted before it is flattened and cut, so no secret is half-shown. */
    private String oneLine(String s) {
        if (s == null) return "";
        String l = redactor.redact(redactor.redact(s).strip().replace('\n', ' '));
        return l.length() > 200 ? redactor.cut(l, 200) + "…" : l;
    }

    private synchronized void tick() {
        frame++;
        if (running.isEmpty() || suspended) return;
        clearLive();
        drawLive();
    }

    private void drawLive() {
        if (!live || suspended || running.isEmpty()) return;
        AttributedStringBuilder sb = new AttributedStringBuilder();
        sb.styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN), SPIN[frame % SPIN.length]).append(' ');
        List<Running> rs = List.copyOf(running.values());
        for (int i = 0; i < rs.size(); i++) {
            Running r = rs.get(i);
            if (i > 0) sb.append(" · ");
            sb.append(r.step()).append(' ').append(Durations.format(Duration.ofSeconds((nanos() - r.startNanos()) / 1_000_000_000L)));
            if (rs.size() == 1 && r.progress() != null) sb.append("  ").append(oneLine(r.progress()));
        }
        if (target != null && timed()) {
            sb.styled(AttributedStyle.DEFAULT.faint(), "  · " + Durations.format(Duration.ofSeconds((nanos() - startNanos) / 1_000_000_000L))
                    + " of " + Durations.format(target));
        }
        String plain = sb.toString();
        if (plain.length() > 110) {
            // the progress in it was redacted whole; what the cut leaves of a secret's beginning is masked too
            sb.setLength(110);
            plain = sb.toString();
            String masked = redactor.maskCutEnd(plain);
            if (!masked.equals(plain)) {
                sb.setLength(masked.length() - Redactor.MASK.length());
                sb.append(Redactor.MASK);
                plain = sb.toString();
            }
        }
        liveWidth = plain.length();
        out.print(redactor.redact(color ? sb.toAnsi() : plain));
        out.flush();
    }

    private void clearLive() {
        if (!live || liveWidth == 0) return;
        // our own carriage return: the terminal writer escapes any other (a program's could write over earlier lines)
        out.print(ControlChars.LINE_START + " ".repeat(liveWidth) + ControlChars.LINE_START);
        liveWidth = 0;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) ticker.shutdownNow();
        clearLive();
        out.flush();
    }
}
