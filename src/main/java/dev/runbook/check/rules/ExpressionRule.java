package dev.runbook.check.rules;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.ExpressionAnalyzer;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.check.Scopes;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import dev.runbook.model.UndoStep;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * RB040-RB046: every {@code ${...}} in {@code with:}, {@code confirm:}, {@code outputs:} and undo arguments,
 * and every {@code if:}, parses, reads only what exists and has run by then, and type-checks.
 */
public final class ExpressionRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.EXPR_SYNTAX, Code.UNKNOWN_PARAM, Code.UNKNOWN_STEP, Code.STEP_NOT_BEFORE, Code.EXPR_TYPE,
                Code.IF_NOT_BOOL, Code.UNKNOWN_ENV);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        ExpressionAnalyzer analyzer = ctx.analyzer();
        for (Step s : ctx.runbook().allSteps()) {
            if (s.ifExpr() != null) {
                emit(analyzer.condition(s.ifExpr(), s), s.at("if"), s.ifExpr(), report);
            }
            templates(s.with(), s, Scopes.Where.STEP, analyzer, report);
            if (s.confirm() != null && s.confirm().contains("${")) {
                emit(analyzer.template(s.confirm(), s, Scopes.Where.STEP), s.at("confirm"), s.confirm(), report);
            }
            for (Map.Entry<String, String> output : s.outputs().entrySet()) {
                ExpressionAnalyzer.Analysis a = analyzer.template(output.getValue(), s, Scopes.Where.OUTPUTS);
                // per-output positions are not kept: report at the outputs block, naming the output
                for (ExpressionAnalyzer.Problem p : a.problems()) {
                    report.accept(Diagnostic.of(p.code(), s.at("outputs"), "output '" + output.getKey() + "': " + p.message(), p.hint()));
                }
            }
            if (s.undo() != null) {
                UndoStep u = s.undo();
                if (u.ifExpr() != null) emit(analyzer.condition(u.ifExpr(), s, Scopes.Where.UNDO), u.at("if"), u.ifExpr(), report);
                templates(u.with(), s, Scopes.Where.UNDO, analyzer, report);
                if (u.confirm() != null && u.confirm().contains("${")) {
                    emit(analyzer.template(u.confirm(), s, Scopes.Where.UNDO), u.at("confirm"), u.confirm(), report);
                }
            }
        }
    }

    private static void templates(Node node, Step s, Scopes.Where where, ExpressionAnalyzer analyzer, Consumer<Diagnostic> report) {
        if (node == null) return;
        if (node instanceof Node.Scalar sc) {
            if (sc.value() instanceof String text && text.contains("${")) {
                emit(analyzer.template(text, s, where), sc.pos(), text, report);
            }
        } else if (node instanceof Node.Mapping m) {
            for (Node v : m.entries().values()) templates(v, s, where, analyzer, report);
        } else if (node instanceof Node.Sequence q) {
            for (Node v : q.items()) templates(v, s, where, analyzer, report);
        }
    }

    private static void emit(ExpressionAnalyzer.Analysis a, SourcePosition base, String text, Consumer<Diagnostic> report) {
        for (ExpressionAnalyzer.Problem p : a.problems()) {
            report.accept(Diagnostic.of(p.code(), ExpressionAnalyzer.at(base, text, p.offset()), p.message(), p.hint()));
        }
    }
}
