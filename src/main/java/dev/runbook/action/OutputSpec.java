package dev.runbook.action;

import dev.runbook.model.ParamType;

/** A named output an action produces ({@code steps.<id>.outputs.<name>}), or a {@code before.<name>} state field. */
public record OutputSpec(String name, ParamType type, String description) {
    public static OutputSpec of(String name, ParamType type, String description) {
        return new OutputSpec(name, type, description);
    }
}
