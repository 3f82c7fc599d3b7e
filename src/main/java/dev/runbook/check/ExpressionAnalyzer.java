package dev.runbook.check;

import dev.runbook.expr.Expr;
import dev.runbook.expr.ExprException;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.expr.Type;
import dev.runbook.model.Names;
import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses and type-checks one expression or template in the scope of a step. References are resolved
 * first, so the common mistakes get precise messages (an undeclared parameter, a misspelt step, a step
 * that runs later) rather than a generic type error.
 */
public final class ExpressionAnalyzer {
    private static final List<String> STEP_FIELDS = List.of("outputs", "before", "failed", "skipped", "status");
    private static final List<String> ROOTS = List.of("params", "steps", "run", "env");
    private static final List<String> RUN_FIELDS = List.of("id", "dryRun", "mode", "incident");

    /** A problem at {@code offset} characters into the expression text. */
    public record Problem(Code code, int offset, String message, String hint) {}

    /** The result type (empty when there were problems) and the problems. */
    public record Analysis(Optional<Type> type, List<Problem> problems, List<Reference> references, boolean singleExpression) {}

    private final Runbook runbook;
    private final Scopes scopes;
    /** Analyses of templates already seen, per step and place: the argument and expression rules read the same ones. */
    private final Map<TemplateKey, Analysis> templates = new HashMap<>();
    /** Analyses of this runbook's templates that read no step, by text: ${params.app} is written in many steps. */
    private final Map<String, Analysis> stepFree = new HashMap<>();

    /** Steps compare by identity here: a record's equals would walk its whole with: tree. */
    private record TemplateKey(String text, Step step, Scopes.Where where) {
        @Override
        public boolean equals(Object o) {
            return o instanceof TemplateKey k && k.step == step && k.where == where && k.text.equals(text);
        }

        @Override
        public int hashCode() {
            return (text.hashCode() * 31 + System.identityHashCode(step)) * 31 + where.hashCode();
        }
    }

    public ExpressionAnalyzer(Runbook runbook, Scopes scopes) {
        this.runbook = runbook;
        this.scopes = scopes;
    }

    /** A {@code ${...}} template (with: values, confirm, outputs). */
    public Analysis template(String text, Step step, Scopes.Where where) {
        Analysis known = stepFree.get(text);
        if (known != null) return known;
        TemplateKey key = new TemplateKey(text, step, where);
        known = templates.get(key);
        if (known == null) {
            Template t;
            try {
                t = Template.parse(text);
            } catch (ExprException e) {
                known = failed(new Problem(Code.EXPR_SYNTAX, e.offset(), "expression syntax: " + e.getMessage(), e.hint()));
                stepFree.put(text, known);
                return known;
            }
            known = analyzeTemplate(t, step, where);
            if (readsSteps(known.references())) templates.put(key, known);
            else stepFree.put(text, known);
        }
        return known;
    }

    /**
     * Whether a template names {@code steps}. One that does not (only params, env, run) has the same analysis
     * in every step and place: the scopes differ only in {@code steps}, and every name an expression reads
     * that is not a comprehension variable is a reference.
     */
    private static boolean readsSteps(List<Reference> refs) {
        for (Reference r : refs) if (r.root().equals("steps")) return true;
        return false;
    }

    private Analysis analyzeTemplate(Template t, Step step, Scopes.Where where) {
        List<Reference> refs = t.references();
        boolean single = t.isSingleExpression();
        List<Problem> problems = references(refs, step, where);
        if (!problems.isEmpty()) return new Analysis(Optional.empty(), problems, refs, single);
        try {
            return new Analysis(Optional.of(t.check(scopes.scope(step, where))), List.of(), refs, single);
        } catch (ExprException e) {
            return new Analysis(Optional.empty(), List.of(new Problem(Code.EXPR_TYPE, e.offset(), e.getMessage(), e.hint())), refs, single);
        }
    }

