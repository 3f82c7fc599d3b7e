package dev.runbook.check.rules;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.ParamSpec;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.expr.ExprException;
import dev.runbook.expr.Reference;
import dev.runbook.expr.Template;
import dev.runbook.model.Node;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * RB060: a secret spliced into a command line shows up in process listings (any local user can read a process's
 * argv): an error, pointing to {@code env:}. In a URL it lands in proxy and server logs: a warning, since a webhook
 * URL is itself the secret; pointing to a header.
 */
public final class SecretSpliceRule implements Rule {
    /** Arguments of command-running actions that end up on a command line. */
    private static final Set<String> COMMAND_ARGS = Set.of("command", "args", "script");

    @Override
    public List<Code> codes() {
        return List.of(Code.SECRET_SPLICED);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        Map<String, Parameter> params = ctx.runbook().parameters();
        boolean secrets = false;
        for (Parameter p : params.values()) secrets |= p.secret();
        if (!secrets) return;
        for (Step s : ctx.runbook().allSteps()) {
            scan(ctx.spec(s.uses()), s.with(), s, params, report);
            if (s.undo() != null) scan(ctx.spec(s.undo().uses()), s.undo().with(), s, params, report);
        }
    }

    private static void scan(Optional<ActionSpec> spec, Node.Mapping with, Step s, Map<String, Parameter> params, Consumer<Diagnostic> report) {
        if (spec.isEmpty() || with == null) return;
        boolean runsCommands = spec.get().name().equals("shell") || spec.get().name().startsWith("shell.");
        for (Map.Entry<String, Node> e : with.entries().entrySet()) {
            Optional<ParamSpec> p = spec.get().parameter(e.getKey());
            boolean url = p.map(ps -> ps.type() == ParamType.URL).orElse(false) || e.getKey().equals("url");
            boolean command = runsCommands && COMMAND_ARGS.contains(e.getKey());
            if (url || command) walk(e.getValue(), url, s, e.getKey(), params, report);
        }
    }

    private static void walk(Node n, boolean url, Step s, String arg, Map<String, Parameter> params, Consumer<Diagnostic> report) {
        if (n instanceof Node.Sequence q) {
            q.items().forEach(i -> walk(i, url, s, arg, params, report));
            return;
        }
        if (!(n instanceof Node.Scalar sc) || !(sc.value() instanceof String text) || !text.contains("${")) return;
        List<Reference> refs;
        try {
            refs = Template.parse(text).references();
        } catch (ExprException e) {
            return; // reported by the expression rule
        }
        for (Reference r : refs) {
            if (r.root().equals("params") && r.path().size() >= 2) {
                Parameter p = params.get(r.path().get(1));
                if (p != null && p.secret()) {
                    if (url) {
                        // a webhook URL is itself the secret: a warning, for the other cases
                        report.accept(Diagnostic.of(Code.SECRET_SPLICED, sc.pos(),
                                "secret parameter '" + p.name() + "' is spliced into the URL of step '" + s.id() + "' ('" + arg + "')",
                                "send it in a header instead (with: headers: { Authorization: ... })").withSeverity(Diagnostic.Severity.WARNING));
                    } else {
                        report.accept(Diagnostic.of(Code.SECRET_SPLICED, sc.pos(),
                                "secret parameter '" + p.name() + "' is spliced into the command line of step '" + s.id() + "' ('" + arg
                                        + "'): any local user can read a process's arguments",
                                "pass it through env: instead (with: env: { NAME: \"${params." + p.name() + "}\" }) and read $NAME in the command"));
                    }
                }
            }
        }
    }
}
