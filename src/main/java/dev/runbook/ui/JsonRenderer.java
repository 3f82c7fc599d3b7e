package dev.runbook.ui;

import dev.runbook.engine.RunListener;
import dev.runbook.history.RunDigest;
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
    public static final int SCHEMA_VERSION = EventCodec.SCHEMA_VERSION;
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

    private final java.util.List<RunEvent> seen = new java.util.ArrayList<>();
    private java.util.function.Function<String, String> journalOf = id -> null;

    /**
     * The events a resumed run had before this process (its {@code run.summary} counts them with the new ones) and where
     * a run's journal file is.
     */
    public synchronized JsonRenderer history(java.util.List<RunEvent> earlier, java.util.function.Function<String, String> journalFile) {
        seen.addAll(earlier);
        this.journalOf = journalFile;
        return this;
    }

    @Override
    public synchronized void on(String runId, RunEvent event) {
        out.println(versioned(EventCodec.line(seq.incrementAndGet(), clock.instant(), null, event, redactor)));
        out.flush();
        seen.add(event);
        // the end block, as an event: what the terminal shows after the run, in the same stream
        if (event instanceof RunEvent.RunFinished) event("run.summary", summary(runId, RunDigest.of(seen), journalOf.apply(runId)));
    }

    /** The fields of {@code run.summary}: the end block's content (docs/execution.md, "JSON output"). */
    static java.util.Map<String, Object> summary(String runId, RunDigest d, String journal) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("runId", runId);
        m.put("mode", d.mode());
        m.put("outcome", d.outcome().map(dev.runbook.journal.RunOutcome::id).orElse(null));
        m.put("words", d.words());
        m.put("message", d.message());
        m.put("elapsedMs", d.elapsedMs());
        m.put("changes", d.changes().stream().map(c -> {
            java.util.Map<String, Object> x = new java.util.LinkedHashMap<>();
            x.put("step", c.step());
            x.put("phase", c.phase());
            x.put("effect", c.effect());
            x.put("what", c.what());
            x.put("before", c.before());
            x.put("after", c.after());
            return x;
        }).toList());
        m.put("skippedAtGate", d.skippedAtGate().stream().map(x -> fields("step", x.step(), "phase", x.phase(), "via", x.via())).toList());
        m.put("findings", d.findings().stream().map(x -> fields("step", x.step(), "error", x.error())).toList());
        m.put("notChecked", d.notChecked().stream().map(x -> fields("step", x.step(), "phase", x.phase(), "why", x.why(),
                "reason", x.unreached() ? "provider not reached" : "not run")).toList());
        m.put("failures", d.failures().stream().map(x -> fields("step", x.step(), "phase", x.phase(), "error", x.error())).toList());
        m.put("undos", d.undos().stream().map(x -> fields("step", x.step(), "status", x.status().id(), "error", x.error())).toList());
        m.put("journal", journal);
        m.put("details", "runbook runs show " + runId);
        return m;
    }

    private static java.util.Map<String, Object> fields(Object... kv) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
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
