package dev.runbook.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.ParamSpec;
import dev.runbook.model.Effect;
import dev.runbook.model.OnFailure;
import dev.runbook.model.ParamType;
import dev.runbook.model.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft-07, what yaml-language-server reads best) of the runbook format, with each
 * catalogue action's {@code with:} arguments attached through if/then on {@code uses}, so an editor
 * completes and checks arguments too. {@code validate} remains the authority: it also checks
 * expressions, references and the step graph, which a schema cannot.
 */
public final class SchemaGenerator {
    static final String ID_PATTERN = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";
    static final String NAME_PATTERN = "^[A-Za-z][A-Za-z0-9_]*$";
    static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h|d))+$";
    static final String TEMPLATE_PATTERN = "\\$\\{";

    private SchemaGenerator() {}

    public static String json(Catalogue catalogue) {
        try {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            return new ObjectMapper().writer(pp).writeValueAsString(generate(catalogue)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> generate(Catalogue catalogue) {
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("duration", map("type", "string", "pattern", DURATION_PATTERN, "description", "A duration: 500ms, 30s, 5m, 1h, 1h30m, 2d."));
        defs.put("template", map("type", "string", "pattern", TEMPLATE_PATTERN, "description", "A ${...} expression, typed when the runbook is validated."));
        defs.put("textList", map("type", "array", "items", map("type", "string")));
        defs.put("parameter", parameter());
        defs.put("steps", map("type", "array", "items", ref("step")));
        defs.put("step", step(catalogue));
        defs.put("undo", undo(catalogue));
        for (ActionSpec a : catalogue.specs()) defs.put("with:" + a.name(), with(a));

        Map<String, Object> props = new LinkedHashMap<>();
        props.put("runbook", map("type", "string", "pattern", ID_PATTERN, "description", "The runbook's id; equals the file name without .yaml."));
        props.put("title", map("type", "string", "description", "What the operator sees."));
        props.put("severity", map("enum", Arrays.stream(Severity.values()).map(Enum::name).toList(),
                "description", "P0 critical (15 min response), P1 high (1 h), P2 medium (4 h), P3 low (24 h)."));
        props.put("summary", map("type", "string", "description", "Overview: the scenario this runbook addresses."));
        props.put("symptoms", ref("textList"));
        props.put("prerequisites", ref("textList"));
        props.put("references", ref("textList"));
        props.put("escalation", map("type", "array", "items", map("type", "object", "additionalProperties", false, "required", List.of("to"),
                "properties", map("after", ref("duration"), "to", map("type", "string"),
                        "notify", map("type", "object", "additionalProperties", false, "required", List.of("url"),
                                "description", "Post the escalation to an incoming webhook when the threshold passes (never in a dry run or rehearsal).",
                                "properties", map(
                                        "url", map("type", "string", "description", "The webhook URL, from a secret parameter: \"${params.pagerWebhook}\"."),
                                        "text", map("type", "string", "description", "The message; default: who, after how long, the runbook and the run id."),
                                        "title", map("type", "string", "description", "A heading sent above the text."),
                                        "format", map("enum", List.of("slack", "teams", "adaptive"), "description", "Payload shape, as notify.webhook's."),
                                        "attempts", map("type", "integer", "minimum", 1, "maximum", 10,
                                                "description", "Tries on 429, 5xx and connection errors, the first included (default 3).")))))));
        props.put("parameters", map("type", "object", "propertyNames", map("pattern", NAME_PATTERN), "additionalProperties", ref("parameter")));
        props.put("env", map("type", "array", "items", map("type", "string", "pattern", "^[A-Za-z_][A-Za-z0-9_]*$"),
                "description", "Environment variables the runbook reads (env.NAME); no others are visible."));
        props.put("diagnose", withDescription(ref("steps"), "Read-only investigation."));
        props.put("resolve", withDescription(ref("steps"), "Changes; each write step passes a confirmation gate."));
        props.put("verify", withDescription(ref("steps"), "Proves the fix; failure here offers rollback."));
        props.put("rollback", withDescription(ref("steps"), "Runs after the completed resolve steps are undone."));

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("title", "runbook format v1");
        root.put("description", "An executable operational runbook (see docs/format.md).");
        root.put("type", "object");
        root.put("additionalProperties", false);
        root.put("required", List.of("runbook", "title", "severity"));
        root.put("properties", props);
        root.put("definitions", defs);
        return root;
    }

    private static Map<String, Object> parameter() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", map("enum", Arrays.stream(ParamType.values()).map(ParamType::id).toList(), "default", "string"));
        props.put("required", map("type", "boolean"));
        props.put("default", map());
        props.put("description", map("type", "string"));
        props.put("enum", map("type", "array", "minItems", 1, "items", map("type", List.of("string", "number", "integer"))));
        props.put("secret", map("type", "boolean", "description", "Never printed, journaled or accepted from argv alone."));
        return map("type", List.of("object", "null"), "additionalProperties", false, "properties", props);
    }

    private static Map<String, Object> step(Catalogue catalogue) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", map("type", "string", "pattern", ID_PATTERN, "description", "Unique in the runbook."));
        props.put("title", map("type", "string"));
        props.put("uses", uses(catalogue));
        props.put("with", map("type", List.of("object", "null"), "description", "The action's arguments ('runbook actions NAME')."));
        props.put("if", map("type", List.of("string", "boolean"), "description", "An expression; false skips the step."));
        props.put("needs", map("oneOf", List.of(map("type", "string", "pattern", ID_PATTERN),
                map("type", "array", "items", map("type", "string", "pattern", ID_PATTERN))),
                "description", "Steps this one waits for; default: the previous step of the phase. [] runs independently."));
        props.put("timeout", ref("duration"));
        props.put("retry", map("type", "object", "additionalProperties", false, "properties", map(
                "attempts", map("type", "integer", "minimum", 1, "maximum", 1000),
                "delay", ref("duration"),
                "backoff", map("type", "number", "minimum", 1, "maximum", 10))));
        props.put("onFailure", map("enum", Arrays.stream(OnFailure.values()).map(OnFailure::id).toList()));
        props.put("confirm", map("type", "string", "description", "Extra words shown at the gate."));
        props.put("effect", map("enum", Arrays.stream(Effect.values()).map(Effect::id).toList(),
                "description", "For shell and manual; other actions may only be raised."));
        props.put("undo", ref("undo"));
        props.put("outputs", map("type", "object", "propertyNames", map("pattern", NAME_PATTERN), "additionalProperties", map("type", "string")));
        Map<String, Object> s = map("type", "object", "additionalProperties", false, "required", List.of("id", "uses"), "properties", props);
        List<Object> rules = withRules(catalogue);
        if (!rules.isEmpty()) s.put("allOf", rules);
        return s;
    }

    /** A step's shape less id, needs, undo, onFailure and outputs, with the same definitions as the step's fields. */
    private static Map<String, Object> undo(Catalogue catalogue) {
        @SuppressWarnings("unchecked")
        Map<String, Object> stepProps = (Map<String, Object>) step(catalogue).get("properties");
        Map<String, Object> props = new LinkedHashMap<>();
        for (String f : List.of("title", "uses", "with", "if", "timeout", "retry", "confirm", "effect")) props.put(f, stepProps.get(f));
        Map<String, Object> u = map("type", "object", "additionalProperties", false, "required", List.of("uses"),
                "description", "A compensating step (a step without id, needs, onFailure and outputs), run in reverse order during rollback.",
                "properties", props);
        List<Object> rules = withRules(catalogue);
        if (!rules.isEmpty()) u.put("allOf", rules);
        return u;
    }

    private static Map<String, Object> uses(Catalogue catalogue) {
        Map<String, Object> u = map("type", "string", "description", "An action from the catalogue ('runbook actions').");
        if (!catalogue.names().isEmpty()) u.put("enum", catalogue.names());
        return u;
    }

    private static List<Object> withRules(Catalogue catalogue) {
        List<Object> rules = new ArrayList<>();
        for (ActionSpec a : catalogue.specs()) {
            rules.add(map("if", map("properties", map("uses", map("const", a.name())), "required", List.of("uses")),
                    "then", map("properties", map("with", ref("with:" + a.name())))));
        }
        return rules;
    }

    private static Map<String, Object> with(ActionSpec a) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (ParamSpec p : a.parameters()) {
            Map<String, Object> s = value(p);
            String d = p.description() == null ? "" : p.description();
            s.put("description", d + (p.defaultValue() != null ? " (default: " + p.defaultValue() + ")" : ""));
            props.put(p.name(), s);
            if (p.required() && p.defaultValue() == null) required.add(p.name());
        }
        Map<String, Object> w = map("type", List.of("object", "null"), "additionalProperties", false, "properties", props,
                "description", a.name() + " (" + a.effect().id() + "): " + a.description());
        if (!required.isEmpty()) w.put("required", required);
        return w;
    }

    /** The schema of one argument: its type, or a ${...} template (typed by validate). */
    private static Map<String, Object> value(ParamSpec p) {
        if (!p.allowed().isEmpty()) return map("anyOf", List.of(map("enum", p.allowed()), ref("template")));
        return switch (p.type()) {
            case STRING, URL -> map("type", "string");
            case DURATION -> map("anyOf", List.of(ref("duration"), ref("template")));
            case INT -> map("anyOf", List.of(map("type", "integer"), ref("template")));
            case NUMBER -> map("anyOf", List.of(map("type", "number"), ref("template")));
            case BOOL -> map("anyOf", List.of(map("type", "boolean"), ref("template")));
            case LIST -> map("anyOf", List.of(map("type", "array"), ref("template")));
            case MAP -> map("anyOf", List.of(map("type", "object"), ref("template")));
            case ANY -> map();
        };
    }

    private static Map<String, Object> withDescription(Map<String, Object> m, String d) {
        m.put("description", d);
        return m;
    }

    private static Map<String, Object> ref(String def) {
        return map("$ref", "#/definitions/" + def);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
