package dev.runbook.action.core.impl;

import dev.runbook.action.ActionContext;
import java.util.ArrayDeque;
import java.util.Deque;

/** The last N lines of a stream (each line capped), kept while the stream is read. Thread-safe. */
final class Tail {
    private static final int MAX_LINE = 4096;
    private final int max;
    private final ActionContext ctx;
    private final Deque<String> lines = new ArrayDeque<>();

    /** @param ctx cuts a long line, redacting first: a secret straddling the cap must not leave its beginning */
    Tail(int max, ActionContext ctx) {
        this.max = Math.max(0, max);
        this.ctx = ctx;
    }

    synchronized void add(String line) {
        if (max == 0) return;
        if (lines.size() == max) lines.removeFirst();
        lines.addLast(line.length() > MAX_LINE ? ctx.cut(line, MAX_LINE) + "…" : line);
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    synchronized String last() {
        return lines.isEmpty() ? "" : lines.getLast();
    }
}
