package dev.runbook.action.sim;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Operation;
import dev.runbook.action.OutputSpec;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import dev.runbook.model.Durations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in for any action during a rehearsal: its spec is the real one (same parameters, outputs,
 * effect and gates), its state lives in the {@link SimWorld}. The scenario's overrides for the
 * running step come first: latency, then an injected fault, then the behaviour, then the step's
 * own world changes and outputs.
 */
public final class SimAction implements Action {
    private final ActionSpec spec;
    private final SimWorld world;
    private final SimBehaviour behaviour;

    public SimAction(ActionSpec spec, SimWorld world, SimBehaviour behaviour) {
        this.spec = spec;
        this.world = world;
        this.behaviour = behaviour;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        String step = world.hasSucceeded(ctx.stepId()) ? null : ctx.stepId();
        SimOverride ov = world.setup().overrideFor(step, spec.name());
        Plan p = behaviour.plan(new SimCall(spec, args, ctx, world, ov, false));
        if (ov.outputs().isEmpty()) return p;
        Map<String, Object> predicted = new LinkedHashMap<>(p.predictedOutputs());
        predicted.putAll(typed(ov.outputs()));
        return new Plan(p.summary(), p.before(), p.after(), p.target(), predicted, p.details());
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        SimSetup setup = world.setup();
        // the engine calls an undo with its step's id; the step's overrides describe the step, not its undo
        boolean undo = world.hasSucceeded(ctx.stepId());
        SimOverride ov = undo ? setup.overrideFor(null, spec.name()) : setup.overrideFor(ctx.stepId(), spec.name());
        SimOverride stepOwn = undo ? null : setup.steps().get(ctx.stepId());
        int stepCall = world.countCall("step:" + ctx.stepId());
        int actionCall = world.countCall("action:" + spec.name());
        // a provider that accepts the work (a restore, a rotation) goes on with it whatever happens to runbook: the
        // operation is reported before the wait, and stopping the wait leaves it unfinished, not cancelled
        Operation accepted = null;
        if (!undo && behaviour instanceof Accepting a) {
            SimCall check = new SimCall(spec, args, ctx, world, ov, false);
            behaviour.plan(check); // what the provider would refuse outright (a target that exists) is refused first
            accepted = a.operation(check);
            ctx.operationAccepted(accepted);
        }
        if (ov.latency() != null && !ov.latency().isZero()) {
            ctx.progress((accepted != null ? "the provider is working on the " + accepted.description() : "waiting for the service")
                    + " (simulated " + Durations.format(ov.latency()) + ")");
            try {
                ctx.sleep(ov.latency());
            } catch (ActionException e) {
                if (accepted != null && (e.kind() == ActionException.Kind.CANCELLED || e.kind() == ActionException.Kind.TIMEOUT)) {
                    throw ActionException.unfinished(accepted, e);
                }
                throw e;
            }
        }
        Fault fault = ov.fault();
        if (fault != null) {
            boolean fromStep = stepOwn != null && stepOwn.fault() != null;
            if (fault.hits(fromStep ? stepCall : actionCall)) {
                if (fault.kind() == Fault.Kind.TIMEOUT) {
                    ctx.progress("no answer (simulated)");
                    ctx.sleep(ctx.timeout());
                }
                throw fault.toException(spec.name());
            }
        }
        Result r = behaviour.execute(new SimCall(spec, args, ctx, world, ov, true));
        ov.set().forEach((id, props) -> world.update(id, props, "scenario: step '" + ctx.stepId() + "'"));
        Map<String, Object> outputs = new LinkedHashMap<>(r.outputs());
        outputs.putAll(typed(ov.outputs()));
        if (!undo) world.stepSucceeded(ctx.stepId());
        return new Result(outputs, r.summary());
    }

    @Override
    public Optional<UndoHint> undo(Args args, Plan plan, Result result) {
        return behaviour.undo(spec, args, plan, result);
    }

    private Map<String, Object> typed(Map<String, Object> outputs) {
        Map<String, Object> out = new LinkedHashMap<>();
        outputs.forEach((k, v) -> out.put(k, spec.output(k).map(OutputSpec::type).map(t -> Values.coerce(v, t)).orElse(v)));
        return out;
    }
}
