package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.iso;
import static dev.runbook.action.aws.sdk.Values.lng;
import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** aws.rds.*: describe-cluster, create-cluster-snapshot, restore-cluster-to-point-in-time. */
final class RdsActions {
    private RdsActions() {}

    static RdsClient rds(AwsCall c) throws ActionException {
        return c.client("rds", RdsClient::builder);
    }

    static Optional<DBCluster> findCluster(AwsCall c, String id) throws ActionException {
        RdsClient rds = rds(c);
        return c.awsIfExists("rds:DescribeDBClusters", "DB cluster '" + id + "'",
                () -> rds.describeDBClusters(b -> b.dbClusterIdentifier(id).overrideConfiguration(c.timeout())))
                .flatMap(r -> r.dbClusters().stream().findFirst());
    }

    static DBCluster cluster(AwsCall c, String id) throws ActionException {
        return findCluster(c, id).orElseThrow(() -> ActionException.permanent("DB cluster '" + id + "' not found " + c.where(),
                "check the identifier and the region (aws rds describe-db-clusters)"));
    }

    static final class Describe extends AwsAction {
        Describe(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            DBCluster d = cluster(c, c.args.string("cluster"));
            List<Object> members = d.dbClusterMembers().stream()
                    .<Object>map(m -> map("instance", m.dbInstanceIdentifier(), "writer", m.isClusterWriter())).toList();
            return new Result(map("status", d.status(), "endpoint", d.endpoint(), "readerEndpoint", d.readerEndpoint(),
                    "port", lng(d.port()), "engine", d.engine(), "engineVersion", d.engineVersion(),
                    "earliestRestorableTime", iso(d.earliestRestorableTime()), "latestRestorableTime", iso(d.latestRestorableTime()),
                    "backupRetentionDays", lng(d.backupRetentionPeriod()), "members", members, "arn", d.dbClusterArn()),
                    d.dbClusterIdentifier() + " " + d.status() + " (" + d.engine() + " " + d.engineVersion() + ")");
        }
    }

    static final class CreateSnapshot extends AwsAction {
        CreateSnapshot(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        private static Optional<DBClusterSnapshot> findSnapshot(AwsCall c, String id) throws ActionException {
            RdsClient rds = rds(c);
            return c.awsIfExists("rds:DescribeDBClusterSnapshots", "DB cluster snapshot '" + id + "'",
                    () -> rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(id).overrideConfiguration(c.timeout())))
                    .flatMap(r -> r.dbClusterSnapshots().stream().findFirst());
        }

