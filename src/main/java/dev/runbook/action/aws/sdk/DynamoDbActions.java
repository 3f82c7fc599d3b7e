package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.iso;
import static dev.runbook.action.aws.sdk.Values.lng;
import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** aws.dynamodb.*: describe-continuous-backups, create-backup, restore-table-to-point-in-time. */
final class DynamoDbActions {
    private DynamoDbActions() {}

    static DynamoDbClient ddb(AwsCall c) throws ActionException {
        return c.client("dynamodb", DynamoDbClient::builder);
    }

    static Optional<TableDescription> findTable(AwsCall c, String table) throws ActionException {
        DynamoDbClient ddb = ddb(c);
        return c.awsIfExists("dynamodb:DescribeTable", "DynamoDB table '" + table + "'",
                () -> ddb.describeTable(b -> b.tableName(table).overrideConfiguration(c.timeout())).table());
    }

    static TableDescription table(AwsCall c, String table) throws ActionException {
        return findTable(c, table).orElseThrow(() -> ActionException.permanent("DynamoDB table '" + table + "' not found " + c.where(),
                "check the table name and the region (aws dynamodb list-tables)"));
    }

    static PointInTimeRecoveryDescription pitr(AwsCall c, String table) throws ActionException {
        DynamoDbClient ddb = ddb(c);
        ContinuousBackupsDescription d = c.aws("dynamodb:DescribeContinuousBackups", "DynamoDB table '" + table + "'",
                () -> ddb.describeContinuousBackups(b -> b.tableName(table).overrideConfiguration(c.timeout())))
                .continuousBackupsDescription();
        return d.pointInTimeRecoveryDescription() != null ? d.pointInTimeRecoveryDescription()
                : PointInTimeRecoveryDescription.builder().pointInTimeRecoveryStatus("DISABLED").build();
    }

    static final class DescribeContinuousBackups extends AwsAction {
        DescribeContinuousBackups(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            String table = c.args.string("table");
            DynamoDbClient ddb = ddb(c);
            ContinuousBackupsDescription d = c.aws("dynamodb:DescribeContinuousBackups", "DynamoDB table '" + table + "'",
                    () -> ddb.describeContinuousBackups(b -> b.tableName(table).overrideConfiguration(c.timeout())))
                    .continuousBackupsDescription();
            PointInTimeRecoveryDescription p = d.pointInTimeRecoveryDescription();
            String status = p == null ? "DISABLED" : p.pointInTimeRecoveryStatusAsString();
            return new Result(map("pitrStatus", status, "continuousBackupsStatus", d.continuousBackupsStatusAsString(),
                    "earliestRestorableTime", p == null ? null : iso(p.earliestRestorableDateTime()),
                    "latestRestorableTime", p == null ? null : iso(p.latestRestorableDateTime()),
                    "recoveryPeriodDays", p == null ? null : lng(p.recoveryPeriodInDays())),
                    table + ": point-in-time recovery " + status);
        }
    }

    static final class CreateBackup extends AwsAction {
        CreateBackup(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Plan plan(AwsCall c) throws ActionException {
            String table = c.args.string("table");
            String name = c.args.string("backupName");
            TableDescription t = table(c, table);
            return new Plan("back up DynamoDB table " + table + " (" + t.tableStatusAsString() + ", ~" + t.itemCount() + " items) as " + name,
                    map("tableStatus", t.tableStatusAsString(), "itemCount", t.itemCount(), "sizeBytes", t.tableSizeBytes()),
                    map("backupName", name), null,
                    map("backupArn", null, "backupName", name, "status", "AVAILABLE", "createdAt", null), List.of());
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            String table = c.args.string("table");
            String name = c.args.string("backupName");
            DynamoDbClient ddb = ddb(c);
            BackupDetails b = c.aws("dynamodb:CreateBackup", "DynamoDB table '" + table + "'",
                    () -> ddb.createBackup(r -> r.tableName(table).backupName(name).overrideConfiguration(c.timeout()))).backupDetails();
            return new Result(map("backupArn", b.backupArn(), "backupName", b.backupName(), "status", b.backupStatusAsString(),
                    "createdAt", iso(b.backupCreationDateTime())), "backup " + b.backupName() + " " + b.backupStatusAsString());
        }
    }

