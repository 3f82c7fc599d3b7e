package dev.runbook.engine;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.OutputSpec;
import dev.runbook.action.ParamSpec;
import dev.runbook.action.Plan;
import dev.runbook.model.ParamType;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.model.UndoStep;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What expressions see ({@code params}, {@code steps}, {@code run}, {@code env}) and everything rendered from it:
 * a step's arguments, its undo's arguments, its confirm text, its computed outputs and a dry run's predictions.
 */
final class RunScope {
    private final RunRequest req;
    private final Runbook rb;
    private final RunLedger ledger;
    private final Map<String, String> environment;
    private final Evaluator eval;
    private final Set<String> tainted;
    private final Set<String> stepIds;

    RunScope(RunRequest req, RunLedger ledger, Map<String, String> environment, Evaluator eval, Set<String> tainted) {
        this.req = req;
        this.rb = req.runbook();
        this.ledger = ledger;
        this.environment = environment;
        this.eval = eval;
        this.tainted = tainted;
        Set<String> ids = new LinkedHashSet<>();
        for (Step s : rb.allSteps()) ids.add(s.id());
        this.stepIds = Collections.unmodifiableSet(ids);
    }

    Evaluator eval() {
        return eval;
    }

    Map<String, Object> scope() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", req.runId());
        run.put("dryRun", req.mode().dry());
        run.put("mode", req.mode().id());
        run.put("incident", req.incident() == null ? "" : req.incident());
        Map<String, Object> env = new LinkedHashMap<>();
        for (String name : rb.env()) {
            String v = environment.get(name);
            if (v != null) env.put(name, v);
        }
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("params", Plain.normalizeMap(req.params()));
        scope.put("steps", new StepsView(null, null));
        scope.put("run", run);
        scope.put("env", env);
        return scope;
    }

    /** The step's {@code with:} rendered, with the action's defaults for what it leaves out. */
    Map<String, Object> args(Step s, ActionSpec spec) throws Evaluator.Failure {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.with() != null) out.putAll(Plain.exactStrings(spec, s.with(), asMap(eval.renderNode(s.with(), scope(), "with"))));
        withDefaults(out, spec);
        return out;
    }

    /** The {@code undo:} block's {@code with:} rendered (defaults are added once its action is known). */
    Map<String, Object> undoArgs(UndoStep u) throws Evaluator.Failure {
        return u.with() == null ? new LinkedHashMap<>() : Plain.normalizeMap(asMap(eval.renderNode(u.with(), scope(), "undo.with")));
    }

    static void withDefaults(Map<String, Object> args, ActionSpec spec) {
        for (ParamSpec p : spec.parameters()) {
            if (!args.containsKey(p.name()) && p.defaultValue() != null) args.put(p.name(), Plain.normalize(p.defaultValue()));
        }
    }

    String confirmText(Step s) {
        return rendered(s.confirm(), "confirm:");
    }

    /** The undo's own {@code confirm:} words, rendered; null when it has none. */
    String undoConfirmText(UndoStep u) {
        return u == null ? null : rendered(u.confirm(), "undo.confirm:");
    }

    private String rendered(String text, String where) {
        if (text == null) return null;
        try {
            Object v = eval.render(text, scope(), where);
            return v == null ? null : String.valueOf(v);
        } catch (Evaluator.Failure f) {
            return text;
        }
    }

    /**
     * Taint follows data: when a step's arguments read a secret (other than those the action only hands on, such as a
     * password), or its outputs contain one, every output of the step is secret: its strings are registered, and
     * expressions that read them are secret in turn. Numbers and booleans are never registered.
     */
    void taint(Step s, ActionSpec spec, Map<String, Object> outs, dev.runbook.secret.Redactor redactor) throws Evaluator.Failure {
        boolean secretIn = false;
        if (s.with() != null) {
            for (var e : s.with().entries().entrySet()) {
                if (!spec.consumes().contains(e.getKey()) && eval.readsSecret(e.getValue(), "with." + e.getKey())) {
                    secretIn = true;
                    break;
                }
            }
        }
        if (!secretIn && !redactor.containsSecretIn(outs)) return;
        for (String k : outs.keySet()) tainted.add(s.id() + "." + k);
        redactor.addStrings(outs);
    }

    /** The step's {@code outputs:} expressions, evaluated with the step itself already succeeded. */
    Map<String, Object> computedOutputs(Step s, Map<String, Object> actionOutputs, Plan plan) throws Evaluator.Failure {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.outputs().isEmpty()) return out;
        Map<String, Object> scope = scope();
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("status", "succeeded");
        self.put("outputs", actionOutputs);
        self.put("before", plan == null ? Map.of() : plan.before());
        self.put("failed", false);
        self.put("skipped", false);
        // the step itself as succeeded, every other step as it is: no copy of all steps (quadratic over a run)
        scope.put("steps", new StepsView(s.id(), self));
        for (var e : s.outputs().entrySet()) {
            if (eval.readsSecret(e.getValue(), "outputs." + e.getKey())) tainted.add(s.id() + "." + e.getKey());
            out.put(e.getKey(), eval.expression(e.getValue(), scope, "outputs." + e.getKey()));
        }
        return out;
    }

    /** A dry run's stand-in outputs: the plan's predictions, else a placeholder per declared output. */
    static Map<String, Object> predicted(Step s, ActionSpec spec, Plan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OutputSpec os : spec.outputs()) {
            Object v = plan != null && plan.predictedOutputs().containsKey(os.name())
                    ? Plain.normalize(plan.predictedOutputs().get(os.name())) : Plain.placeholder(s.id(), os);
            out.put(os.name(), v);
        }
        if (plan != null) plan.predictedOutputs().forEach((k, v) -> out.putIfAbsent(k, Plain.normalize(v)));
        for (String k : s.outputs().keySet()) out.putIfAbsent(k, Plain.placeholder(s.id(), k, ParamType.ANY));
        return out;
    }

    /**
     * The stand-in outputs of a read a dry run could not do: a typed placeholder per declared output, text ones saying
     * they are unknown until run. Nothing reads them to decide: the steps that use them are planned, not run.
     */
    static Map<String, Object> unknown(Step s, ActionSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OutputSpec os : spec.outputs()) {
            Object v = Plain.placeholder(s.id(), os);
            out.put(os.name(), v instanceof String ? StepRunner.UNKNOWN : v);
        }
        for (String k : s.outputs().keySet()) out.putIfAbsent(k, StepRunner.UNKNOWN);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return new LinkedHashMap<>((Map<String, Object>) o);
    }

    /** The state of one step as expressions see it ({@code steps.<id>.*}). */
    private Map<String, Object> stepScope(String id) {
        StepState st = ledger.get(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", st == null ? "pending" : st.status().id());
        m.put("outputs", st == null ? Map.of() : st.outputs());
        m.put("before", st == null ? Map.of() : st.before());
        m.put("failed", st != null && st.status() == dev.runbook.journal.StepStatus.FAILED);
        m.put("skipped", st != null && st.status() == dev.runbook.journal.StepStatus.SKIPPED);
        return m;
    }

    /**
     * {@code steps} in the expression scope, built per lookup: an expression reads a handful of steps, and copying
     * every step's state for every evaluation made a run quadratic in its step count.
     */
    private final class StepsView extends AbstractMap<String, Object> {
        private final String selfId;
        private final Map<String, Object> self;

        StepsView(String selfId, Map<String, Object> self) {
            this.selfId = selfId;
            this.self = self;
        }

        @Override
        public Object get(Object key) {
            if (selfId != null && selfId.equals(key)) return self;
            return key instanceof String id && stepIds.contains(id) ? stepScope(id) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String id && stepIds.contains(id);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String id : stepIds) all.put(id, get(id));
            return all.entrySet();
        }
    }
}