        @Override
        Plan plan(AwsCall c) throws ActionException {
            String cluster = c.args.string("cluster");
            String snap = c.args.string("snapshot");
            DBCluster d = cluster(c, cluster);
            if (findSnapshot(c, snap).isPresent()) {
                throw ActionException.permanent("DB cluster snapshot '" + snap + "' already exists " + c.where(),
                        "choose another snapshot identifier, e.g. with the date and time");
            }
            return new Plan("snapshot DB cluster " + cluster + " (" + d.status() + ") as " + snap,
                    map("clusterStatus", d.status()), map("snapshot", snap), null,
                    map("snapshot", snap, "snapshotArn", null, "status", "available", "createdAt", null), List.of());
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            String cluster = c.args.string("cluster");
            String snap = c.args.string("snapshot");
            RdsClient rds = rds(c);
            DBClusterSnapshot s = c.aws("rds:CreateDBClusterSnapshot", "DB cluster '" + cluster + "'",
                    () -> rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier(cluster).dbClusterSnapshotIdentifier(snap)
                            .overrideConfiguration(c.timeout()))).dbClusterSnapshot();
            if (c.args.bool("wait", true)) {
                Duration every = c.pollInterval(Duration.ofSeconds(30));
                int polls = 0;
                while (!"available".equals(s.status())) {
                    if ("failed".equals(s.status()) || "deleted".equals(s.status())) {
                        throw ActionException.permanent("DB cluster snapshot '" + snap + "' is " + s.status());
                    }
                    c.ctx.progress("snapshot " + snap + ": " + s.status() + " " + s.percentProgress() + "% (poll " + ++polls + ")");
                    c.pause(every, "DB cluster snapshot '" + snap + "' not available yet (" + s.status() + ")");
                    s = findSnapshot(c, snap).orElseThrow(() -> ActionException.permanent("DB cluster snapshot '" + snap + "' disappeared"));
                }
            }
            return new Result(map("snapshot", s.dbClusterSnapshotIdentifier(), "snapshotArn", s.dbClusterSnapshotArn(),
                    "status", s.status(), "createdAt", iso(s.snapshotCreateTime())), "snapshot " + snap + " " + s.status());
        }
    }

    static final class RestoreToPointInTime extends AwsAction {
        static final String RESTORE = "aws.rds.restore";
        private static final List<String> FAILED = List.of("failed", "inaccessible-encryption-credentials", "incompatible-restore", "deleting");

        RestoreToPointInTime(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        private static PointInTimeRequest request(AwsCall c) throws ActionException {
            return PointInTimeRequest.read(c.args, "sourceCluster", "targetCluster", "cluster", false);
        }

        @Override
        Plan plan(AwsCall c) throws ActionException {
            PointInTimeRequest q = request(c);
            DBCluster src = cluster(c, q.source());
            refuseExisting(c, q.target());
            if (q.time().isPresent()) {
                Instant t = q.time().get();
                if (src.earliestRestorableTime() != null && t.isBefore(src.earliestRestorableTime())
                        || src.latestRestorableTime() != null && t.isAfter(src.latestRestorableTime())) {
                    throw ActionException.permanent("restoreTime " + t + " is outside the restorable window of " + q.source() + ": "
                            + src.earliestRestorableTime() + " .. " + src.latestRestorableTime());
                }
            }
            String to = q.time().map(Instant::toString).orElse("the latest restorable time (" + src.latestRestorableTime() + ")");
            List<String> details = new ArrayList<>();
            details.add("subnet group " + c.args.optString("dbSubnetGroup").orElse(src.dbSubnetGroup())
                    + ", security groups " + securityGroups(c, src));
            c.args.optString("instanceClass").ifPresent(ic -> details.add("then create writer instance " + q.target() + "-1 (" + ic + ")"));
            return new Plan("restore DB cluster " + q.source() + " to " + to + " into new cluster " + q.target(),
                    map("sourceStatus", src.status(), "earliestRestorableTime", iso(src.earliestRestorableTime()),
                            "latestRestorableTime", iso(src.latestRestorableTime())),
                    map("cluster", q.target(), "restoreTime", q.time().map(Instant::toString).orElse("latest")),
                    null,
                    map("cluster", q.target(), "endpoint", predictEndpoint(src.endpoint(), q.source(), q.target()),
                            "readerEndpoint", predictEndpoint(src.readerEndpoint(), q.source(), q.target()),
                            "status", "available", "arn", null,
                            "instance", c.args.optString("instanceClass").map(ic -> q.target() + "-1").orElse(null)),
                    details);
        }

        private static void refuseExisting(AwsCall c, String target) throws ActionException {
            Optional<DBCluster> existing = findCluster(c, target);
            if (existing.isPresent()) {
                throw ActionException.permanent("DB cluster '" + target + "' already exists (" + existing.get().status() + ") " + c.where()
                        + "; a point-in-time restore always goes into a new cluster",
                        "choose a new targetCluster, or delete the old recovery cluster first");
            }
        }

        private static List<String> securityGroups(AwsCall c, DBCluster src) throws ActionException {
            if (c.args.has("vpcSecurityGroupIds")) return c.args.strings("vpcSecurityGroupIds");
            return src.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            PointInTimeRequest q = request(c);
            DBCluster src = cluster(c, q.source());
            refuseExisting(c, q.target());
            String subnets = c.args.optString("dbSubnetGroup").orElse(src.dbSubnetGroup());
            List<String> groups = securityGroups(c, src);
            RdsClient rds = rds(c);
            DBCluster d = c.aws("rds:RestoreDBClusterToPointInTime", "DB cluster '" + q.source() + "'",
                    () -> rds.restoreDBClusterToPointInTime(b -> {
                        b.sourceDBClusterIdentifier(q.source()).dbClusterIdentifier(q.target()).overrideConfiguration(c.timeout());
                        q.time().ifPresent(b::restoreToTime);
                        if (q.latest()) b.useLatestRestorableTime(true);
                        if (subnets != null) b.dbSubnetGroupName(subnets);
                        if (!groups.isEmpty()) b.vpcSecurityGroupIds(groups);
                    })).dbCluster();
            boolean wait = c.args.bool("wait", true);
            Duration every = c.pollInterval(Duration.ofSeconds(30));
            // accepted: from here on the restore goes on in AWS whatever happens to runbook
            Operation op = new Operation(RESTORE, q.target(), "point-in-time restore of DB cluster " + q.source() + " into new cluster " + q.target());
            c.ctx.operationAccepted(op);
            if (wait) {
                String target = q.target();
                d = awaitAccepted(op, () -> waitCluster(c, target, every));
            }
            String instance = null;
            Optional<String> instanceClass = c.args.optString("instanceClass").filter(s -> !s.isBlank());
            if (instanceClass.isPresent()) {
                instance = q.target() + "-1";
                String id = instance;
                String engine = d.engine() != null ? d.engine() : src.engine();
                c.aws("rds:CreateDBInstance", "DB cluster '" + q.target() + "'", () -> rds.createDBInstance(b -> b
                        .dbInstanceIdentifier(id).dbClusterIdentifier(q.target()).engine(engine)
                        .dbInstanceClass(instanceClass.get()).overrideConfiguration(c.timeout())));
                if (wait) awaitAccepted(op, () -> {
                    waitInstance(c, id, every);
                    return null;
                });
            }
            return new Result(map("cluster", q.target(), "endpoint", d.endpoint(), "readerEndpoint", d.readerEndpoint(),
                    "status", d.status(), "arn", d.dbClusterArn(), "instance", instance),
                    "restored " + q.source() + " into " + q.target() + " (" + d.status() + "), endpoint " + d.endpoint());
        }

        @Override
        Operation.State check(AwsCall c, Operation op) throws ActionException {
            Optional<DBCluster> d = findCluster(c, op.id());
            if (d.isEmpty()) return new Operation.State(Operation.Status.FAILED, "DB cluster '" + op.id() + "' does not exist " + c.where());
            String status = d.get().status();
            if ("available".equals(status)) return new Operation.State(Operation.Status.SUCCEEDED, "DB cluster '" + op.id() + "' is available");
            if (FAILED.contains(status)) return new Operation.State(Operation.Status.FAILED, "DB cluster '" + op.id() + "' is " + status);
            return new Operation.State(Operation.Status.RUNNING, "DB cluster '" + op.id() + "' is " + status);
        }

        @Override
        Result attach(AwsCall c, Operation op) throws ActionException {
            DBCluster d = waitCluster(c, op.id(), c.pollInterval(Duration.ofSeconds(30)));
            return new Result(map("cluster", op.id(), "endpoint", d.endpoint(), "readerEndpoint", d.readerEndpoint(),
                    "status", d.status(), "arn", d.dbClusterArn(), "instance", null),
                    "restore into " + op.id() + " finished (" + d.status() + "), endpoint " + d.endpoint()
                            + "; an instance asked for with instanceClass is not created by waiting: add it if it is missing");
        }

        private static DBCluster waitCluster(AwsCall c, String id, Duration every) throws ActionException {
            int polls = 0;
            while (true) {
                DBCluster d = cluster(c, id);
                polls++;
                if ("available".equals(d.status())) return d;
                if (FAILED.contains(d.status())) {
                    throw ActionException.permanent("restored DB cluster '" + id + "' is " + d.status());
                }
                c.ctx.progress("restoring " + id + ": " + d.status() + " (poll " + polls + ")");
                c.pause(every, "DB cluster '" + id + "' not available after " + polls + " polls (" + d.status() + ")");
            }
        }

        private static void waitInstance(AwsCall c, String id, Duration every) throws ActionException {
            RdsClient rds = rds(c);
            int polls = 0;
            while (true) {
                DBInstance i = c.aws("rds:DescribeDBInstances", "DB instance '" + id + "'",
                        () -> rds.describeDBInstances(b -> b.dbInstanceIdentifier(id).overrideConfiguration(c.timeout())))
                        .dbInstances().stream().findFirst()
                        .orElseThrow(() -> ActionException.permanent("DB instance '" + id + "' not found " + c.where()));
                polls++;
                if ("available".equals(i.dbInstanceStatus())) return;
                if (List.of("failed", "incompatible-parameters", "incompatible-restore", "deleting").contains(i.dbInstanceStatus())) {
                    throw ActionException.permanent("DB instance '" + id + "' is " + i.dbInstanceStatus());
                }
                c.ctx.progress("creating instance " + id + ": " + i.dbInstanceStatus() + " (poll " + polls + ")");
                c.pause(every, "DB instance '" + id + "' not available after " + polls + " polls (" + i.dbInstanceStatus() + ")");
            }
        }
    }

    /** Aurora endpoints are "<cluster-id>.cluster-<account/region hash>.<region>.rds.amazonaws.com": predict the new one. */
    static String predictEndpoint(String sourceEndpoint, String source, String target) {
        if (sourceEndpoint == null || !sourceEndpoint.startsWith(source + ".")) return null;
        return target + sourceEndpoint.substring(source.length());
    }
}
