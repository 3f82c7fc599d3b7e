package dev.runbook.action.core.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Instructions for the operator, who confirms each checklist item; an unconfirmed item fails the step. */
final class ManualAction implements Action {
    private final ActionSpec spec;

    ManualAction(ActionSpec spec) {
        this.spec = spec;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        String instructions = args.string("instructions").strip();
        String first = instructions.lines().findFirst().orElse("");
        List<String> details = new ArrayList<>();
        for (String item : args.strings("checklist")) details.add("[ ] " + item);
        return new Plan("operator: " + first, Map.of(), Map.of(), null,
                Map.of("confirmed", args.strings("checklist"), "answer", "", "operator", ""), details);
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        String instructions = args.string("instructions").strip();
        List<String> checklist = args.strings("checklist");
        StringBuilder text = new StringBuilder(instructions);
        for (String item : checklist) text.append("\n  [ ] ").append(item);
        if (ctx.dryRun()) {
            ctx.operator().show(text + "\n(dry run: nothing is asked)");
            return Result.of(Map.of("confirmed", List.of(), "answer", "", "operator", ""));
        }
        ctx.operator().show(text.toString());
        List<String> confirmed = new ArrayList<>();
        for (String item : checklist) {
            ctx.cancellation().check();
            if (!ctx.operator().confirm(ctx.stepId(), item)) {
                throw ActionException.permanent("not confirmed: " + item, "finish the item, then retry the step");
            }
            confirmed.add(item);
        }
        String answer = "";
        if (args.has("question")) {
            List<String> choices = args.strings("choices");
            answer = ctx.operator().ask(ctx.stepId(), args.string("question"), choices);
            if (!choices.isEmpty() && !choices.contains(answer)) {
                throw ActionException.permanent("answer '" + answer + "' is not one of " + choices);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("confirmed", confirmed);
        out.put("answer", answer);
        out.put("operator", System.getProperty("user.name", ""));
        return new Result(out, checklist.isEmpty() ? "acknowledged" : confirmed.size() + " item(s) confirmed");
    }
}
