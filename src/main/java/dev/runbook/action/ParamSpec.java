package dev.runbook.action;

import dev.runbook.model.ParamType;
import java.util.List;

/**
 * One declared argument of an action ({@code with:} key). {@code defaultValue} is a plain value or null;
 * {@code allowed} restricts a string to an enum when non-empty.
 */
public record ParamSpec(String name, ParamType type, boolean required, Object defaultValue, String description, List<String> allowed) {
    public ParamSpec {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public static ParamSpec required(String name, ParamType type, String description) {
        return new ParamSpec(name, type, true, null, description, List.of());
    }

    public static ParamSpec optional(String name, ParamType type, Object defaultValue, String description) {
        return new ParamSpec(name, type, false, defaultValue, description, List.of());
    }

    public ParamSpec allowing(String... values) {
        return new ParamSpec(name, type, required, defaultValue, description, List.of(values));
    }
}
