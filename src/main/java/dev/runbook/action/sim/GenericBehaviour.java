package dev.runbook.action.sim;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.OutputSpec;
import dev.runbook.action.ParamSpec;
import dev.runbook.model.ParamType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The behaviour of any action without a built-in one. Its resource kind is the action name without
 * its last part ({@code azure.redis.reboot} → {@code azure.redis}); the resource is the one whose name
 * equals one of the string arguments, else the only resource of that kind, else the one named by the
 * target or {@code name} argument. A read returns the
 * properties named like its outputs (typed defaults for the rest); a write copies the arguments named
 * like its {@code before} fields, or like existing properties, onto the resource and can be undone by
 * writing the before values back.
 */
final class GenericBehaviour extends ResourceBehaviour {
    GenericBehaviour(ActionSpec spec) {
        super(target(spec), changes(spec), false, undoArgs(spec));
    }

    static String kindOf(String action) {
        int dot = action.lastIndexOf('.');
        return dot < 0 ? action : action.substring(0, dot);
    }

    private static Target target(ActionSpec spec) {
        String kind = kindOf(spec.name());
        return call -> {
            for (ParamSpec p : spec.parameters()) {
                Object v = call.args().get(p.name());
                if (v instanceof String s && !s.isBlank() && call.world().exists(new ResourceId(kind, s))) {
                    return new ResourceId(kind, s);
                }
            }
            List<ResourceId> all = call.world().ofKind(kind);
            if (all.size() == 1) return all.get(0);
            for (String p : new String[] {spec.targetParam(), "name"}) {
                if (p != null && call.args().get(p) instanceof String s && !s.isBlank()) return new ResourceId(kind, s);
            }
            for (ParamSpec p : spec.parameters()) {
                if (p.required() && (p.type() == ParamType.STRING || p.type() == ParamType.URL)
                        && call.args().get(p.name()) instanceof String s && !s.isBlank()) {
                    return new ResourceId(kind, s);
                }
            }
            return new ResourceId(kind, "default");
        };
    }

    private static Changes changes(ActionSpec spec) {
        Set<String> before = spec.before().stream().map(OutputSpec::name).collect(Collectors.toSet());
        return (call, props) -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (ParamSpec p : spec.parameters()) {
                Object v = call.args().get(p.name());
                if (v == null) continue;
                if (before.contains(p.name()) || (props != null && props.containsKey(p.name()) && !isNameOf(v, call))) {
                    out.put(p.name(), v);
                }
            }
            return out;
        };
    }

    private static boolean isNameOf(Object v, SimCall call) {
        return v instanceof String s && call.world().exists(new ResourceId(kindOf(call.spec().name()), s));
    }

    private static Map<String, String> undoArgs(ActionSpec spec) {
        if (!spec.effect().mutates()) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (OutputSpec b : spec.before()) {
            if (spec.parameter(b.name()).isPresent()) out.put(b.name(), b.name());
        }
        return out;
    }
}
