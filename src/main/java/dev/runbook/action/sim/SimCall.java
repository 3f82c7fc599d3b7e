package dev.runbook.action.sim;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.OutputSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** One plan or execute call as a behaviour sees it. {@code counted} is true for executions (they count as calls). */
public record SimCall(ActionSpec spec, Args args, ActionContext ctx, SimWorld world, SimOverride override, boolean counted) {

    public Map<String, Object> read(ResourceId id) {
        return world.read(id, counted).orElse(null);
    }

    /** A permanent failure shaped like the cloud's answer for a missing resource, with a hint for the scenario author. */
    public ActionException notFound(ResourceId id) {
        return ActionException.permanent(id.kind() + " '" + id.name() + "' was not found (simulated: the scenario has no resource "
                + id + ")", "add it under resources: in the scenario if the runbook expects it to exist");
    }

    /** Outputs named in the spec, taken from {@code props} (coerced to the declared type) or typed defaults. */
    public Map<String, Object> outputsFrom(Map<String, Object> props) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OutputSpec o : spec.outputs()) {
            Object v = props == null ? null : props.get(o.name());
            out.put(o.name(), v == null ? Values.typedDefault(o.type()) : Values.coerce(v, o.type()));
        }
        return out;
    }

    /** The {@code before} fields of the spec from {@code props}; absent ones are left out. */
    public Map<String, Object> beforeFrom(Map<String, Object> props) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (props == null) return out;
        for (OutputSpec b : spec.before()) {
            if (props.containsKey(b.name())) out.put(b.name(), Values.coerce(props.get(b.name()), b.type()));
        }
        return out;
    }

    /** The resource's properties; a permanent not-found failure when the scenario has no such resource. */
    public Map<String, Object> require(ResourceId id) throws ActionException {
        Map<String, Object> props = read(id);
        if (props == null) throw notFound(id);
        return props;
    }

    /** A read-only plan: what the step would do, predicting outputs from the current state. */
    public dev.runbook.action.Plan readPlan(String summary, Map<String, Object> predicted) {
        return new dev.runbook.action.Plan(summary, Map.of(), Map.of(), null, predicted, java.util.List.of());
    }

    public String who() {
        if (ctx == null) return spec.name();
        return (world.hasSucceeded(ctx.stepId()) ? "undo of " : "") + ctx.stepId() + " (" + spec.name() + ")";
    }
}
