package dev.runbook.expr;

import java.util.List;

/**
 * A path read from the scope: {@code steps.app.outputs.state} or {@code steps['scale-out'].before.workers}
 * gives path [steps, app, outputs, state]. Only constant field names and constant string keys are included; the
 * path stops at the first other index (a computed one, or a list position such as {@code [0]}). Variables bound
 * by {@code exists/all/filter/map} are not references. {@code offset} is where it starts in the expression text.
 * <p>
 * {@code optional} is true for the path inside {@code has(a.b.c)}: everything but its last segment must exist,
 * the last segment is only tested for presence, so a checker should not require it.
 */
public record Reference(List<String> path, int offset, int length, boolean optional) {
    public Reference {
        path = List.copyOf(path);
    }

    public Reference(List<String> path, int offset, int length) {
        this(path, offset, length, false);
    }

    public String root() {
        return path.get(0);
    }

    /** The same reference with its offset moved by {@code delta} (an expression inside a template). */
    public Reference shifted(int delta) {
        return new Reference(path, offset + delta, length, optional);
    }

    @Override
    public String toString() {
        return String.join(".", path);
    }
}
