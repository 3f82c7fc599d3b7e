package dev.runbook.ui;

import dev.runbook.engine.RunListener;
import dev.runbook.journal.EventCodec;
import dev.runbook.journal.RunEvent;
import dev.runbook.secret.Redactor;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --output json}: one JSON object per line per event, the journal's form without the hash chain, each with
 * {@code schemaVersion} first so that a consumer can tell the stream's shape (docs/execution.md) before reading on.
 * Nothing else is written to standard output in this mode.
 */
public final class JsonRenderer implements RunListener {
    /** The version of the event stream's shape: raised when a field changes meaning or goes away (adding one does not). */
    public static final int SCHEMA_VERSION = 1;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

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
        out.println(versioned(EventCodec.line(seq.incrementAndGet(), clock.instant(), null, event, redactor)));
        out.flush();
    }

    /** An event that is not the engine's (a rehearsal's debrief): {@code type} and the fields, in the same stream. */
    public synchronized void event(String type, java.util.Map<String, Object> fields) {
        java.util.Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("seq", seq.incrementAndGet());
        all.put("ts", clock.instant().toString());
        all.put("type", type);
        all.putAll(fields);
        try {
            out.println(redactor.redact(versioned(JSON.writeValueAsString(all))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the " + type + " event", e);
        }
        out.flush();
    }

    static String versioned(String objectLine) {
        return "{\"schemaVersion\":" + SCHEMA_VERSION + "," + objectLine.substring(1);
    }
}
