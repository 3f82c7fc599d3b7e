package dev.runbook.cli;

import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code runbook show NAME --params --format json}: one {@code parameter} line per parameter, in the runbook's order,
 * as every JSON mode writes (NDJSON, {@code schemaVersion} and {@code type} first, fields with no value left out). A
 * secret's default is never written (only that it has one); what a CI needs to prepare {@code -p} or a params file.
 */
final class ParamsJson {
    private ParamsJson() {}

    static void write(Runbook rb, PrintWriter out) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Parameter p : rb.parameters().values()) {
            try {
                out.println(json.writeValueAsString(line(rb, p)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("parameter " + p.name() + " cannot be written as JSON", e);
            }
        }
        out.flush();
    }

    static Map<String, Object> line(Runbook rb, Parameter p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", dev.runbook.ui.JsonRenderer.SCHEMA_VERSION);
        m.put("type", "parameter");
        m.put("runbook", rb.id());
        m.put("name", p.name());
        m.put("valueType", p.type() == null ? null : p.type().id());
        // as show --params says it: required = must be given (no default to fall back on)
        m.put("required", p.required() && p.defaultValue() == null);
        m.put("secret", p.secret());
        if (p.defaultValue() != null) {
            if (p.secret()) m.put("hasDefault", true);
            else m.put("default", p.defaultValue());
        }
        if (!p.enumValues().isEmpty()) m.put("enum", p.enumValues());
        if (p.description() != null && !p.description().isBlank()) m.put("description", p.description().strip());
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }
}