    /**
     * A template that may read params, run and env but no step: an escalation's {@code notify:}, which is rendered
     * when its threshold passes, possibly before the first step. A step read is an RB064 problem.
     */
    public Analysis stepFreeTemplate(String text) {
        Template t;
        try {
            t = Template.parse(text);
        } catch (ExprException e) {
            return failed(new Problem(Code.EXPR_SYNTAX, e.offset(), "expression syntax: " + e.getMessage(), e.hint()));
        }
        List<Reference> refs = t.references();
        List<Problem> problems = new ArrayList<>();
        List<Reference> others = new ArrayList<>();
        for (Reference r : refs) {
            if (r.root().equals("steps")) {
                problems.add(new Problem(Code.ESCALATION_NOTIFY, r.offset(), "an escalation's notify: cannot read steps: its threshold can pass"
                        + " before any step has run", "use params, run (run.id, run.mode, run.incident) and env only"));
            } else {
                others.add(r);
            }
        }
        problems.addAll(references(others, null, Scopes.Where.STEP));
        if (!problems.isEmpty()) return new Analysis(Optional.empty(), problems, refs, t.isSingleExpression());
        try {
            return new Analysis(Optional.of(t.check(scopes.stepFree())), List.of(), refs, t.isSingleExpression());
        } catch (ExprException e) {
            return new Analysis(Optional.empty(), List.of(new Problem(Code.EXPR_TYPE, e.offset(), e.getMessage(), e.hint())), refs, t.isSingleExpression());
        }
    }

    /** An {@code if:} condition; {@code ${...}} around the whole condition is accepted too. */
    public Analysis condition(String text, Step step) {
        return condition(text, step, Scopes.Where.STEP);
    }

    /** An {@code if:} condition of the step or (with {@link Scopes.Where#UNDO}) of its undo. */
    public Analysis condition(String text, Step step, Scopes.Where where) {
        String source = text;
        int shift = 0;
        String trimmed = text.strip();
        if (trimmed.startsWith("${") && trimmed.endsWith("}") && trimmed.indexOf("${", 2) < 0) {
            shift = text.indexOf("${") + 2;
            source = text.substring(shift, text.lastIndexOf('}'));
        }
        Expr e;
        try {
            e = Expr.parse(source);
        } catch (ExprException x) {
            return failed(new Problem(Code.EXPR_SYNTAX, x.offset() + shift, "expression syntax: " + x.getMessage(), x.hint()));
        }
        List<Reference> refs = shifted(e.references(), shift);
        List<Problem> problems = references(refs, step, where);
        if (!problems.isEmpty()) return new Analysis(Optional.empty(), problems, refs, true);
        Type type;
        try {
            type = e.check(scopes.scope(step, where));
        } catch (ExprException x) {
            return new Analysis(Optional.empty(), List.of(new Problem(Code.EXPR_TYPE, x.offset() + shift, x.getMessage(), x.hint())), refs, true);
        }
        if (!type.equals(Type.BOOL) && !type.equals(Type.DYN)) {
            return new Analysis(Optional.empty(), List.of(new Problem(Code.IF_NOT_BOOL, shift,
                    "'if' of " + (where == Scopes.Where.UNDO ? "the undo of " : "") + "step '" + step.id() + "' must be true or false, but the expression gives " + type,
                    "compare it, e.g. steps.app.outputs.state == 'Running'")), refs, true);
        }
        return new Analysis(Optional.of(type), List.of(), refs, true);
    }

    /** The position of {@code offset} in a scalar that starts at {@code base}; multi-line text maps to its start. */
    public static SourcePosition at(SourcePosition base, String text, int offset) {
        if (offset < 0 || text.indexOf('\n') >= 0 || offset > text.length()) return base;
        return new SourcePosition(base.file(), base.line(), base.column() + offset);
    }

    private List<Problem> references(List<Reference> refs, Step step, Scopes.Where where) {
        List<Problem> out = new ArrayList<>();
        for (Reference r : refs) {
            List<String> p = r.path();
            switch (r.root()) {
                case "params" -> {
                    if (p.size() >= 2 && !runbook.parameters().containsKey(p.get(1))) {
                        out.add(new Problem(Code.UNKNOWN_PARAM, r.offset(), "unknown parameter '" + p.get(1) + "'",
                                Names.closest(p.get(1), runbook.parameters().keySet()).map(c -> "did you mean 'params." + c + "'?")
                                        .orElse("declare it under 'parameters:'")));
                    }
                }
                case "env" -> {
                    if (p.size() >= 2 && !runbook.env().contains(p.get(1))) {
                        out.add(new Problem(Code.UNKNOWN_ENV, r.offset(), "environment variable '" + p.get(1) + "' is not declared",
                                "list it under 'env:' so the runbook says what it reads"));
                    }
                }
                case "run" -> {
                    if (p.size() >= 2 && !RUN_FIELDS.contains(p.get(1))) {
                        out.add(new Problem(Code.EXPR_TYPE, r.offset(), "run has no field '" + p.get(1) + "'",
                                Names.closest(p.get(1), RUN_FIELDS).map(c -> "did you mean 'run." + c + "'?")
                                        .orElse("run has " + String.join(", ", RUN_FIELDS))));
                    }
                }
                case "steps" -> {
                    Problem problem = stepReference(r, step, where).orElse(null);
                    if (problem != null) out.add(problem);
                }
                default -> out.add(new Problem(Code.EXPR_TYPE, r.offset(), "unknown name '" + r.root() + "'",
                        Names.closest(r.root(), ROOTS).map(c -> "did you mean '" + c + "'?")
                                .orElse("expressions read params, steps, run and env")));
            }
        }
        return out;
    }

