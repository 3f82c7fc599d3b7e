package dev.runbook.model;

import java.util.List;

/**
 * A runbook input. {@code defaultValue} is the plain value (String/Long/Double/Boolean/List/Map) or null.
 * Secret parameters are never printed, journaled or accepted from argv alone.
 */
public record Parameter(
        String name,
        ParamType type,
        boolean required,
        Object defaultValue,
        String description,
        List<String> enumValues,
        boolean secret,
        SourcePosition pos) {
    public Parameter {
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    }
}
