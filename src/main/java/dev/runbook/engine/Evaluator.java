package dev.runbook.engine;

import dev.runbook.expr.Expr;
import dev.runbook.expr.ExprException;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.model.Node;
import dev.runbook.secret.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates templates and expressions over the run's scope and tracks secrets through them: any value rendered
 * from a template that reads a secret parameter (or an output derived from one) is registered with the redactor.
 */
final class Evaluator {
    private final Set<String> secretParams;
    private final Set<String> taintedOutputs;
    private final Redactor redactor;
    private final Map<String, Template> templates = new ConcurrentHashMap<>();
    private final Map<String, Expr> exprs = new ConcurrentHashMap<>();

    /** An evaluation failure naming what was evaluated; the message is redacted later. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String hint;

        Failure(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        String hint() {
            return hint;
        }
    }

    Evaluator(Set<String> secretParams, Set<String> taintedOutputs, Redactor redactor) {
        this.secretParams = Set.copyOf(secretParams);
        this.taintedOutputs = taintedOutputs;
        this.redactor = redactor;
    }

    /** A string value: a template when it holds ${...}, else the literal text. */
    Object render(String text, Map<String, Object> scope, String where) throws Failure {
        if (text == null || !text.contains("${")) return text;
        Template t = template(text, where);
        Object v;
        try {
            v = Plain.normalize(t.render(scope));
        } catch (ExprException e) {
            throw failure(where, text, e);
        }
        if (tainted(t.references())) markSecret(v);
        return v;
    }

    /** {@code if:} or a computed output: an expression, or a template when written as ${...}. */
    Object expression(String text, Map<String, Object> scope, String where) throws Failure {
        if (text.contains("${")) return render(text, scope, where);
        Expr e = expr(text, where);
        Object v;
        try {
            v = Plain.normalize(e.evaluate(scope));
        } catch (ExprException ex) {
            throw failure(where, text, ex);
        }
        if (tainted(e.references())) markSecret(v);
        return v;
    }

    /** True when evaluating {@code text} reads a secret (so its value must be treated as one). */
    boolean readsSecret(String text, String where) throws Failure {
        return text != null && tainted(references(text, where));
    }

    /** True when rendering {@code node} reads a secret. */
    boolean readsSecret(Node node, String where) throws Failure {
        if (node instanceof Node.Scalar s) return s.value() instanceof String str && str.contains("${") && readsSecret(str, where);
        if (node instanceof Node.Mapping m) {
            for (var e : m.entries().entrySet()) {
                if (readsSecret(e.getValue(), where + "." + e.getKey())) return true;
            }
        } else if (node instanceof Node.Sequence q) {
            for (Node n : q.items()) {
                if (readsSecret(n, where)) return true;
            }
        }
        return false;
    }

    Object renderNode(Node node, Map<String, Object> scope, String where) throws Failure {
        if (node instanceof Node.Scalar s) {
            return s.value() instanceof String str ? render(str, scope, where) : s.value();
        }
        if (node instanceof Node.Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : m.entries().entrySet()) out.put(e.getKey(), renderNode(e.getValue(), scope, where + "." + e.getKey()));
            return out;
        }
        List<Object> out = new ArrayList<>();
        List<Node> items = ((Node.Sequence) node).items();
        for (int i = 0; i < items.size(); i++) out.add(renderNode(items.get(i), scope, where + "[" + i + "]"));
        return out;
    }

    /** Ids of the steps a string (template or expression) reads. */
    Set<String> stepsRead(String text, String where) throws Failure {
        Set<String> ids = new LinkedHashSet<>();
        if (text == null) return ids;
        for (Reference r : references(text, where)) {
            if (r.root().equals("steps") && r.path().size() > 1) ids.add(r.path().get(1));
        }
        return ids;
    }

    Set<String> stepsRead(Node node, String where) throws Failure {
        Set<String> ids = new LinkedHashSet<>();
        if (node instanceof Node.Scalar s) {
            if (s.value() instanceof String str && str.contains("${")) ids.addAll(stepsRead(str, where));
        } else if (node instanceof Node.Mapping m) {
            for (Node n : m.entries().values()) ids.addAll(stepsRead(n, where));
        } else if (node instanceof Node.Sequence q) {
            for (Node n : q.items()) ids.addAll(stepsRead(n, where));
        }
        return ids;
    }

    private List<Reference> references(String text, String where) throws Failure {
        return text.contains("${") ? template(text, where).references() : expr(text, where).references();
    }

    private boolean tainted(List<Reference> refs) {
        for (Reference r : refs) {
            List<String> p = r.path();
            if (p.get(0).equals("params") && (p.size() == 1 || secretParams.contains(p.get(1)))) {
                if (p.size() == 1 && secretParams.isEmpty()) continue;
                return true;
            }
            if (p.get(0).equals("steps")) {
                // steps, steps.x and steps.x.outputs hold every output of x: secret if any of them is
                if (p.size() == 1) {
                    if (!taintedOutputs.isEmpty()) return true;
                } else if (p.size() == 2 || (p.size() == 3 && p.get(2).equals("outputs"))) {
                    String step = p.get(1);
                    if (taintedOutputs.stream().anyMatch(t -> t.startsWith(step + "."))) return true;
                } else if (p.get(2).equals("outputs") && taintedOutputs.contains(p.get(1) + "." + p.get(3))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Registers the strings of a value computed from a secret; numbers and booleans never (they would mask digits). */
    private void markSecret(Object v) {
        redactor.addStrings(v);
    }

    private Template template(String text, String where) throws Failure {
        Template t = templates.get(text);
        if (t != null) return t;
        try {
            t = Template.parse(text);
        } catch (ExprException e) {
            throw failure(where, text, e);
        }
        templates.put(text, t);
        return t;
    }

    private Expr expr(String text, String where) throws Failure {
        Expr e = exprs.get(text);
        if (e != null) return e;
        try {
            e = Expr.parse(text);
        } catch (ExprException ex) {
            throw failure(where, text, ex);
        }
        exprs.put(text, e);
        return e;
    }

    private static Failure failure(String where, String text, ExprException e) {
        return new Failure(where + ": " + e.getMessage() + " (in '" + text + "' at offset " + e.offset() + ")", e.hint());
    }
}
