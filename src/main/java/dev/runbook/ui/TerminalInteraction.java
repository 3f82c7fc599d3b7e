package dev.runbook.ui;

import dev.runbook.action.ActionException;
import dev.runbook.action.Operator;
import dev.runbook.engine.gate.FailureChoice;
import dev.runbook.engine.gate.FailureRequest;
import dev.runbook.journal.GateAnswer;
import dev.runbook.engine.gate.GateRequest;
import dev.runbook.engine.gate.InDoubtChoice;
import dev.runbook.engine.gate.Interaction;
import dev.runbook.model.Effect;
import dev.runbook.model.Parameter;
import dev.runbook.text.Display;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.NonBlockingReader;

/**
 * The operator at a terminal: gate prompts (y / n / a / d; typing the target's name for destructive steps),
 * failure and in-doubt choices, manual checklists and secret input without echo. Ctrl-C or end of input at
 * a prompt answers "abort". Prompts pause the renderer's spinner so they never interleave.
 */
public final class TerminalInteraction implements Interaction {
    private final Terminal terminal;
    private final LineReader reader;
    private final ConsoleRenderer renderer;
    private final boolean dumb;
    /** How long the input must stay quiet before a question is asked (what arrives meanwhile was typed before it). */
    private static final long QUIET_MS = 30;
    private volatile Thread reading;
    private volatile boolean abandoned;

    public TerminalInteraction(Terminal terminal, ConsoleRenderer renderer) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder().terminal(terminal).build();
        this.renderer = renderer;
        this.dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public GateAnswer gate(GateRequest r) {
        renderer.suspend();
        try {
            boolean destructive = r.effect() == Effect.DESTRUCTIVE;
            AttributedStyle st = destructive ? AttributedStyle.BOLD.foreground(AttributedStyle.RED) : AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
            show(new AttributedStringBuilder().styled(st, (destructive ? "  ! " : "  ? ") + r.effect().id().toUpperCase(Locale.ROOT))
                    .append(" ").styled(AttributedStyle.BOLD, r.step()).append(" " + r.title()).toAttributedString());
            // where the change would land, as the header said: nobody approves a change in the wrong subscription
            for (String l : r.identity()) wrapped(l, "    target ", "             ");
            if (r.plan() != null && r.plan().summary() != null) wrapped(r.plan().summary(), "    plan: ", "          ");
            if (r.undo() != null) wrapped(r.undo(), "    undo would: ", "                ");
            if (r.confirm() != null) for (String l : r.confirm().strip().split("\n")) wrapped(l, "    ", "    ");
            while (true) {
                if (destructive) {
                    String a = read("    type '" + r.target() + "' to run it, or skip / abort / details: ");
                    if (a == null) return GateAnswer.ABORT;
                    if (a.equals(r.target())) return GateAnswer.APPROVE;
                    switch (a.toLowerCase(Locale.ROOT)) {
                        case "skip", "n", "no" -> {
                            return GateAnswer.SKIP;
                        }
                        case "abort", "a" -> {
                            return GateAnswer.ABORT;
                        }
                        case "details", "d" -> details(r);
                        default -> show(plain("    that is not the target's name; nothing was run"));
                    }
                } else {
                    String a = read("    run it? [y]es / [n]o, skip / [a]bort / [d]etails: ");
                    if (a == null) return GateAnswer.ABORT;
                    switch (a.toLowerCase(Locale.ROOT)) {
                        case "y", "yes" -> {
                            return GateAnswer.APPROVE;
                        }
                        case "n", "no", "skip" -> {
                            return GateAnswer.SKIP;
                        }
                        case "a", "abort" -> {
                            return GateAnswer.ABORT;
                        }
                        case "d", "details" -> details(r);
                        default -> show(plain("    answer y, n, a or d"));
                    }
                }
            }
        } finally {
            renderer.resume();
        }
    }

    /** Gate text word-wrapped to the terminal: an 80-column window must not cut a word of what the operator decides on. */
    private void wrapped(String text, String first, String hanging) {
        for (String l : dev.runbook.text.Wrap.words(text, renderer.width(), first, hanging)) show(plain(l));
    }

    private void details(GateRequest r) {
        show(plain("    ── details of " + r.step() + " (" + r.uses() + ")"));
        if (r.plan() != null) {
            for (String l : PlanLines.changes(r.plan().before(), r.plan().after(), r.target())) show(plain("      " + l));
            r.plan().before().forEach((k, v) -> {
                if (!r.plan().after().containsKey(k)) show(plain("      " + k + ": " + PlanLines.show(v)));
            });
            for (String d : PlanLines.details(r.plan().after(), r.plan().details())) show(plain("      " + d));
        }
        show(plain("    arguments:"));
        r.args().forEach((k, v) -> show(plain("      " + k + ": " + Display.value(v))));
        // what the diagnosis found, laid out as under the step lines (never a Map's toString)
        show(plain("    found so far:"));
        for (Map.Entry<String, Map<String, Object>> e : r.outputsSoFar().entrySet()) {
            List<String> lines = renderer.findingLines(e.getKey(), "        ");
            show(plain("      " + e.getKey() + (lines.isEmpty() ? ": nothing to show" : "")));
            lines.forEach(l -> show(plain(l)));
        }
    }

