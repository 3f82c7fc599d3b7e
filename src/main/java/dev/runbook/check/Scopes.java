package dev.runbook.check;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.action.OutputSpec;
import dev.runbook.expr.Type;
import dev.runbook.graph.StepGraph;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The static type of the expression scope at each place an expression can appear. {@code steps} holds only
 * the steps guaranteed to have finished: earlier phases and the step's needs, transitively. An undo (which
 * runs during rollback) and the rollback phase see every resolve step.
 */
public final class Scopes {
    /** Where an expression is written; decides which steps it may read. */
    public enum Where {
        /** {@code with:}, {@code if:}, {@code confirm:} of a step. */
        STEP,
        /** The step's own {@code outputs:}: also sees the step's action outputs. */
        OUTPUTS,
        /** The step's {@code undo:}: runs during rollback, after the step itself. */
        UNDO
    }

    private final Runbook runbook;
    private final Catalogue catalogue;
    private final StepGraph graph;
    private final Map<String, Type> stepTypes = new LinkedHashMap<>();
    // keyed by identity: a Step record's equals and hashCode walk its whole with: tree
    private final Map<Where, Map<Step, Type.Obj>> scopes = new EnumMap<>(Where.class);
    private final Type.Obj params;
    private final Type.Obj env;
    private static final Type.Obj RUN = Type.obj("run", Map.of("id", Type.STRING, "dryRun", Type.BOOL, "mode", Type.STRING, "incident", Type.STRING));

    public Scopes(Runbook runbook, Catalogue catalogue, StepGraph graph) {
        this.runbook = runbook;
        this.catalogue = catalogue;
        this.graph = graph;
        Map<String, Type> p = new LinkedHashMap<>();
        for (Parameter param : runbook.parameters().values()) p.put(param.name(), Type.of(param.type()));
        this.params = owned("parameters", p);
        Map<String, Type> e = new LinkedHashMap<>();
        for (String name : runbook.env()) e.put(name, Type.STRING);
        this.env = owned("declared environment variables", e);
        for (Where w : Where.values()) scopes.put(w, new IdentityHashMap<>());
    }

    /**
     * The scope of an expression that may run before any step has: an escalation's {@code notify:} (a threshold can
     * pass at the first step). {@code steps} is empty.
     */
    public Type.Obj stepFree() {
        Map<String, Type> root = new LinkedHashMap<>();
        root.put("params", params);
        root.put("steps", owned("steps (none: an escalation can pass before any step has run)", Map.of()));
        root.put("run", RUN);
        root.put("env", env);
        return owned("scope", root);
    }

    public StepGraph graph() {
        return graph;
    }

    /** True when {@code other}'s results are visible to an expression of {@code step} at {@code where}. */
    public boolean visible(String other, Step step, Where where) {
        if (other.equals(step.id())) return where != Where.STEP;
        Optional<Step> o = graph.step(other);
        if (o.isEmpty()) return false;
        boolean sinceRollback = where == Where.UNDO || step.phase() == Phase.ROLLBACK;
        if (sinceRollback && o.get().phase().compareTo(Phase.RESOLVE) <= 0) return true;
        return graph.isBefore(other, step.id());
    }

    /**
     * The scope of an expression of {@code step} at {@code where}, built once per step and place. Its
     * {@code steps} object answers a step by id from the graph and lists every visible step (in file order)
     * only when a message asks for the list: a long runbook would otherwise cost a map of all earlier steps
     * per expression.
     */
    public Type.Obj scope(Step step, Where where) {
        Map<Step, Type.Obj> byStep = scopes.get(where);
        Type.Obj scope = byStep.get(step);
        if (scope == null) {
            scope = build(step, where);
            byStep.put(step, scope);
        }
        return scope;
    }

    private Type.Obj build(Step step, Where where) {
        Type.Obj steps = Type.lazyObj("steps that have run before this point", id -> {
            Optional<Step> s = graph.step(id);
            return s.isPresent() && visible(id, step, where) ? stepType(s.get()) : null;
        }, () -> {
            Map<String, Type> all = new LinkedHashMap<>();
            for (Step s : runbook.allSteps()) {
                if (!all.containsKey(s.id()) && visible(s.id(), step, where)) all.put(s.id(), stepType(s));
            }
            return all;
        });
        Map<String, Type> root = new LinkedHashMap<>();
        root.put("params", params);
        root.put("steps", steps);
        root.put("run", RUN);
        root.put("env", env);
        return owned("scope", root);
    }

    public Type stepType(Step s) {
        String id = s.id();
        Type known = stepTypes.get(id);
        if (known != null) return known;
        ActionSpec spec = s.uses() == null ? null : catalogue.spec(s.uses()).orElse(null);
        Map<String, Type> fields = new LinkedHashMap<>();
        if (spec != null) {
            Map<String, Type> outs = fields(spec.outputs());
            for (String own : s.outputs().keySet()) outs.putIfAbsent(own, Type.DYN);
            fields.put("outputs", owned("outputs of step '" + id + "' (" + spec.name() + ")", outs));
            fields.put("before", owned("state step '" + id + "' read before its change", fields(spec.before())));
        } else {
            fields.put("outputs", Type.map(Type.DYN));
            fields.put("before", Type.map(Type.DYN));
        }
        fields.put("failed", Type.BOOL);
        fields.put("skipped", Type.BOOL);
        fields.put("status", Type.STRING);
        Type type = owned("step '" + id + "'", fields);
        stepTypes.put(id, type);
        return type;
    }

    /**
     * Whether {@code steps.<id>.outputs.<name>} exists: true when the action is unknown (anything may), else
     * when the action or the step's own outputs declare it. The same answer as {@link #outputNames} without
     * building the list.
     */
    public boolean hasOutput(Step s, String name) {
        ActionSpec spec = s.uses() == null ? null : catalogue.spec(s.uses()).orElse(null);
        if (spec == null || s.outputs().containsKey(name)) return true;
        for (OutputSpec o : spec.outputs()) if (o.name().equals(name)) return true;
        return false;
    }

    /** Names of everything {@code steps.<id>.outputs} holds (action outputs and the step's own), if the action is known. */
    public Optional<List<String>> outputNames(Step s) {
        Optional<ActionSpec> spec = s.uses() == null ? Optional.empty() : catalogue.spec(s.uses());
        return spec.map(sp -> {
            List<String> names = new java.util.ArrayList<>(sp.outputs().stream().map(OutputSpec::name).toList());
            for (String own : s.outputs().keySet()) if (!names.contains(own)) names.add(own);
            return names;
        });
    }

    /**
     * An object over a map built here and never changed afterwards: read in place rather than copied, as
     * {@link Type#obj} does (scopes and step types are built for every runbook checked).
     */
    private static Type.Obj owned(String description, Map<String, Type> fields) {
        return Type.lazyObj(description, fields::get, () -> fields);
    }

    private static Map<String, Type> fields(List<OutputSpec> specs) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (OutputSpec o : specs) m.put(o.name(), Type.of(o.type()));
        return m;
    }
}
