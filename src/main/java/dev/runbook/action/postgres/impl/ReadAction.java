package dev.runbook.action.postgres.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;

/** A read action: its plan only checks the arguments, since reading is what a dry run does anyway. */
abstract class ReadAction implements Action {
    private final ActionSpec spec;

    ReadAction(ActionSpec spec) {
        this.spec = spec;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        ConnectionConfig cfg = ConnectionConfig.resolve(args, ctx);
        return Plan.of(spec.name() + " on " + cfg.display());
    }

    static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    static String oneLine(String s, int max) {
        String flat = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
    }
}