    @Override
    public FailureChoice failure(FailureRequest r) {
        renderer.suspend();
        try {
            // word-wrapped under itself: an 80-column window must not cut the error the operator decides on
            String head = "  ✗ " + r.step() + " failed: ";
            List<String> ls = dev.runbook.text.Wrap.words(r.step() + " failed: " + r.error(), renderer.width(), "  ✗ ", "    ");
            for (int i = 0; i < ls.size(); i++) {
                String l = ls.get(i);
                // the first line starts with the head laid out above (the renderer's own words, never searched)
                int n = Math.min(head.length(), l.length());
                show(i == 0
                        ? new AttributedStringBuilder().styled(AttributedStyle.BOLD.foreground(AttributedStyle.RED), l.substring(0, n)).append(l.substring(n)).toAttributedString()
                        : plain(l));
            }
            if (r.hint() != null) show(plain("    hint: " + r.hint()));
            while (true) {
                String a = read("    [r]etry / [s]kip / [a]bort / roll[b]ack (enter: " + r.dflt().id() + "): ");
                if (a == null) return FailureChoice.ABORT;
                switch (a.toLowerCase(Locale.ROOT)) {
                    case "" -> {
                        return r.dflt();
                    }
                    case "r", "retry" -> {
                        return FailureChoice.RETRY;
                    }
                    case "s", "skip" -> {
                        return FailureChoice.SKIP;
                    }
                    case "a", "abort" -> {
                        return FailureChoice.ABORT;
                    }
                    case "b", "rollback" -> {
                        return FailureChoice.ROLLBACK;
                    }
                    default -> show(plain("    answer r, s, a or b"));
                }
            }
        } finally {
            renderer.resume();
        }
    }

    @Override
    public InDoubtChoice inDoubt(String step, String title, Effect effect) {
        renderer.suspend();
        try {
            show(plain("  ? " + step + " (" + effect.id() + ") started but never finished: it may or may not have changed something."));
            while (true) {
                String a = read("    [r]e-run / mark [d]one / [a]bort: ");
                if (a == null) return InDoubtChoice.ABORT;
                switch (a.toLowerCase(Locale.ROOT)) {
                    case "r", "rerun", "re-run" -> {
                        return InDoubtChoice.RERUN;
                    }
                    case "d", "done" -> {
                        return InDoubtChoice.DONE;
                    }
                    case "a", "abort" -> {
                        return InDoubtChoice.ABORT;
                    }
                    default -> show(plain("    answer r, d or a"));
                }
            }
        } finally {
            renderer.resume();
        }
    }

    @Override
    public InDoubtChoice inDoubt(String step, String title, Effect effect, String operation, boolean rerunSafe) {
        renderer.suspend();
        try {
            show(plain("  ? " + step + " (" + effect.id() + ") started but never finished, and its provider had accepted the work:"));
            show(plain("    " + operation));
            String prompt = "    [w]ait for it / mark [d]one" + (rerunSafe ? " / [r]e-run" : "") + " / [a]bort: ";
            while (true) {
                String a = read(prompt);
                if (a == null) return InDoubtChoice.ABORT;
                switch (a.toLowerCase(Locale.ROOT)) {
                    case "w", "wait", "attach" -> {
                        return InDoubtChoice.ATTACH;
                    }
                    case "d", "done" -> {
                        return InDoubtChoice.DONE;
                    }
                    case "a", "abort" -> {
                        return InDoubtChoice.ABORT;
                    }
                    case "r", "rerun", "re-run" -> {
                        if (rerunSafe) return InDoubtChoice.RERUN;
                        show(plain("    it may still be running: a second one is not started; wait for it, or mark it done"));
                    }
                    default -> show(plain("    answer w, d" + (rerunSafe ? ", r" : "") + " or a"));
                }
            }
        } finally {
            renderer.resume();
        }
    }