    private Optional<Problem> stepReference(Reference r, Step step, Scopes.Where where) {
        List<String> p = r.path();
        if (p.size() < 2) return Optional.empty();
        String id = p.get(1);
        Optional<Step> target = scopes.graph().step(id);
        if (target.isEmpty()) {
            List<String> ids = runbook.allSteps().stream().map(Step::id).toList();
            return Optional.of(new Problem(Code.UNKNOWN_STEP, r.offset(), "unknown step '" + id + "'",
                    Names.closest(id, ids).map(c -> "did you mean 'steps." + c + "'?").orElse("steps are named by their 'id:'")));
        }
        Step t = target.get();
        if (!scopes.visible(id, step, where)) {
            return Optional.of(new Problem(Code.STEP_NOT_BEFORE, r.offset(), notBefore(t, step), hint(t, step)));
        }
        if (p.size() >= 3 && !STEP_FIELDS.contains(p.get(2))) {
            return Optional.of(new Problem(Code.EXPR_TYPE, r.offset(), "step '" + id + "' has no field '" + p.get(2) + "'",
                    Names.closest(p.get(2), STEP_FIELDS).map(c -> "did you mean '" + c + "'?")
                            .orElse("a step has outputs, before, failed, skipped and status")));
        }
        if (p.size() >= 4 && p.get(2).equals("outputs") && !scopes.hasOutput(t, p.get(3))) {
            Optional<List<String>> names = scopes.outputNames(t);
            if (names.isPresent() && !names.get().contains(p.get(3))) {
                return Optional.of(new Problem(Code.EXPR_TYPE, r.offset(),
                        "step '" + id + "' (" + t.uses() + ") has no output '" + p.get(3) + "'",
                        Names.closest(p.get(3), names.get()).map(c -> "did you mean '" + c + "'?")
                                .orElse(names.get().isEmpty() ? t.uses() + " has no outputs"
                                        : "its outputs are: " + String.join(", ", names.get()))));
            }
        }
        return Optional.empty();
    }

    private static String notBefore(Step t, Step step) {
        if (t.id().equals(step.id())) return "step '" + step.id() + "' reads its own results before it has run";
        if (t.phase() != step.phase()) {
            return "steps." + t.id() + " is in the " + t.phase().id() + " phase, which runs after " + step.phase().id();
        }
        int ti = step.phase() == t.phase() ? indexIn(t) : -1;
        int si = indexIn(step);
        if (ti > si) return "steps." + t.id() + " runs after this step";
        return "steps." + t.id() + " may run at the same time as this step (it is not among its needs)";
    }

    private static String hint(Step t, Step step) {
        if (t.id().equals(step.id())) return "read its results in a later step, or in this step's outputs:";
        if (t.phase() != step.phase()) return "move one of the steps, or read it from a step in a later phase";
        if (t.phase() == Phase.ROLLBACK || step.phase() == t.phase()) return "add '" + t.id() + "' to the needs of '" + step.id() + "'";
        return null;
    }

    private static int indexIn(Step s) {
        return s.pos().line() * 10_000 + s.pos().column();
    }

    private static List<Reference> shifted(List<Reference> refs, int shift) {
        if (shift == 0) return refs;
        return refs.stream().map(r -> new Reference(r.path(), r.offset() + shift, r.length())).toList();
    }

    private static Analysis failed(Problem p) {
        return new Analysis(Optional.empty(), List.of(p), List.of(), false);
    }
}
