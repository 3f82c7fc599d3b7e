package dev.runbook.action.sim;

import static dev.runbook.action.sim.ResourceBehaviour.named;

import dev.runbook.action.ActionException;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Behaviours of the {@code aws.*} actions. An ECS service is {@code aws.ecs/<service>} with desiredCount,
 * runningCount and optionally {@code capacity} (how many tasks the cluster can place); a scaled service
 * runs min(desiredCount, capacity) tasks.
 */
final class AwsBehaviours {
    private AwsBehaviours() {}

    static final String ECS = "aws.ecs";
    static final String SCALING = "aws.appautoscaling";
    static final String RDS = "aws.rds";
    static final String SNAPSHOT = "aws.rds.snapshot";
    static final String DYNAMO = "aws.dynamodb";
    static final String BACKUP = "aws.dynamodb.backup";
    static final String SECRET = "aws.secretsmanager";
    static final String METRIC = "aws.cloudwatch.metric";
    static final String ALARM = "aws.cloudwatch.alarm";
    static final String LOGS = "aws.logs";
    static final String ACCOUNT = "aws.sts";
    static final String DNS = "aws.route53";

    static void register(Map<String, Behaviours.Entry> into) {
        into.put("aws.sts.whoami", new Behaviours.Entry(List.of(ACCOUNT), s -> whoami()));
        into.put("aws.ecs.describe-service", new Behaviours.Entry(List.of(ECS), s -> describeService()));
        into.put("aws.ecs.update-service", new Behaviours.Entry(List.of(ECS), s -> updateService()));
        into.put("aws.ecs.wait-stable", new Behaviours.Entry(List.of(ECS), s -> waitStable()));
        into.put("aws.appautoscaling.register-target", new Behaviours.Entry(List.of(SCALING), s -> new ResourceBehaviour(named(SCALING, "service"),
                (call, props) -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("registered", true);
                    call.args().optInteger("minCapacity").ifPresent(v -> c.put("minCapacity", v));
                    call.args().optInteger("maxCapacity").ifPresent(v -> c.put("maxCapacity", v));
                    c.put("resourceId", "service/" + call.args().string("cluster") + "/" + call.args().string("service"));
                    return c;
                }, false, Map.of("minCapacity", "minCapacity", "maxCapacity", "maxCapacity"))));
        into.put("aws.rds.describe-cluster", new Behaviours.Entry(List.of(RDS), s -> AzureBehaviours.read(RDS, "cluster")));
        into.put("aws.rds.create-cluster-snapshot", new Behaviours.Entry(List.of(RDS, SNAPSHOT), s -> snapshot(RDS, "cluster", "snapshot", SNAPSHOT,
                "clusterStatus", "status", "snapshotArn", "arn:aws:rds:sim:000000000000:cluster-snapshot:")));
        into.put("aws.rds.restore-cluster-to-point-in-time", new Behaviours.Entry(List.of(RDS), s -> Accepting.of(Restores.restore(RDS, "sourceCluster",
                "targetCluster", "restoreTime", "earliestRestorableTime", "latestRestorableTime", Map.of("status", "sourceStatus"), "status", "available",
                t -> Map.of("cluster", t, "endpoint", t + ".cluster-sim.rds.amazonaws.com", "readerEndpoint", t + ".cluster-ro-sim.rds.amazonaws.com",
                        "arn", "arn:aws:rds:sim:000000000000:cluster:" + t, "instance", t + "-1")),
                call -> new Operation("aws.rds.restore", call.args().string("targetCluster"), "point-in-time restore of DB cluster "
                        + call.args().string("sourceCluster") + " into new cluster " + call.args().string("targetCluster")))));
        into.put("aws.dynamodb.describe-continuous-backups", new Behaviours.Entry(List.of(DYNAMO), s -> AzureBehaviours.read(DYNAMO, "table")));
        into.put("aws.dynamodb.create-backup", new Behaviours.Entry(List.of(DYNAMO, BACKUP), s -> snapshot(DYNAMO, "table", "backupName", BACKUP,
                "tableStatus", "tableStatus", "backupArn", "arn:aws:dynamodb:sim:000000000000:backup/")));
        into.put("aws.dynamodb.restore-table-to-point-in-time", new Behaviours.Entry(List.of(DYNAMO), s -> Restores.restore(DYNAMO, "sourceTable",
                "targetTable", "restoreTime", "earliestRestorableTime", "latestRestorableTime", Map.of(), "status", "ACTIVE",
                t -> Map.of("table", t, "tableArn", "arn:aws:dynamodb:sim:000000000000:table/" + t, "tableStatus", "ACTIVE"))));
        into.put("aws.secretsmanager.describe-secret", new Behaviours.Entry(List.of(SECRET), s -> AzureBehaviours.read(SECRET, "secret")));
        into.put("aws.secretsmanager.rotate-secret", new Behaviours.Entry(List.of(SECRET), s -> Accepting.of(rotateSecret(),
                call -> new Operation("aws.secretsmanager.rotation", call.args().string("secret") + "#(simulated)",
                        "rotation of secret " + call.args().string("secret")))));
        into.put("aws.cloudwatch.metric", new Behaviours.Entry(List.of(METRIC), s -> Observations.metric(METRIC)));
        into.put("aws.cloudwatch.alarm-state", new Behaviours.Entry(List.of(ALARM), s -> alarms()));
        into.put("aws.logs.insights-query", new Behaviours.Entry(List.of(LOGS), s -> Observations.rows(LOGS, "count")));
        into.put("aws.route53.upsert-record", new Behaviours.Entry(List.of(DNS), s -> upsertRecord()));
    }

    private static SimBehaviour whoami() {
        return new Custom(call -> call.readPlan("read the caller identity", Map.of()), call -> {
            List<ResourceId> all = call.world().ofKind(ACCOUNT);
            Map<String, Object> props = all.isEmpty() ? Map.of() : call.read(all.get(0));
            Optional<String> expected = call.args().optString("expectAccount");
            Object account = props.getOrDefault("account", expected.orElse("000000000000"));
            if (expected.isPresent() && !expected.get().equals(String.valueOf(account))) {
                throw ActionException.permanent("signed in to account " + account + ", expected " + expected.get(),
                        "switch profile (--aws-profile) to the right account");
            }
            Map<String, Object> out = new LinkedHashMap<>(props);
            out.put("account", String.valueOf(account));
            out.putIfAbsent("arn", "arn:aws:iam::" + account + ":user/rehearsal");
            out.putIfAbsent("userId", "AIDASIMULATED");
            return new Result(call.outputsFrom(out), "account " + account);
        });
    }

    private static Map<String, Object> ecsState(Map<String, Object> props) {
        Map<String, Object> p = new LinkedHashMap<>(props);
        p.putIfAbsent("status", "ACTIVE");
        p.putIfAbsent("pendingCount", 0L);
        p.putIfAbsent("rolloutState", "COMPLETED");
        boolean stable = Values.same(p.get("runningCount"), p.get("desiredCount"));
        p.put("stable", stable);
        return p;
    }

    private static SimBehaviour describeService() {
        ResourceBehaviour.Target t = named(ECS, "service");
        return new Custom(call -> call.readPlan("describe " + t.of(call).name(), call.outputsFrom(ecsState(call.require(t.of(call))))),
                call -> new Result(call.outputsFrom(ecsState(call.require(t.of(call)))), null));
    }

    private static SimBehaviour updateService() {
        ResourceBehaviour.Target t = named(ECS, "service");
        return new ResourceBehaviour(t, (call, props) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            Optional<Long> desired = call.args().optInteger("desiredCount");
            if (desired.isPresent()) {
                c.put("desiredCount", desired.get());
                long running = desired.get();
                if (props != null && props.get("capacity") instanceof Number cap) running = Math.min(running, cap.longValue());
                c.put("runningCount", running);
            }
            if (call.args().bool("forceNewDeployment", false) || desired.isPresent()) {
                c.put("deploymentId", "ecs-svc/sim-" + call.world().countCall("deploy:" + t.of(call)));
            }
            return c;
        }, true, Map.of("desiredCount", "desiredCount"));
    }

    private static SimBehaviour waitStable() {
        ResourceBehaviour.Target t = named(ECS, "service");
        return new Custom(call -> call.readPlan("wait until " + t.of(call).name() + " is stable", Map.of()), call -> {
            Duration poll = call.args().optDuration("pollInterval").orElse(Duration.ofSeconds(15));
            long polls = 0;
            while (true) {
                Map<String, Object> p = ecsState(call.require(t.of(call)));
                polls++;
                if (Boolean.TRUE.equals(p.get("stable"))) {
                    p.put("polls", polls);
                    return new Result(call.outputsFrom(p), "stable after " + polls + " poll(s)");
                }
                call.ctx().progress("polling: running " + p.get("runningCount") + "/" + p.get("desiredCount") + " (" + polls + ")");
                call.ctx().sleep(poll);
            }
        });
    }

    private static SimBehaviour snapshot(String kind, String sourceParam, String nameParam, String snapshotKind, String beforeField, String sourceStatusProp,
                                         String arnOutput, String arnPrefix) {
        return new Custom(call -> {
            Map<String, Object> src = call.require(new ResourceId(kind, call.args().string(sourceParam)));
            Map<String, Object> before = new LinkedHashMap<>(src);
            if (src.containsKey(sourceStatusProp)) before.put(beforeField, src.get(sourceStatusProp));
            return new Plan("back up " + call.args().string(sourceParam) + " as " + call.args().string(nameParam), call.beforeFrom(before),
                    Map.of("status", "available"), null, Map.of(), List.of());
        }, call -> {
            String source = call.args().string(sourceParam);
            String name = call.args().string(nameParam);
            call.require(new ResourceId(kind, source));
            ResourceId snap = new ResourceId(snapshotKind, name);
            if (call.world().exists(snap)) throw ActionException.permanent(snapshotKind + " '" + name + "' already exists", "choose a new name");
            Map<String, Object> props = new LinkedHashMap<>();
            props.put(nameParam, name);
            props.put(arnOutput, arnPrefix + name);
            props.put("status", kind.equals(DYNAMO) ? "AVAILABLE" : "available");
            props.put("createdAt", call.world().now().toString());
            props.put("source", source);
            call.world().update(snap, props, call.who());
            return new Result(call.outputsFrom(props), name + " created");
        });
    }

    private static SimBehaviour rotateSecret() {
        ResourceBehaviour.Target t = named(SECRET, "secret");
        return new Custom(call -> {
            Map<String, Object> props = call.require(t.of(call));
            return new Plan("rotate " + t.of(call).name(), call.beforeFrom(props), Map.of("currentVersion", "(new)"), null, Map.of(), List.of());
        }, call -> {
            ResourceId id = t.of(call);
            Map<String, Object> props = call.require(id);
            String version = Versions.next(call.world(), id);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("currentVersion", version);
            change.put("previousVersion", props.get("currentVersion"));
            if (props.get("pendingVersion") != null) change.put("pendingVersion", null);
            change.put("lastRotatedDate", call.world().now().toString());
            change.put("lastChangedDate", call.world().now().toString());
            if (props.get("versions") instanceof Map<?, ?> labels) change.put("versions", relabelled(labels, props.get("currentVersion"), version));
            call.world().update(id, change, call.who());
            Map<String, Object> out = new LinkedHashMap<>(change);
            out.put("newVersion", version);
            return new Result(call.outputsFrom(out), "AWSCURRENT is now " + version);
        });
    }

    /** Staging labels after a rotation: the new version is AWSCURRENT, the old current one AWSPREVIOUS, AWSPENDING is gone. */
    private static Map<String, Object> relabelled(Map<?, ?> labels, Object oldCurrent, String newVersion) {
        Map<String, Object> out = new LinkedHashMap<>();
        labels.forEach((v, l) -> {
            List<Object> kept = new java.util.ArrayList<>(l instanceof List<?> list ? list : List.of());
            kept.removeIf(x -> List.of("AWSCURRENT", "AWSPREVIOUS", "AWSPENDING").contains(String.valueOf(x)));
            if (String.valueOf(v).equals(String.valueOf(oldCurrent))) kept.add("AWSPREVIOUS");
            if (!kept.isEmpty()) out.put(String.valueOf(v), kept);
        });
        out.put(newVersion, List.of("AWSCURRENT"));
        return out;
    }

    private static SimBehaviour alarms() {
        return new Custom(call -> call.readPlan("read alarms " + call.args().strings("alarms"), Map.of()), call -> {
            Map<String, Object> states = new LinkedHashMap<>();
            List<Object> list = new java.util.ArrayList<>();
            List<Object> inAlarm = new java.util.ArrayList<>();
            for (String name : call.args().strings("alarms")) {
                Map<String, Object> p = call.require(new ResourceId(ALARM, name));
                String state = String.valueOf(p.getOrDefault("state", "OK"));
                states.put(name, state);
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("name", name);
                a.put("state", state);
                a.put("reason", p.getOrDefault("reason", ""));
                a.put("updatedAt", p.getOrDefault("updatedAt", call.world().now().toString()));
                list.add(a);
                if (state.equals("ALARM")) inAlarm.add(name);
            }
            return new Result(Map.of("states", states, "alarms", list, "inAlarm", inAlarm, "anyInAlarm", !inAlarm.isEmpty()),
                    inAlarm.isEmpty() ? "no alarm" : "in alarm: " + inAlarm);
        });
    }

    private static SimBehaviour upsertRecord() {
        ResourceBehaviour.Target t = named(DNS, "name");
        return new Custom(call -> {
            ResourceId id = t.of(call);
            Map<String, Object> p = call.read(id);
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("exists", p != null);
            before.put("value", p == null ? null : p.get("value"));
            before.put("ttl", p == null ? null : p.get("ttl"));
            return new Plan("point " + id.name() + " at " + call.args().get("value") + " (was " + Values.show(before.get("value")) + ")", before,
                    Map.of("value", Values.normalize(call.args().get("value"))), id.name(), Map.of(), List.of());
        }, call -> {
            ResourceId id = t.of(call);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("value", call.args().get("value"));
            c.put("ttl", call.args().optInteger("ttl").orElse(60L));
            c.put("type", call.args().optString("type").orElse("CNAME"));
            call.world().update(id, c, call.who());
            return new Result(Map.of("changeId", "/change/SIM" + call.world().countCall("dns:" + id), "status", "INSYNC", "name", id.name(),
                    "value", Values.normalize(call.args().get("value"))), id.name() + " → " + call.args().get("value"));
        }, (spec, args, plan, result) -> {
            if (!Boolean.TRUE.equals(plan.before().get("exists"))) return Optional.empty();
            Map<String, Object> with = new LinkedHashMap<>(args.asMap());
            with.put("value", plan.before().get("value"));
            if (plan.before().get("ttl") != null) with.put("ttl", plan.before().get("ttl"));
            return Optional.of(new UndoHint(spec.name(), with));
        });
    }
}
