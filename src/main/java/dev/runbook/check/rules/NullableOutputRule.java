package dev.runbook.check.rules;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.OutputSpec;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.ExpressionAnalyzer;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.expr.ExprException;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * RB047: a text ({@code "p95 is ${steps.m.outputs.value} s"}) that writes an output the action may return as
 * null fails the step whenever it is null (a template refuses to write null). Such outputs say so in the
 * catalogue ({@link OutputSpec#nullable()}); the text must give a default: {@code ${x != null ? x : 'no data'}}.
 * A whole-value template ({@code "${x}"}) passes the null on as a value and is not reported.
 */
public final class NullableOutputRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.NULLABLE_OUTPUT_RENDERED);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Step s : ctx.runbook().allSteps()) {
            walk(ctx, s.with(), report);
            if (s.confirm() != null) text(ctx, s.confirm(), s.at("confirm"), report);
            for (String output : s.outputs().values()) text(ctx, output, s.at("outputs"), report);
            if (s.undo() != null) walk(ctx, s.undo().with(), report);
        }
    }

    private static void walk(RuleContext ctx, Node node, Consumer<Diagnostic> report) {
        if (node instanceof Node.Scalar sc && sc.value() instanceof String text) {
            text(ctx, text, sc.pos(), report);
        } else if (node instanceof Node.Mapping m) {
            for (Node v : m.entries().values()) walk(ctx, v, report);
        } else if (node instanceof Node.Sequence q) {
            for (Node v : q.items()) walk(ctx, v, report);
        }
    }

    private static void text(RuleContext ctx, String text, SourcePosition pos, Consumer<Diagnostic> report) {
        if (!Template.isTemplate(text)) return;
        Template t;
        try {
            t = Template.parse(text);
        } catch (ExprException e) {
            return; // reported by the expression rule
        }
        if (t.parts().size() == 1 && t.parts().get(0) instanceof Template.Embedded) return; // keeps its type, null included
        for (Template.Part part : t.parts()) {
            if (!(part instanceof Template.Embedded e)) continue;
            String source = e.expr().source().strip();
            List<Reference> refs = e.expr().references();
            // only an expression that is nothing but the reference renders the raw value
            if (refs.size() != 1 || refs.get(0).length() != source.length()) continue;
            Reference r = refs.get(0);
            Optional<OutputSpec> out = nullableOutput(ctx, r);
            if (out.isEmpty()) continue;
            String ref = e.expr().source().strip();
            report.accept(Diagnostic.of(Code.NULLABLE_OUTPUT_RENDERED, ExpressionAnalyzer.at(pos, text, part.offset()),
                    ref + " may be null (" + out.get().description() + "), and writing null into a text fails the step",
                    "give a default: ${" + ref + " != null ? " + ref + " : 'none'}"));
        }
    }

    /**
     * The catalogue entry of steps.<id>.outputs.<name> when the action may return it as null, or of
     * steps.<id>.outputs.<name>.<key> when the output is a map whose entries may be null.
     */
    private static Optional<OutputSpec> nullableOutput(RuleContext ctx, Reference r) {
        List<String> p = r.path();
        if ((p.size() != 4 && p.size() != 5) || !p.get(0).equals("steps") || !p.get(2).equals("outputs")) return Optional.empty();
        Optional<Step> step = ctx.runbook().step(p.get(1));
        if (step.isEmpty() || step.get().outputs().containsKey(p.get(3))) return Optional.empty();
        Optional<ActionSpec> spec = ctx.spec(step.get().uses());
        return spec.flatMap(a -> a.output(p.get(3))).filter(p.size() == 4 ? OutputSpec::nullable : OutputSpec::entriesNullable);
    }
}