    static final class RestoreToPointInTime extends AwsAction {
        RestoreToPointInTime(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        private static PointInTimeRequest request(AwsCall c) throws ActionException {
            return PointInTimeRequest.read(c.args, "sourceTable", "targetTable", "table", true);
        }

        private static PointInTimeRecoveryDescription check(AwsCall c, PointInTimeRequest q) throws ActionException {
            PointInTimeRecoveryDescription p = pitr(c, q.source());
            if (!"ENABLED".equals(p.pointInTimeRecoveryStatusAsString())) {
                throw ActionException.permanent("point-in-time recovery is " + p.pointInTimeRecoveryStatusAsString()
                        + " on DynamoDB table '" + q.source() + "'; it cannot be restored to a point in time",
                        "restore from an on-demand backup instead");
            }
            if (q.time().isPresent()) {
                Instant t = q.time().get();
                if (p.earliestRestorableDateTime() != null && t.isBefore(p.earliestRestorableDateTime())
                        || p.latestRestorableDateTime() != null && t.isAfter(p.latestRestorableDateTime())) {
                    throw ActionException.permanent("restoreTime " + t + " is outside the restorable window of " + q.source() + ": "
                            + p.earliestRestorableDateTime() + " .. " + p.latestRestorableDateTime());
                }
            }
            Optional<TableDescription> existing = findTable(c, q.target());
            if (existing.isPresent()) {
                throw ActionException.permanent("DynamoDB table '" + q.target() + "' already exists (" + existing.get().tableStatusAsString()
                        + ") " + c.where() + "; a point-in-time restore always goes into a new table",
                        "choose a new targetTable, or delete the old recovery table first");
            }
            return p;
        }

        @Override
        Plan plan(AwsCall c) throws ActionException {
            PointInTimeRequest q = request(c);
            PointInTimeRecoveryDescription p = check(c, q);
            String to = q.time().map(Instant::toString).orElse("the latest restorable time (" + p.latestRestorableDateTime() + ")");
            return new Plan("restore DynamoDB table " + q.source() + " to " + to + " into new table " + q.target(),
                    map("pitrStatus", p.pointInTimeRecoveryStatusAsString(),
                            "earliestRestorableTime", iso(p.earliestRestorableDateTime()),
                            "latestRestorableTime", iso(p.latestRestorableDateTime())),
                    map("table", q.target(), "restoreTime", q.time().map(Instant::toString).orElse("latest")), null,
                    map("table", q.target(), "tableArn", null, "status", "ACTIVE"), List.of());
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            PointInTimeRequest q = request(c);
            check(c, q);
            DynamoDbClient ddb = ddb(c);
            TableDescription t = c.aws("dynamodb:RestoreTableToPointInTime", "DynamoDB table '" + q.source() + "'",
                    () -> ddb.restoreTableToPointInTime(b -> {
                        b.sourceTableName(q.source()).targetTableName(q.target()).overrideConfiguration(c.timeout());
                        q.time().ifPresent(b::restoreDateTime);
                        if (q.latest()) b.useLatestRestorableTime(true);
                    })).tableDescription();
            if (c.args.bool("wait", true)) {
                Duration every = c.pollInterval(Duration.ofSeconds(20));
                int polls = 0;
                while (!"ACTIVE".equals(t.tableStatusAsString())) {
                    c.ctx.progress("restoring " + q.target() + ": " + t.tableStatusAsString() + " (poll " + ++polls + ")");
                    c.pause(every, "DynamoDB table '" + q.target() + "' not ACTIVE after " + polls
                            + " polls (" + t.tableStatusAsString() + ")");
                    t = table(c, q.target());
                }
            }
            return new Result(map("table", q.target(), "tableArn", t.tableArn(), "status", t.tableStatusAsString()),
                    "restored " + q.source() + " into " + q.target() + " (" + t.tableStatusAsString() + ")");
        }
    }
}
