package dev.runbook.action.core.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.Map;

/** Fails the step unless {@code that} is true. */
final class AssertAction implements Action {
    private final ActionSpec spec;

    AssertAction(ActionSpec spec) {
        this.spec = spec;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) {
        return Plan.of("assert");
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        if (!args.has("that")) throw ActionException.permanent("missing argument 'that'", "e.g. that: \"${steps.app.outputs.workers >= 2}\"");
        if (!args.bool("that", false)) {
            throw ActionException.permanent("assertion failed" + args.optString("message").map(m -> ": " + m).orElse(""));
        }
        return new Result(Map.of("holds", true), "holds");
    }
}
