package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.lng;
import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/** aws.appautoscaling.register-target for ECS services (ecs:service:DesiredCount). */
final class AppAutoScalingActions {
    private AppAutoScalingActions() {}

    static final class RegisterTarget extends AwsAction {
        RegisterTarget(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        private static String resourceId(Args a) throws ActionException {
            return "service/" + a.string("cluster") + "/" + a.string("service");
        }

        private static Optional<Integer> capacity(Args a, String name) throws ActionException {
            Optional<Long> v = a.optInteger(name);
            return v.isEmpty() ? Optional.empty() : Optional.of(Values.intArg(name, v.get(), 0, 100_000));
        }

        private static ApplicationAutoScalingClient client(AwsCall c) throws ActionException {
            return c.client("application-autoscaling", ApplicationAutoScalingClient::builder);
        }

        private static Optional<ScalableTarget> current(AwsCall c) throws ActionException {
            String id = resourceId(c.args);
            ApplicationAutoScalingClient aas = client(c);
            return c.aws("application-autoscaling:DescribeScalableTargets", "scalable target " + id,
                    () -> aas.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS).resourceIds(id)
                            .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).overrideConfiguration(c.timeout())))
                    .scalableTargets().stream().findFirst();
        }

        @Override
        Plan plan(AwsCall c) throws ActionException {
            Optional<Integer> min = capacity(c.args, "minCapacity");
            Optional<Integer> max = capacity(c.args, "maxCapacity");
            if (min.isEmpty() && max.isEmpty()) {
                throw ActionException.permanent("aws.appautoscaling.register-target needs minCapacity and/or maxCapacity");
            }
            String id = resourceId(c.args);
            Optional<ScalableTarget> now = current(c);
            if (now.isEmpty() && (min.isEmpty() || max.isEmpty())) {
                throw ActionException.permanent(id + " is not yet registered with Application Auto Scaling " + c.where(),
                        "give both minCapacity and maxCapacity to register it");
            }
            int newMin = min.orElseGet(() -> now.get().minCapacity());
            int newMax = max.orElseGet(() -> now.get().maxCapacity());
            if (newMin > newMax) {
                throw ActionException.permanent("minCapacity " + newMin + " would exceed maxCapacity " + newMax + " of " + id,
                        "raise maxCapacity in the same step");
            }
            Map<String, Object> before = map("registered", now.isPresent(),
                    "minCapacity", now.map(t -> lng(t.minCapacity())).orElse(null),
                    "maxCapacity", now.map(t -> lng(t.maxCapacity())).orElse(null));
            String summary = now.isPresent()
                    ? "set " + id + " capacity min " + now.get().minCapacity() + " -> " + newMin + ", max " + now.get().maxCapacity() + " -> " + newMax
                    : "register " + id + " with min " + newMin + ", max " + newMax;
            return new Plan(summary, before, map("minCapacity", (long) newMin, "maxCapacity", (long) newMax), null,
                    map("resourceId", id, "minCapacity", (long) newMin, "maxCapacity", (long) newMax,
                            "scalableTargetArn", now.map(ScalableTarget::scalableTargetARN).orElse(null)),
                    List.of());
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            Optional<Integer> min = capacity(c.args, "minCapacity");
            Optional<Integer> max = capacity(c.args, "maxCapacity");
            if (min.isEmpty() && max.isEmpty()) {
                throw ActionException.permanent("aws.appautoscaling.register-target needs minCapacity and/or maxCapacity");
            }
            String id = resourceId(c.args);
            ApplicationAutoScalingClient aas = client(c);
            RegisterScalableTargetResponse r = c.aws("application-autoscaling:RegisterScalableTarget", "scalable target " + id,
                    () -> aas.registerScalableTarget(b -> {
                        b.serviceNamespace(ServiceNamespace.ECS).resourceId(id)
                                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).overrideConfiguration(c.timeout());
                        min.ifPresent(b::minCapacity);
                        max.ifPresent(b::maxCapacity);
                    }));
            // Read back: the call answers only with the ARN, and an omitted limit keeps its old value.
            ScalableTarget t = current(c).orElseThrow(() -> ActionException.permanent(id + " vanished right after registration"));
            return new Result(map("resourceId", id, "minCapacity", lng(t.minCapacity()), "maxCapacity", lng(t.maxCapacity()),
                    "scalableTargetArn", r.scalableTargetARN() != null ? r.scalableTargetARN() : t.scalableTargetARN()),
                    id + ": min " + t.minCapacity() + ", max " + t.maxCapacity());
        }

        @Override
        public Optional<UndoHint> undo(Args args, Plan plan, Result result) {
            if (plan == null || !Boolean.TRUE.equals(plan.before().get("registered"))) return Optional.empty();
            Map<String, Object> with = map("cluster", args.get("cluster"), "service", args.get("service"),
                    "minCapacity", plan.before().get("minCapacity"), "maxCapacity", plan.before().get("maxCapacity"));
            return Optional.of(new UndoHint("aws.appautoscaling.register-target", Values.sameAccount(args, with)));
        }
    }
}
