package dev.runbook.expr;

import java.util.List;

/**
 * A path read from the scope: {@code steps.app.outputs.state} or {@code steps['scale-out'].before.workers}
 * gives path [steps, app, outputs, state]. Only constant member/index segments are included; the path
 * stops at the first computed index. {@code offset} is where it starts in the expression text.
 */
public record Reference(List<String> path, int offset, int length) {
    public Reference {
        path = List.copyOf(path);
    }

    public String root() {
        return path.get(0);
    }

    @Override
    public String toString() {
        return String.join(".", path);
    }
}
