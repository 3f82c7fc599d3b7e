package dev.runbook.action;

import java.util.Map;

/** An action's own inverse: run {@code uses} with {@code with} to compensate (e.g. scale back to before.workers). */
public record UndoHint(String uses, Map<String, Object> with) {}
