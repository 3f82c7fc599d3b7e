package dev.runbook.action.core.impl;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.model.Durations;
import java.time.Duration;
import java.util.Map;

/** Waits (cancellable, compressed in rehearsals); a dry run does not wait. */
final class WaitAction implements Action {
    private final ActionSpec spec;

    WaitAction(ActionSpec spec) {
        this.spec = spec;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        return Plan.of("wait " + Durations.format(duration(args)));
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        Duration d = duration(args);
        if (ctx.dryRun()) return new Result(Map.of("waitedMs", 0L), "dry run: would wait " + Durations.format(d));
        ctx.progress("waiting " + Durations.format(d) + args.optString("reason").map(r -> ": " + r).orElse(""));
        long t0 = System.nanoTime();
        ctx.sleep(d);
        return new Result(Map.of("waitedMs", (System.nanoTime() - t0) / 1_000_000), "waited " + Durations.format(d));
    }

    private static Duration duration(Args args) throws ActionException {
        Duration d = args.optDuration("duration").orElseThrow(() -> ActionException.permanent("missing argument 'duration'"));
        if (d.isNegative()) throw ActionException.permanent("duration must not be negative");
        return d;
    }
}
