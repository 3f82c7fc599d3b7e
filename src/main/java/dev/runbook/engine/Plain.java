package dev.runbook.engine;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.OutputSpec;
import dev.runbook.action.ParamSpec;
import dev.runbook.model.Node;
import dev.runbook.model.ParamType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain values as expressions see them: whole numbers are Long, fractions Double, maps keyed by String. */
final class Plain {
    private Plain() {}

    static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof java.math.BigInteger b) return b.longValue();
        if (v instanceof java.math.BigDecimal b) return b.doubleValue();
        if (v instanceof java.time.Duration d) return dev.runbook.model.Durations.format(d);
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(normalize(o));
            return out;
        }
        return v;
    }

    /**
     * A {@code string} argument written as a plain scalar YAML types otherwise ({@code account: 012345670123},
     * {@code version: 1.10}, {@code flag: true}) takes its exact source text, as the operator wrote it.
     */
    static Map<String, Object> exactStrings(ActionSpec spec, Node.Mapping with, Map<String, Object> args) {
        if (with == null) return args;
        for (ParamSpec p : spec.parameters()) {
            if (p.type() == ParamType.STRING && with.get(p.name()) instanceof Node.Scalar s && s.plain() != null && s.value() != null) {
                args.put(p.name(), s.text());
            }
        }
        return args;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> normalizeMap(Map<String, ?> m) {
        return m == null ? new LinkedHashMap<>() : (Map<String, Object>) normalize(m);
    }

    /** A value of the declared type that says where it came from, for outputs a dry run cannot know. */
    static Object placeholder(String step, OutputSpec out) {
        return placeholder(step, out.name(), out.type());
    }

    static Object placeholder(String step, String name, ParamType type) {
        return switch (type) {
            case INT -> 0L;
            case NUMBER -> 0.0;
            case BOOL -> false;
            case LIST -> List.of();
            case MAP -> Map.of();
            case DURATION -> "0s";
            case STRING, URL, ANY -> "<predicted " + step + "." + name + ">";
        };
    }
}
