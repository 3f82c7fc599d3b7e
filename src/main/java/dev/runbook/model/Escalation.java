package dev.runbook.model;

import java.time.Duration;
import java.util.List;

/**
 * One {@code escalation:} entry: when {@code after} has passed since the run first started, escalate to {@code to}.
 * {@code notice} (or null) is its {@code notify:}, where to post it: the arguments of a {@code notify.webhook} call ({@link #NOTIFY_FIELDS}),
 * as written; the engine renders them when the threshold passes.
 */
public record Escalation(Duration after, String to, Node.Mapping notice, SourcePosition pos) {
    /** What {@code notify:} may hold: the arguments of {@code notify.webhook}, with {@code text} optional. */
    public static final List<String> NOTIFY_FIELDS = List.of("url", "text", "title", "format", "attempts");

    /** An entry that posts nothing. */
    public Escalation(Duration after, String to, SourcePosition pos) {
        this(after, to, null, pos);
    }
}
