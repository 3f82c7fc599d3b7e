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
        if (ctx.dryRun()) return dryRun(ctx, args, text.toString(), checklist);
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
        return outputs(confirmed, answer, System.getProperty("user.name", ""),
                checklist.isEmpty() ? "acknowledged" : confirmed.size() + " item(s) confirmed");
    }

    /**
     * Nothing is asked in a dry run, but scripted answers ({@code --answers}) count: the later steps that depend on
     * the answer (a write gated on {@code steps.triage.outputs.answer}) are then planned as the real run would be.
     */
    private static Result dryRun(ActionContext ctx, Args args, String text, List<String> checklist) throws ActionException {
        List<String> confirmed = new ArrayList<>();
        for (String item : checklist) {
            if (ctx.operator().scriptedConfirm(ctx.stepId(), item).orElse(false)) confirmed.add(item);
        }
        String answer = args.has("question") ? ctx.operator().scriptedAnswer(ctx.stepId()).orElse("") : "";
        List<String> choices = args.strings("choices");
        if (!answer.isEmpty() && !choices.isEmpty() && !choices.contains(answer)) {
            throw ActionException.permanent("scripted answer '" + answer + "' is not one of " + choices);
        }
        String note = answer.isEmpty() ? "(dry run: nothing is asked)" : "(dry run: nothing is asked; --answers answers '" + answer + "')";
        ctx.operator().show(text + "\n" + note);
        return outputs(confirmed, answer, "", answer.isEmpty() ? "dry run: not asked" : "dry run: answer '" + answer + "' from --answers");
    }

    private static Result outputs(List<String> confirmed, String answer, String operator, String summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("confirmed", confirmed);
        out.put("answer", answer);
        out.put("operator", operator);
        return new Result(out, summary);
    }
}
