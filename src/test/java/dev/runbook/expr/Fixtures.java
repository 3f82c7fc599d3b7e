package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A realistic scope (values and static type) shared by the expression tests. */
final class Fixtures {
    private Fixtures() {}

    static Map<String, Object> scope() {
        Map<String, Object> appOutputs = new LinkedHashMap<>();
        appOutputs.put("state", "Running");
        appOutputs.put("plan", "plan-1");
        appOutputs.put("count", 3); // an Integer, as a JSON library may produce
        appOutputs.put("cpu", 0.75);
        appOutputs.put("tags", List.of("web", "prod"));
        appOutputs.put("meta", Map.of("owner", "team-a"));
        appOutputs.put("missing", null);
        Map<String, Object> app = Map.of("outputs", appOutputs, "failed", false, "skipped", false, "status", "succeeded");
        Map<String, Object> health = Map.of("outputs", Map.of("status", 503L), "failed", true, "skipped", false,
                "status", "failed");
        Map<String, Object> scaleOut = Map.of("before", Map.of("workers", 2L), "outputs", Map.of(), "failed", false,
                "skipped", false, "status", "succeeded");
        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("app", app);
        steps.put("health", health);
        steps.put("scale-out", scaleOut);
        Map<String, Object> params = new HashMap<>();
        params.put("app", "api");
        params.put("replicas", 3L);
        params.put("ratio", 1.5);
        params.put("enabled", true);
        params.put("zones", List.of("a", "b", "c"));
        params.put("sizes", List.of(1L, 2L, 3L, 4L));
        params.put("nothing", null);
        return Map.of("params", params, "steps", steps, "run", Map.of("id", "r-1", "dryRun", false),
                "env", Map.of("REGION", "westeurope"));
    }

    static Type.Obj type() {
        Type.Obj appOutputs = Type.obj("steps.app.outputs", ordered(
                "state", Type.STRING, "plan", Type.STRING, "count", Type.INT, "cpu", Type.DOUBLE,
                "tags", Type.list(Type.STRING), "meta", Type.map(Type.STRING), "missing", Type.DYN));
        Type.Obj app = step("app", appOutputs, null);
        Type.Obj health = step("health", Type.obj("steps.health.outputs", Map.of("status", Type.INT)), null);
        Type.Obj scaleOut = step("scale-out", Type.obj("steps['scale-out'].outputs", Map.of()),
                Type.obj("steps['scale-out'].before", Map.of("workers", Type.INT)));
        Type.Obj steps = Type.obj("steps", ordered("app", app, "health", health, "scale-out", scaleOut));
        Type.Obj params = Type.obj("params", ordered("app", Type.STRING, "replicas", Type.INT, "ratio", Type.DOUBLE,
                "enabled", Type.BOOL, "zones", Type.list(Type.STRING), "sizes", Type.list(Type.INT), "nothing", Type.DYN));
        Type.Obj run = Type.obj("run", ordered("id", Type.STRING, "dryRun", Type.BOOL));
        Type.Obj env = Type.obj("env", Map.of("REGION", Type.STRING));
        return Type.obj("scope", ordered("params", params, "steps", steps, "run", run, "env", env));
    }

    private static Type.Obj step(String id, Type.Obj outputs, Type.Obj before) {
        Map<String, Type> fields = ordered("outputs", outputs, "failed", Type.BOOL, "skipped", Type.BOOL,
                "status", Type.STRING);
        if (before != null) fields.put("before", before);
        return Type.obj("steps['" + id + "']", fields);
    }

    private static Map<String, Type> ordered(Object... kv) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Type) kv[i + 1]);
        return m;
    }

    static Object eval(String source) throws ExprException {
        return Expr.parse(source).evaluate(scope());
    }

    static Type check(String source) throws ExprException {
        return Expr.parse(source).check(type());
    }

    static ExprException parseError(String source) {
        ExprException e = catchThrowableOfType(ExprException.class, () -> Expr.parse(source));
        assertThat(e).as("parse error for %s", source).isNotNull();
        return e;
    }

    static ExprException evalError(String source) {
        ExprException e = catchThrowableOfType(ExprException.class, () -> eval(source));
        assertThat(e).as("evaluation error for %s", source).isNotNull();
        return e;
    }

    static ExprException checkError(String source) {
        ExprException e = catchThrowableOfType(ExprException.class, () -> check(source));
        assertThat(e).as("type error for %s", source).isNotNull();
        return e;
    }
}