    @Override
    public boolean offerRollback(String reason, List<String> undoable) {
        renderer.suspend();
        try {
            String a = read("  " + reason + ". Roll back " + (undoable.isEmpty() ? "(run the rollback phase)" : String.join(", ", undoable)) + "? [y/N]: ");
            return a != null && (a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes"));
        } finally {
            renderer.resume();
        }
    }

    @Override
    public Operator operator() {
        return new Operator() {
            @Override
            public void show(String text) {
                renderer.print(plain(text));
            }

            @Override
            public boolean confirm(String stepId, String item) throws ActionException {
                renderer.suspend();
                try {
                    while (true) {
                        String a = read("    [ ] " + item + " — done? [y/n]: ");
                        if (a == null) throw ActionException.cancelled("no answer");
                        if (a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes")) return true;
                        if (a.equalsIgnoreCase("n") || a.equalsIgnoreCase("no")) return false;
                    }
                } finally {
                    renderer.resume();
                }
            }

            @Override
            public String ask(String stepId, String question, List<String> choices) throws ActionException {
                renderer.suspend();
                try {
                    String a = read("    " + question + (choices.isEmpty() ? "" : " " + choices) + ": ");
                    if (a == null) throw ActionException.cancelled("no answer");
                    return a;
                } finally {
                    renderer.resume();
                }
            }
        };
    }

    /** Asks for one line (a confirmation such as a run id typed back); null on Ctrl-C or end of input. */
    public String askLine(String prompt) {
        return read(prompt);
    }

    /** Asks for a parameter value; secrets are read without echo. Returns null on Ctrl-C or end of input. */
    public String askParameter(Parameter p) {
        String about = (p.description() == null || p.description().isBlank() ? "" : " (" + p.description() + ")")
                + (p.enumValues().isEmpty() ? "" : " " + p.enumValues()) + (p.secret() ? " [secret, not echoed]" : "");
        String prompt = "  " + p.name() + about + ": ";
        if (prompt.length() > renderer.width()) {
            // too long for one line: what it is, word-wrapped, then the name alone where the answer is typed
            wrapped(about.strip(), "  " + p.name() + " ", "    ");
            prompt = "  " + p.name() + ": ";
        }
        return p.secret() ? readSecret(prompt) : read(prompt);
    }

    private String readSecret(String prompt) {
        if (abandoned) return null;
        discardTypeAhead();
        if (!dumb) {
            reading = Thread.currentThread();
            try {
                return reader.readLine(prompt, LineReaderImpl.NULL_MASK).strip();
            } catch (UserInterruptException | EndOfFileException | java.io.IOError e) {
                return null;
            } finally {
                reading = null;
            }
        }
        // A masked readLine on a dumb terminal leaves a thread behind, so the line is read here; but TERM=dumb on a real
        // tty still has the tty's own echo on: it is switched off for the read (the terminal's attributes and the tty
        // itself), and back on after, whatever happens. Off before the prompt shows, so nothing typed at it can echo.
        StringBuilder sb = new StringBuilder();
        Attributes saved = terminal.getAttributes();
        try (TtyEcho quietTty = TtyEcho.off()) {
            Attributes quiet = new Attributes(saved);
            quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
            terminal.setAttributes(quiet);
            terminal.writer().print(prompt);
            terminal.writer().flush();
            Reader in = terminal.reader();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') sb.append((char) c);
            }
            if (c < 0 && sb.length() == 0) return null;
        } catch (IOException e) {
            return null;
        } finally {
            terminal.setAttributes(saved);
        }
        terminal.writer().println();
        terminal.writer().flush();
        return sb.toString().strip();
    }

    private String read(String prompt) {
        if (abandoned) return null;
        discardTypeAhead();
        reading = Thread.currentThread();
        try {
            return reader.readLine(prompt).strip();
        } catch (UserInterruptException | EndOfFileException | java.io.IOError e) {
            return null;
        } finally {
            reading = null;
        }
    }

    /**
     * Throws away every key typed before this question was on screen, so that an answer is only ever given to what
     * is shown: {@code y⏎} typed while a step ran must not approve the next gate. Keys typed while the terminal is in
     * its normal (line) mode are held by the kernel until Enter, and only reach a reader in raw mode, so the
     * terminal goes raw for the drain. It stops after a short quiet spell. A dumb terminal is a pipe or a file,
     * not a person: its input is a script and is kept.
     */
    private void discardTypeAhead() {
        if (dumb) return;
        Attributes before = null;
        try {
            before = terminal.enterRawMode();
            NonBlockingReader in = terminal.reader();
            long end = System.nanoTime() + 2_000_000_000L; // a key held down must not keep the question away for ever
            while (in.read(QUIET_MS) >= 0 && System.nanoTime() < end) {
                // discarded
            }
        } catch (IOException | RuntimeException e) {
            // nothing readable: nothing to discard
        } finally {
            if (before != null) terminal.setAttributes(before);
        }
    }

    /**
     * Nobody is there to answer any more (SIGTERM, SIGHUP): the open prompt returns as if Ctrl-C was pressed at it,
     * and every later one at once, without reading.
     */
    public void abandonPrompt() {
        abandoned = true;
        Thread t = reading;
        if (t != null) t.interrupt();
    }

    private void show(AttributedString s) {
        terminal.writer().println(renderer.render(s));
        terminal.writer().flush();
    }

    private static AttributedString plain(String s) {
        return new AttributedString(s);
    }
}
