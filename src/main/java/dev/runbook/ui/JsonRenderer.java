package dev.runbook.ui;

import dev.runbook.engine.RunListener;
import dev.runbook.journal.EventCodec;
import dev.runbook.journal.RunEvent;
import dev.runbook.secret.Redactor;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** {@code --output json}: one JSON object per line per event, the journal's form without the hash chain. */
public final class JsonRenderer implements RunListener {
    private final PrintWriter out;
    private final Redactor redactor;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();

    public JsonRenderer(PrintWriter out, Redactor redactor, Clock clock) {
        this.out = out;
        this.redactor = redactor;
        this.clock = clock;
    }

    @Override
    public synchronized void on(String runId, RunEvent event) {
        out.println(EventCodec.line(seq.incrementAndGet(), clock.instant(), null, event, redactor));
        out.flush();
    }
}
