package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.iso;
import static dev.runbook.action.aws.sdk.Values.lng;
import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/** aws.ecs.*: describe-service, update-service, wait-stable. */
final class EcsActions {
    private EcsActions() {}

    static EcsClient ecs(AwsCall c) throws ActionException {
        return c.client("ecs", EcsClient::builder);
    }

    static String label(Args a) throws ActionException {
        return "ECS service '" + a.string("service") + "' in cluster '" + a.string("cluster") + "'";
    }

    /** DescribeServices reports a missing service as a failure entry, not an error; make it one. */
    static Service describe(AwsCall c) throws ActionException {
        String cluster = c.args.string("cluster");
        String service = c.args.string("service");
        EcsClient ecs = ecs(c);
        DescribeServicesResponse r = c.aws("ecs:DescribeServices", "ECS cluster '" + cluster + "'",
                () -> ecs.describeServices(b -> b.cluster(cluster).services(service).overrideConfiguration(c.timeout())));
        if (!r.services().isEmpty()) return r.services().get(0);
        String reason = r.failures().stream().map(Failure::reason).findFirst().orElse("MISSING");
        throw ActionException.permanent(label(c.args) + " not found " + c.where() + " (" + reason + ")",
                "check the service and cluster names and the region (aws ecs list-services --cluster " + cluster + ")");
    }

    static Optional<Deployment> primary(Service s) {
        return s.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    }

    static boolean stable(Service s) {
        return s.deployments().size() == 1 && s.runningCount() != null && s.runningCount().equals(s.desiredCount());
    }

    static final class Describe extends AwsAction {
        Describe(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            int n = Values.intArg("events", c.args.optInteger("events").orElse(5L), 0, 100);
            Service s = describe(c);
            List<Object> deployments = s.deployments().stream().<Object>map(d -> map(
                    "id", d.id(), "status", d.status(), "taskDefinition", d.taskDefinition(),
                    "desiredCount", lng(d.desiredCount()), "runningCount", lng(d.runningCount()),
                    "pendingCount", lng(d.pendingCount()), "failedTasks", lng(d.failedTasks()),
                    "rolloutState", d.rolloutStateAsString(), "createdAt", iso(d.createdAt()))).toList();
            List<Object> events = s.events().stream().limit(n)
                    .<Object>map((ServiceEvent e) -> map("createdAt", iso(e.createdAt()), "message", e.message())).toList();
            Map<String, Object> out = map(
                    "status", s.status(), "desiredCount", lng(s.desiredCount()), "runningCount", lng(s.runningCount()),
                    "pendingCount", lng(s.pendingCount()), "taskDefinition", s.taskDefinition(),
                    "rolloutState", primary(s).map(Deployment::rolloutStateAsString).orElse(null),
                    "deployments", deployments, "events", events, "stable", stable(s));
            return new Result(out, s.serviceName() + ": " + s.runningCount() + "/" + s.desiredCount() + " running, "
                    + s.deployments().size() + " deployment(s)");
        }
    }

    static final class Update extends AwsAction {
        Update(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        private static Optional<Integer> desired(Args a) throws ActionException {
            Optional<Long> d = a.optInteger("desiredCount");
            if (d.isEmpty()) return Optional.empty();
            return Optional.of(Values.intArg("desiredCount", d.get(), 0, 100_000));
        }

        private static void requireChange(Args a) throws ActionException {
            if (desired(a).isEmpty() && !a.bool("forceNewDeployment", false)) {
                throw ActionException.permanent("aws.ecs.update-service needs desiredCount or forceNewDeployment: true",
                        "add 'desiredCount:' (e.g. \"${steps.svc.outputs.desiredCount + 2}\") under with:");
            }
        }

        @Override
        Plan plan(AwsCall c) throws ActionException {
            requireChange(c.args);
            Service s = describe(c);
            int to = desired(c.args).orElse(s.desiredCount());
            boolean force = c.args.bool("forceNewDeployment", false);
            String what = (to != s.desiredCount() ? "desiredCount " + s.desiredCount() + " -> " + to : "desiredCount stays " + to)
                    + (force ? ", force a new deployment" : "");
            return new Plan("update " + label(c.args) + ": " + what,
                    map("desiredCount", lng(s.desiredCount()), "runningCount", lng(s.runningCount()),
                            "taskDefinition", s.taskDefinition()),
                    map("desiredCount", (long) to, "forceNewDeployment", force),
                    null,
                    map("desiredCount", (long) to, "taskDefinition", s.taskDefinition(),
                            "deploymentId", force ? "(new deployment)" : primary(s).map(Deployment::id).orElse(null)),
                    List.of("running " + s.runningCount() + ", pending " + s.pendingCount() + ", task definition " + s.taskDefinition()));
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            requireChange(c.args);
            String cluster = c.args.string("cluster");
            String service = c.args.string("service");
            Optional<Integer> to = desired(c.args);
            boolean force = c.args.bool("forceNewDeployment", false);
            EcsClient ecs = ecs(c);
            UpdateServiceResponse r = c.aws("ecs:UpdateService", label(c.args), () -> ecs.updateService(b -> {
                b.cluster(cluster).service(service).overrideConfiguration(c.timeout());
                to.ifPresent(b::desiredCount);
                if (force) b.forceNewDeployment(true);
            }));
            Service s = r.service();
            return new Result(map("desiredCount", lng(s.desiredCount()), "taskDefinition", s.taskDefinition(),
                    "deploymentId", primary(s).map(Deployment::id).orElse(null)),
                    "desiredCount " + s.desiredCount() + (force ? ", new deployment started" : ""));
        }

        @Override
        public Optional<UndoHint> undo(Args args, Plan plan, Result result) {
            Object before = plan == null ? null : plan.before().get("desiredCount");
            if (before == null || !args.has("desiredCount")) return Optional.empty();
            Map<String, Object> with = map("cluster", args.get("cluster"), "service", args.get("service"), "desiredCount", before);
            return Optional.of(new UndoHint("aws.ecs.update-service", Values.sameAccount(args, with)));
        }
    }

    /** The SDK's servicesStable waiter criteria, polled here so cancellation, progress and --speed apply. */
    static final class WaitStable extends AwsAction {
        WaitStable(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            Duration every = c.pollInterval(Duration.ofSeconds(15));
            int polls = 0;
            while (true) {
                Service s = describe(c);
                polls++;
                if (!"ACTIVE".equals(s.status())) {
                    throw ActionException.permanent(label(c.args) + " is " + s.status() + ", it will not become stable");
                }
                Optional<Deployment> p = primary(s);
                if (p.isPresent() && "FAILED".equals(p.get().rolloutStateAsString())) {
                    throw ActionException.permanent(label(c.args) + ": deployment " + p.get().id() + " failed: "
                            + p.get().rolloutStateReason(), "see the service events (aws.ecs.describe-service)");
                }
                String state = "running " + s.runningCount() + "/" + s.desiredCount() + ", pending " + s.pendingCount()
                        + ", " + s.deployments().size() + " deployment(s)";
                if (stable(s)) {
                    return new Result(map("stable", true, "desiredCount", lng(s.desiredCount()),
                            "runningCount", lng(s.runningCount()), "polls", (long) polls), "stable: " + state);
                }
                c.ctx.progress("waiting for " + s.serviceName() + " to be stable: " + state + " (poll " + polls + ")");
                c.pause(every, label(c.args) + " not stable after " + polls + " polls: " + state);
            }
        }
    }
}
