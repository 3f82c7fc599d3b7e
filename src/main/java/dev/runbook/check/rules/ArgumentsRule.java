package dev.runbook.check.rules;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.ParamSpec;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.ExpressionAnalyzer;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.check.Scopes;
import dev.runbook.expr.Type;
import dev.runbook.model.Durations;
import dev.runbook.model.Names;
import dev.runbook.model.Node;
import dev.runbook.model.ParamType;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import dev.runbook.check.LeadingZero;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * RB022-RB025: {@code with:} arguments against the action's declared parameters: no unknown names, every
 * required one present, literal values of the right type and among the allowed values. A value that is
 * exactly one {@code ${...}} is typed by its expression; any other template renders a string.
 */
public final class ArgumentsRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.UNKNOWN_ARGUMENT, Code.MISSING_ARGUMENT, Code.ARGUMENT_TYPE, Code.ARGUMENT_VALUE, Code.LEADING_ZERO);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        ExpressionAnalyzer analyzer = ctx.analyzer();
        for (Step s : ctx.runbook().allSteps()) {
            // a malformed with: is reported by the parser; checking its arguments would only repeat that
            if (s.with() == null && s.fieldPositions().containsKey("with")) continue;
            ActionSpec spec = ctx.spec(s.uses()).orElse(null);
            if (spec != null) check(spec, s.with(), s.at("uses"), s, Scopes.Where.STEP, analyzer, report);
            if (s.undo() != null) {
                ActionSpec undo = ctx.spec(s.undo().uses()).orElse(null);
                if (undo != null) check(undo, s.undo().with(), s.undo().pos(), s, Scopes.Where.UNDO, analyzer, report);
            }
        }
    }

    /** Names the checked step or undo in messages; built only when there is something to say. */
    private static String what(Step step, Scopes.Where where) {
        return where == Scopes.Where.UNDO ? "the undo of step '" + step.id() + "'" : "step '" + step.id() + "'";
    }

    private static void check(ActionSpec spec, Node.Mapping with, SourcePosition usesPos, Step step, Scopes.Where where,
                              ExpressionAnalyzer analyzer, Consumer<Diagnostic> report) {
        Map<String, Node> args = with == null ? Map.of() : with.entries();
        for (Map.Entry<String, Node> e : args.entrySet()) {
            Optional<ParamSpec> p = spec.parameter(e.getKey());
            if (p.isEmpty()) {
                List<String> names = new ArrayList<>(spec.parameters().size());
                for (ParamSpec ps : spec.parameters()) names.add(ps.name());
                report.accept(Diagnostic.of(Code.UNKNOWN_ARGUMENT, with.keyPos(e.getKey()),
                        spec.name() + " has no argument '" + e.getKey() + "' (" + what(step, where) + ")",
                        Names.closest(e.getKey(), names).map(c -> "did you mean '" + c + "'?")
                                .orElse(names.isEmpty() ? spec.name() + " takes no arguments" : "its arguments are: " + String.join(", ", names))));
                continue;
            }
            value(spec, p.get(), e.getValue(), step, where, analyzer, report);
        }
        for (ParamSpec p : spec.parameters()) {
            if (p.required() && p.defaultValue() == null && !args.containsKey(p.name())) {
                report.accept(Diagnostic.of(Code.MISSING_ARGUMENT, with != null ? with.pos() : usesPos,
                        what(step, where) + " does not set the required argument '" + p.name() + "' of " + spec.name(),
                        "add '" + p.name() + ":' (" + p.type().id() + (p.description() == null || p.description().isBlank() ? "" : ", " + p.description()) + ") under with:"));
            }
        }
    }

    private static String arg(ActionSpec spec, ParamSpec p, Step step, Scopes.Where where) {
        return "argument '" + p.name() + "' of " + spec.name() + " (" + what(step, where) + ")";
    }

    private static void value(ActionSpec spec, ParamSpec p, Node v, Step step, Scopes.Where where,
                              ExpressionAnalyzer analyzer, Consumer<Diagnostic> report) {
        if (v instanceof Node.Scalar s && s.value() instanceof String str && str.contains("${")) {
            ExpressionAnalyzer.Analysis a = analyzer.template(str, step, where);
            Optional<Type> t = a.type();
            if (t.isPresent() && !compatible(p.type(), t.get())) {
                boolean single = a.singleExpression();
                report.accept(Diagnostic.of(Code.ARGUMENT_TYPE, v.pos(), arg(spec, p, step, where) + " must be " + describe(p.type())
                                + ", but " + (single ? "the expression gives " + t.get() : "the template renders a string"),
                        single ? null : "write the value as a single ${...} expression"));
            }
            return;
        }
        Err err = literalError(p.type(), v);
        if (err != null) report.accept(Diagnostic.of(Code.ARGUMENT_TYPE, v.pos(), arg(spec, p, step, where) + " " + err.message, err.hint));
        if ((p.type() == ParamType.INT || p.type() == ParamType.NUMBER) && v instanceof Node.Scalar s) {
            LeadingZero.check(s, arg(spec, p, step, where)).ifPresent(report);
        }
        if (!p.allowed().isEmpty() && v instanceof Node.Scalar s && s.value() != null && !p.allowed().contains(s.text())) {
            String given = s.text();
            report.accept(Diagnostic.of(Code.ARGUMENT_VALUE, v.pos(), arg(spec, p, step, where) + " must be one of " + String.join(", ", p.allowed()) + ", found '" + given + "'",
                    Names.closest(given, p.allowed()).map(c -> "did you mean '" + c + "'?").orElse(null)));
        }
    }

    private record Err(String message, String hint) {}

    /** Why a literal value is not of the parameter's type, or null when it is (the common case allocates nothing). */
    private static Err literalError(ParamType type, Node v) {
        if (v instanceof Node.Scalar s && s.value() == null) return new Err("has no value", "give it a value or remove it");
        Object val = v instanceof Node.Scalar s ? s.value() : null;
        return switch (type) {
            case ANY -> null;
            // any scalar is text as written: the engine passes a string argument its exact source text (012345670123)
            case STRING -> v instanceof Node.Scalar ? null : new Err("must be a string, found " + found(v), null);
            case URL -> val instanceof String u && (ParameterRule.isUrl(u)) ? null
                    : new Err("must be an absolute URL like https://host/path, found " + found(v), null);
            case DURATION -> val instanceof String d && Durations.parse(d).isPresent() ? null
                    : new Err("must be a duration like 30s or 5m, found " + found(v),
                            val instanceof Long n ? "add a unit: " + n + "s" : null);
            case INT -> val instanceof Long ? null
                    : new Err("must be a whole number, found " + found(v), val instanceof String t && t.matches("-?\\d+") ? "remove the quotes" : null);
            case NUMBER -> val instanceof Number ? null
                    : new Err("must be a number, found " + found(v), val instanceof String t && t.matches("-?\\d+(\\.\\d+)?") ? "remove the quotes" : null);
            case BOOL -> val instanceof Boolean ? null
                    : new Err("must be true or false, found " + found(v), null);
            case LIST -> v instanceof Node.Sequence ? null
                    : new Err("must be a list, found " + found(v), "write [a, b] or one '- item' per line");
            case MAP -> v instanceof Node.Mapping ? null
                    : new Err("must be a mapping, found " + found(v), "write { key: value }");
        };
    }

    static boolean compatible(ParamType p, Type t) {
        if (t.equals(Type.DYN) || p == ParamType.ANY) return true;
        return switch (p) {
            case STRING, URL, DURATION -> t instanceof Type.Prim prim && prim.kind() != Type.Kind.NULL;
            case INT -> t.equals(Type.INT);
            case NUMBER -> t.equals(Type.INT) || t.equals(Type.DOUBLE);
            case BOOL -> t.equals(Type.BOOL);
            case LIST -> t instanceof Type.ListOf;
            case MAP -> t instanceof Type.MapOf || t instanceof Type.Obj;
            case ANY -> true;
        };
    }

    private static String describe(ParamType t) {
        return switch (t) {
            case STRING -> "a string";
            case URL -> "a URL";
            case DURATION -> "a duration";
            case INT -> "a whole number";
            case NUMBER -> "a number";
            case BOOL -> "true or false";
            case LIST -> "a list";
            case MAP -> "a mapping";
            case ANY -> "a value";
        };
    }

    private static String found(Node v) {
        if (v instanceof Node.Mapping) return "a mapping";
        if (v instanceof Node.Sequence) return "a list";
        Object val = ((Node.Scalar) v).value();
        return val instanceof String s ? "'" + s + "'" : String.valueOf(val);
    }
}
