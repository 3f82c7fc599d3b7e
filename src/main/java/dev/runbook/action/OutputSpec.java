package dev.runbook.action;

import dev.runbook.model.ParamType;

/**
 * A named output an action produces ({@code steps.<id>.outputs.<name>}), or a {@code before.<name>} state field.
 * {@code nullable}: the action may return null for it (no data, a feature switched off); validate refuses a text
 * that renders such an output without a default (RB047), since rendering null fails the step.
 * {@code entriesNullable}: a map whose entries may be null (http.check's {@code fields} when the body lacks a
 * selected field), so {@code steps.<id>.outputs.<name>.<key>} is held to the same rule.
 */
public record OutputSpec(String name, ParamType type, String description, boolean nullable, boolean entriesNullable) {
    public OutputSpec(String name, ParamType type, String description, boolean nullable) {
        this(name, type, description, nullable, false);
    }

    public static OutputSpec of(String name, ParamType type, String description) {
        return new OutputSpec(name, type, description, false);
    }

    public static OutputSpec orNull(String name, ParamType type, String description) {
        return new OutputSpec(name, type, description, true);
    }

    /** A map that is always there but whose entries may be null. */
    public static OutputSpec entriesOrNull(String name, ParamType type, String description) {
        return new OutputSpec(name, type, description, false, true);
    }
}
