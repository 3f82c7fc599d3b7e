package dev.runbook.check.rules;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.ExpressionAnalyzer;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.expr.Reference;
import dev.runbook.model.Durations;
import dev.runbook.model.Escalation;
import dev.runbook.model.Names;
import dev.runbook.model.Node;
import dev.runbook.model.Parameter;
import java.util.List;
import java.util.function.Consumer;

/**
 * RB064: an escalation's {@code notify:} must be postable when its threshold passes, which may be before any step has
 * run and with nobody there to fix it: the webhook URL comes from a parameter declared {@code secret: true} (whoever
 * holds the URL can post to the channel, and a runbook is read by many), its templates read only params, run and env
 * (no step), {@code format} is one notify.webhook knows and {@code attempts} is between 1 and 10. Unknown fields and a
 * missing {@code url} are reported by the parser (RB010, RB012); unknown parameters and syntax as in any template.
 */
public final class EscalationRule implements Rule {
    static final List<String> FORMATS = List.of("slack", "teams", "adaptive");

    @Override
    public List<Code> codes() {
        return List.of(Code.ESCALATION_NOTIFY);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Escalation e : ctx.runbook().escalation()) {
            if (e.notice() == null) continue;
            String what = "the notify: of escalation 'after " + (e.after() == null ? "?" : Durations.format(e.after())) + "'"
                    + (e.to() == null ? "" : " (to " + e.to() + ")");
            Node.Mapping n = e.notice();
            for (String field : List.of("text", "title", "format")) {
                Node v = n.get(field);
                if (v == null) continue;
                if (!(v instanceof Node.Scalar s) || s.value() == null) {
                    report.accept(Diagnostic.of(Code.ESCALATION_NOTIFY, v.pos(), "'" + field + "' of " + what + " must be text",
                            "write it on one line, or as a block with '|'"));
                    continue;
                }
                if (s.value() instanceof String str && str.contains("${")) {
                    template(ctx.analyzer(), s, str, what, report);
                } else if (field.equals("format") && !FORMATS.contains(s.text())) {
                    report.accept(Diagnostic.of(Code.ESCALATION_NOTIFY, v.pos(), "'format' of " + what + " must be one of " + String.join(", ", FORMATS)
                            + ", found '" + s.text() + "'", Names.closest(s.text(), FORMATS).map(c -> "did you mean '" + c + "'?")
                            .orElse("slack also suits Mattermost, Rocket.Chat and Google Chat; teams is a MessageCard; adaptive suits Teams workflows")));
                }
            }
            Node attempts = n.get("attempts");
            if (attempts != null && !(attempts instanceof Node.Scalar a && a.value() instanceof Long l && l >= 1 && l <= 10)) {
                report.accept(Diagnostic.of(Code.ESCALATION_NOTIFY, attempts.pos(), "'attempts' of " + what + " must be a whole number from 1 to 10",
                        "how many posts to try on 429, 5xx and connection errors, the first included; 3 when left out"));
            }
            Node url = n.get("url");
            if (url != null) url(ctx, url, what, report);
        }
    }

    private static void url(RuleContext ctx, Node url, String what, Consumer<Diagnostic> report) {
        String hint = "whoever holds the URL can post to the channel: declare a parameter with secret: true (given with --secret-env or"
                + " --secret-file) and write url: \"${params.<name>}\"";
        if (!(url instanceof Node.Scalar s) || !(s.value() instanceof String text)) {
            report.accept(Diagnostic.of(Code.ESCALATION_NOTIFY, url.pos(), "'url' of " + what + " must be text: the webhook URL from a secret parameter", hint));
            return;
        }
        if (!text.contains("${")) {
            report.accept(Diagnostic.of(Code.ESCALATION_NOTIFY, url.pos(), "the webhook URL of " + what + " is written in the runbook", hint));
            return;
        }
        ExpressionAnalyzer.Analysis a = template(ctx.analyzer(), s, text, what, report);
        if (!a.problems().isEmpty()) return;
        boolean secret = false;
        for (Reference r : a.references()) {
            if (r.root().equals("params") && r.path().size() >= 2) {
                Parameter p = ctx.runbook().parameters().get(r.path().get(1));
                secret |= p != null && p.secret();
            }
        }
        if (!secret) {
            report.accept(Diagnostic.of(Code.ESCALATION_NOTIFY, url.pos(), "the webhook URL of " + what + " does not come from a secret parameter", hint));
        }
    }

    private static ExpressionAnalyzer.Analysis template(ExpressionAnalyzer analyzer, Node.Scalar s, String text, String what, Consumer<Diagnostic> report) {
        ExpressionAnalyzer.Analysis a = analyzer.stepFreeTemplate(text);
        for (ExpressionAnalyzer.Problem p : a.problems()) {
            report.accept(Diagnostic.of(p.code(), ExpressionAnalyzer.at(s.pos(), text, p.offset()), p.message() + " (" + what + ")", p.hint()));
        }
        return a;
    }
}
