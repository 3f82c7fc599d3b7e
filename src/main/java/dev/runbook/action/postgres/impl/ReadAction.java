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

    /** A query's text on one line of at most {@code max} characters, redacted before it is cut (it may hold a password). */
    static String oneLine(ActionContext ctx, String s, int max) {
        String flat = s == null ? "" : ctx.redact(s).replaceAll("\\s+", " ").trim();
        return flat.length() <= max ? ctx.redact(flat) : ctx.cut(flat, max - 3) + "...";
    }
}
