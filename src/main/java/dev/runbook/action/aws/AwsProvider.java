package dev.runbook.action.aws;

import static dev.runbook.model.ParamType.ANY;
import static dev.runbook.model.ParamType.BOOL;
import static dev.runbook.model.ParamType.DURATION;
import static dev.runbook.model.ParamType.INT;
import static dev.runbook.model.ParamType.LIST;
import static dev.runbook.model.ParamType.MAP;
import static dev.runbook.model.ParamType.NUMBER;
import static dev.runbook.model.ParamType.STRING;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Findings;
import dev.runbook.action.ParamSpec;
import dev.runbook.action.Provider;
import dev.runbook.model.Effect;
import java.time.Duration;
import java.util.List;

/**
 * The {@code aws.*} actions: metadata only. Nothing here touches the AWS SDK, so {@code validate},
 * {@code actions} and {@code --help} stay fast; {@link #factoryClass()} is loaded on first use.
 */
public final class AwsProvider implements Provider {
    public static final String FACTORY = "dev.runbook.action.aws.sdk.AwsActionFactory";

    private static final List<ActionSpec> SPECS = List.of(
            aws(ActionSpec.builder("aws.sts.whoami", Effect.READ)
                    .description("The caller's account and ARN (sts:GetCallerIdentity); confirms you are in the right account")
                    .optional("expectAccount", STRING, null, "fail unless the caller is in this 12-digit account")
                    .output("account", STRING, "12-digit account id")
                    .output("arn", STRING, "the caller's ARN")
                    .output("userId", STRING, "the caller's unique id")
                    .output("profile", STRING, "the profile the credentials come from (--aws-profile, AWS_PROFILE, "
                            + "'environment' for keys in the environment, else 'default')")
                    .outputOrNull("region", STRING, "the region calls go to (--aws-region, AWS_REGION, the profile's), or null")
                    .findings(Findings.fields("account", "arn"))
                    .timeout(Duration.ofSeconds(30))),

            aws(ActionSpec.builder("aws.ecs.describe-service", Effect.READ)
                    .description("An ECS service's counts, task definition, deployments and latest events")
                    .required("cluster", STRING, "ECS cluster name or ARN")
                    .required("service", STRING, "ECS service name or ARN")
                    .optional("events", INT, 5, "how many of the latest service events to return (0-100)")
                    .output("status", STRING, "ACTIVE, DRAINING or INACTIVE")
                    .output("desiredCount", INT, "tasks the service wants")
                    .output("runningCount", INT, "tasks running")
                    .output("pendingCount", INT, "tasks pending")
                    .output("taskDefinition", STRING, "ARN of the service's task definition")
                    .output("rolloutState", STRING, "rollout state of the PRIMARY deployment (COMPLETED, IN_PROGRESS, FAILED)")
                    .output("deployments", LIST, "deployments: {id, status, taskDefinition, desiredCount, runningCount, pendingCount, failedTasks, rolloutState, createdAt}")
                    .output("events", LIST, "latest events, newest first: {createdAt, message}")
                    .output("stable", BOOL, "one deployment and runningCount == desiredCount")
                    .findings(Findings.fields("status", "desiredCount", "runningCount", "pendingCount", "rolloutState", "taskDefinition"))
                    .timeout(Duration.ofSeconds(30))),

            aws(ActionSpec.builder("aws.ecs.update-service", Effect.WRITE).ownUndo()
                    .description("Sets an ECS service's desiredCount and/or forces a new deployment; undo restores the previous desiredCount")
                    .required("cluster", STRING, "ECS cluster name or ARN")
                    .required("service", STRING, "ECS service name or ARN")
                    .optional("desiredCount", INT, null, "the new desired task count")
                    .optional("forceNewDeployment", BOOL, false, "start a new deployment (replaces every task)")
                    .before("desiredCount", INT, "desired count before the change")
                    .before("runningCount", INT, "running count before the change")
                    .before("taskDefinition", STRING, "task definition before the change")
                    .output("desiredCount", INT, "desired count after the change")
                    .output("taskDefinition", STRING, "the service's task definition")
                    .output("deploymentId", STRING, "id of the PRIMARY deployment after the call")
                    .findings(Findings.fields("desiredCount", "taskDefinition", "deploymentId"))
                    .timeout(Duration.ofMinutes(1))),

            aws(ActionSpec.builder("aws.ecs.wait-stable", Effect.READ)
                    .description("Polls an ECS service until it is stable (one deployment, runningCount == desiredCount) or the step times out")
                    .required("cluster", STRING, "ECS cluster name or ARN")
                    .required("service", STRING, "ECS service name or ARN")
                    .optional("pollInterval", DURATION, "15s", "time between polls")
                    .output("stable", BOOL, "true once stable")
                    .output("desiredCount", INT, "desired count when stable")
                    .output("runningCount", INT, "running count when stable")
                    .output("polls", INT, "number of DescribeServices calls made")
                    .findings(Findings.fields("stable", "desiredCount", "runningCount"))
                    .timeout(Duration.ofMinutes(15))),

            aws(ActionSpec.builder("aws.appautoscaling.register-target", Effect.WRITE).ownUndo()
                    .description("Sets the Application Auto Scaling min/max task count of an ECS service (pre-warm); undo restores the previous limits")
                    .required("cluster", STRING, "ECS cluster name")
                    .required("service", STRING, "ECS service name")
                    .optional("minCapacity", INT, null, "new minimum task count")
                    .optional("maxCapacity", INT, null, "new maximum task count")
                    .before("registered", BOOL, "whether the service was a scalable target before")
                    .before("minCapacity", INT, "minimum before the change (null if not registered)")
                    .before("maxCapacity", INT, "maximum before the change (null if not registered)")
                    .output("resourceId", STRING, "service/<cluster>/<service>")
                    .output("minCapacity", INT, "minimum after the change")
                    .output("maxCapacity", INT, "maximum after the change")
                    .output("scalableTargetArn", STRING, "ARN of the scalable target")
                    .findings(Findings.fields("resourceId", "minCapacity", "maxCapacity"))
                    .timeout(Duration.ofMinutes(1))),

            aws(ActionSpec.builder("aws.rds.describe-cluster", Effect.READ)
                    .description("An Aurora/RDS DB cluster's status, endpoints, engine and restorable window")
                    .required("cluster", STRING, "DB cluster identifier")
                    .output("status", STRING, "cluster status, e.g. available")
                    .output("endpoint", STRING, "writer endpoint")
                    .output("readerEndpoint", STRING, "reader endpoint")
                    .output("port", INT, "port")
                    .output("engine", STRING, "engine, e.g. aurora-postgresql")
                    .output("engineVersion", STRING, "engine version")
                    .output("earliestRestorableTime", STRING, "ISO-8601 instant")
                    .output("latestRestorableTime", STRING, "ISO-8601 instant")
                    .output("backupRetentionDays", INT, "automated backup retention in days")
                    .output("members", LIST, "instances: {instance, writer}")
                    .output("arn", STRING, "cluster ARN")
                    .findings(Findings.fields("status", "endpoint", "engineVersion", "members", "latestRestorableTime"))
                    .timeout(Duration.ofSeconds(30))),

            aws(ActionSpec.builder("aws.rds.create-cluster-snapshot", Effect.WRITE).nothingToUndo("adds a snapshot; nothing that exists is changed")
                    .description("Takes a manual DB cluster snapshot and (by default) waits until it is available")
                    .required("cluster", STRING, "DB cluster identifier")
                    .required("snapshot", STRING, "new snapshot identifier (must not exist)")
                    .optional("wait", BOOL, true, "poll until the snapshot is available")
                    .optional("pollInterval", DURATION, "30s", "time between polls")
                    .before("clusterStatus", STRING, "the cluster's status before the snapshot")
                    .output("snapshot", STRING, "snapshot identifier")
                    .output("snapshotArn", STRING, "snapshot ARN")
                    .output("status", STRING, "snapshot status (available when waited)")
                    .output("createdAt", STRING, "ISO-8601 snapshot time")
                    .findings(Findings.fields("snapshot", "status", "createdAt"))
                    .timeout(Duration.ofMinutes(60))),

            aws(ActionSpec.builder("aws.rds.restore-cluster-to-point-in-time", Effect.WRITE).nothingToUndo("restores into a new cluster; the source cluster is untouched")
                    .description("Restores a DB cluster to a point in time into a NEW cluster (refuses an existing target), waits until available")
                    .required("sourceCluster", STRING, "DB cluster to restore from")
                    .required("targetCluster", STRING, "new DB cluster identifier (must not exist)")
                    .optional("restoreTime", STRING, null, "ISO-8601 instant, e.g. 2024-01-22T14:00:00Z; omit with useLatestRestorableTime")
                    .optional("useLatestRestorableTime", BOOL, false, "restore to the latest restorable time")
                    .optional("instanceClass", STRING, null, "also create a writer instance of this class (e.g. db.r6g.large) so the endpoint accepts connections")
                    .optional("dbSubnetGroup", STRING, null, "subnet group; default: the source cluster's")
                    .optional("vpcSecurityGroupIds", LIST, null, "security groups; default: the source cluster's")
                    .optional("wait", BOOL, true, "poll until the cluster (and instance) is available")
                    .optional("pollInterval", DURATION, "30s", "time between polls")
                    .before("sourceStatus", STRING, "source cluster status")
                    .before("earliestRestorableTime", STRING, "ISO-8601 instant")
                    .before("latestRestorableTime", STRING, "ISO-8601 instant")
                    .output("cluster", STRING, "the new cluster identifier")
                    .output("endpoint", STRING, "writer endpoint of the new cluster")
                    .output("readerEndpoint", STRING, "reader endpoint of the new cluster")
                    .output("status", STRING, "status of the new cluster")
                    .output("arn", STRING, "ARN of the new cluster")
                    .output("instance", STRING, "writer instance identifier, when instanceClass was given")
                    .findings(Findings.fields("cluster", "endpoint", "status"))
                    .timeout(Duration.ofMinutes(90))),

            aws(ActionSpec.builder("aws.dynamodb.describe-continuous-backups", Effect.READ)
                    .description("A DynamoDB table's point-in-time recovery status and restorable window")
                    .required("table", STRING, "table name")
                    .output("pitrStatus", STRING, "ENABLED or DISABLED")
                    .output("continuousBackupsStatus", STRING, "ENABLED or DISABLED")
                    .outputOrNull("earliestRestorableTime", STRING, "ISO-8601 instant (null when PITR is off)")
                    .outputOrNull("latestRestorableTime", STRING, "ISO-8601 instant (null when PITR is off)")
                    .outputOrNull("recoveryPeriodDays", INT, "PITR retention in days (null when PITR is off)")
                    .findings(Findings.fields("pitrStatus", "earliestRestorableTime", "latestRestorableTime", "recoveryPeriodDays"))
                    .timeout(Duration.ofSeconds(30))),

            aws(ActionSpec.builder("aws.dynamodb.create-backup", Effect.WRITE).nothingToUndo("adds a backup; nothing that exists is changed")
                    .description("Creates an on-demand backup of a DynamoDB table")
                    .required("table", STRING, "table name")
                    .required("backupName", STRING, "backup name")
                    .before("tableStatus", STRING, "table status before the backup")
                    .before("itemCount", INT, "approximate item count")
                    .before("sizeBytes", INT, "approximate table size in bytes")
                    .output("backupArn", STRING, "backup ARN")
                    .output("backupName", STRING, "backup name")
                    .output("status", STRING, "CREATING or AVAILABLE")
                    .output("createdAt", STRING, "ISO-8601 instant")
                    .findings(Findings.fields("backupName", "status", "createdAt"))
                    .timeout(Duration.ofMinutes(2))),

            aws(ActionSpec.builder("aws.dynamodb.restore-table-to-point-in-time", Effect.WRITE).nothingToUndo("restores into a new table; the source table is untouched")
                    .description("Restores a DynamoDB table to a point in time into a NEW table (refuses an existing target), waits until ACTIVE")
                    .required("sourceTable", STRING, "table to restore from")
                    .required("targetTable", STRING, "new table name (must not exist)")
                    .optional("restoreTime", STRING, null, "ISO-8601 instant or epoch seconds (e.g. 1705929600); omit with useLatestRestorableTime")
                    .optional("useLatestRestorableTime", BOOL, false, "restore to the latest restorable time")
                    .optional("wait", BOOL, true, "poll until the new table is ACTIVE")
                    .optional("pollInterval", DURATION, "20s", "time between polls")
                    .before("pitrStatus", STRING, "source PITR status")
                    .before("earliestRestorableTime", STRING, "ISO-8601 instant")
                    .before("latestRestorableTime", STRING, "ISO-8601 instant")
                    .output("table", STRING, "the new table name")
                    .output("tableArn", STRING, "the new table ARN")
                    .output("status", STRING, "table status (ACTIVE when waited)")
                    .findings(Findings.fields("table", "status"))
                    .timeout(Duration.ofMinutes(60))),

            aws(ActionSpec.builder("aws.secretsmanager.describe-secret", Effect.READ)
                    .description("A secret's rotation status, dates and versions (never its value)")
                    .required("secret", STRING, "secret name or ARN")
                    .output("name", STRING, "secret name")
                    .output("arn", STRING, "secret ARN")
                    .output("rotationEnabled", BOOL, "whether automatic rotation is on")
                    .output("rotationLambdaArn", STRING, "the rotation function")
                    .outputOrNull("lastRotatedDate", STRING, "ISO-8601 instant or null")
                    .outputOrNull("lastChangedDate", STRING, "ISO-8601 instant or null")
                    .outputOrNull("nextRotationDate", STRING, "ISO-8601 instant or null")
                    .output("currentVersion", STRING, "version id labelled AWSCURRENT")
                    .outputOrNull("pendingVersion", STRING, "version id labelled AWSPENDING, or null")
                    .output("versions", MAP, "version id -> list of staging labels")
                    .findings(Findings.fields("rotationEnabled", "lastRotatedDate", "nextRotationDate", "currentVersion", "pendingVersion"))
                    .timeout(Duration.ofSeconds(30))),

            aws(ActionSpec.builder("aws.secretsmanager.rotate-secret", Effect.WRITE)
                    .description("Starts rotation of a secret (runs its rotation Lambda) and polls until the new version is AWSCURRENT")
                    .required("secret", STRING, "secret name or ARN")
                    .optional("pollInterval", DURATION, "10s", "time between polls")
                    .before("currentVersion", STRING, "AWSCURRENT version before rotation")
                    .before("lastRotatedDate", STRING, "ISO-8601 instant or null")
                    .before("rotationEnabled", BOOL, "whether automatic rotation was on")
                    .output("newVersion", STRING, "the version created by this rotation")
                    .output("currentVersion", STRING, "AWSCURRENT version after rotation")
                    .output("previousVersion", STRING, "AWSPREVIOUS version after rotation")
                    .output("lastRotatedDate", STRING, "ISO-8601 instant")
                    .findings(Findings.fields("newVersion", "currentVersion", "previousVersion"))
                    .timeout(Duration.ofMinutes(10))),

            aws(ActionSpec.builder("aws.cloudwatch.alarm-state", Effect.READ)
                    .description("State and reason of named CloudWatch alarms (metric and composite)")
                    .required("alarms", LIST, "alarm names")
                    .output("states", MAP, "alarm name -> OK, ALARM or INSUFFICIENT_DATA")
                    .output("alarms", LIST, "{name, state, reason, updatedAt}")
                    .output("inAlarm", LIST, "names of the alarms in ALARM")
                    .output("anyInAlarm", BOOL, "true if any named alarm is in ALARM")
                    .findings(Findings.table("alarms", null, null, "inAlarm"))
                    .timeout(Duration.ofSeconds(30))),

            aws(ActionSpec.builder("aws.cloudwatch.metric", Effect.READ)
                    .description("One statistic of a CloudWatch metric over a recent window, e.g. ALB TargetResponseTime p95 over 5m")
                    .required("namespace", STRING, "e.g. AWS/ApplicationELB")
                    .required("metric", STRING, "e.g. TargetResponseTime")
                    .optional("dimensions", MAP, null, "dimension name -> value, e.g. {LoadBalancer: app/prod-alb/50dc6c495c0c9188}")
                    .optional("statistic", STRING, "Average", "Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p95")
                    .optional("window", DURATION, "5m", "how far back from now (whole minutes)")
                    .outputOrNull("value", NUMBER, "the statistic over the window (null when there is no data)")
                    .output("hasData", BOOL, "false when the metric had no datapoints in the window")
                    .output("datapoints", LIST, "{timestamp, value}, newest first")
                    .findings(Findings.fields("value", "hasData"))
                    .timeout(Duration.ofSeconds(30))),

            aws(ActionSpec.builder("aws.logs.insights-query", Effect.READ)
                    .description("Runs a CloudWatch Logs Insights query over a recent window, polls until complete, returns the rows (bounded)")
                    .required("logGroups", LIST, "log group names")
                    .required("query", STRING, "Logs Insights query, e.g. filter @message like /Connection Timeout/ | stats count() as n")
                    .optional("window", DURATION, "15m", "how far back from now")
                    .optional("limit", INT, 100, "maximum rows returned (1-10000)")
                    .optional("pollInterval", DURATION, "2s", "time between polls")
                    .output("rows", LIST, "result rows: field -> value")
                    .output("count", INT, "number of rows returned")
                    .output("recordsMatched", INT, "log events matched")
                    .output("recordsScanned", INT, "log events scanned")
                    .output("queryId", STRING, "the query id")
                    .findings(Findings.table("rows", null, "count", "recordsMatched"))
                    .timeout(Duration.ofMinutes(5))),

            aws(ActionSpec.builder("aws.route53.upsert-record", Effect.DESTRUCTIVE).ownUndo()
                    .description("Creates or repoints a simple Route 53 record (e.g. the DR CNAME switchover); undo restores the old record")
                    .required("hostedZoneId", STRING, "hosted zone id, e.g. Z0123456789ABCDEFGHIJ")
                    .required("name", STRING, "record name, e.g. db.fintech.internal")
                    .param(ParamSpec.optional("type", STRING, "CNAME", "record type").allowing("CNAME", "A", "AAAA", "TXT"))
                    .required("value", ANY, "the new value (a list for several A/AAAA/TXT values)")
                    .optional("ttl", INT, 60, "TTL in seconds")
                    .optional("wait", BOOL, true, "poll until the change is INSYNC")
                    .optional("pollInterval", DURATION, "5s", "time between polls")
                    .before("exists", BOOL, "whether the record existed")
                    .before("value", ANY, "the old value (a string, or a list for several values; null if none)")
                    .before("ttl", INT, "the old TTL (null if none)")
                    .output("changeId", STRING, "Route 53 change id")
                    .output("status", STRING, "PENDING or INSYNC")
                    .output("name", STRING, "record name")
                    .output("value", ANY, "the value now set")
                    .target("name")
                    .findings(Findings.fields("name", "value", "status"))
                    .timeout(Duration.ofMinutes(5))));

    /** Every action takes an optional region and profile, after its own parameters. */
    private static ActionSpec aws(ActionSpec.Builder b) {
        return b.optional("region", STRING, null, "AWS region; default: --aws-region, then the SDK's chain (AWS_REGION, profile)")
                .optional("profile", STRING, null, "named profile; default: --aws-profile, then AWS_PROFILE")
                .build();
    }

    @Override
    public String id() {
        return "aws";
    }

    @Override
    public List<ActionSpec> specs() {
        return SPECS;
    }

    /**
     * A region (--aws-region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region in the config file, or every step's
     * own {@code region:}) and credentials (keys or a web identity in the environment, a container role, or the
     * profile in the config or credentials file). On an EC2 instance the instance role may sign in: not called missing.
     */
    @Override
    public List<dev.runbook.action.Preflight.Need> preflight(dev.runbook.action.Preflight in) {
        List<dev.runbook.action.Preflight.Need> out = new java.util.ArrayList<>();
        if (in.steps().isEmpty()) return out;
        String profile = in.setting("aws.profile") != null ? in.setting("aws.profile") : in.env("AWS_PROFILE") != null ? in.env("AWS_PROFILE") : "default";
        java.nio.file.Path config = in.env("AWS_CONFIG_FILE") != null ? java.nio.file.Path.of(in.env("AWS_CONFIG_FILE"))
                : in.home() == null ? null : in.home().resolve(".aws/config");
        java.nio.file.Path credentials = in.env("AWS_SHARED_CREDENTIALS_FILE") != null ? java.nio.file.Path.of(in.env("AWS_SHARED_CREDENTIALS_FILE"))
                : in.home() == null ? null : in.home().resolve(".aws/credentials");
        java.util.Map<String, String> inConfig = section(config, profile.equals("default") ? "default" : "profile " + profile);
        java.util.Map<String, String> inCredentials = section(credentials, profile);
        boolean everyStepHasRegion = in.steps().stream().allMatch(u -> u.args().contains("region"));
        if (in.setting("aws.region") == null && in.env("AWS_REGION") == null && in.env("AWS_DEFAULT_REGION") == null
                && !inConfig.containsKey("region") && !everyStepHasRegion) {
            out.add(new dev.runbook.action.Preflight.Need("no AWS region (profile '" + profile + "' names none)",
                    "pass --aws-region REGION or set AWS_REGION (e.g. eu-west-1)"));
        }
        boolean keys = in.env("AWS_ACCESS_KEY_ID") != null && in.env("AWS_SECRET_ACCESS_KEY") != null;
        boolean other = in.env("AWS_WEB_IDENTITY_TOKEN_FILE") != null || in.env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null
                || in.env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null;
        boolean profiled = inCredentials.containsKey("aws_access_key_id") || inConfig.keySet().stream().anyMatch(k -> k.equals("aws_access_key_id")
                || k.startsWith("sso_") || k.equals("role_arn") || k.equals("credential_process") || k.equals("source_profile") || k.equals("sso_session"));
        if (in.env("AWS_ACCESS_KEY_ID") != null && in.env("AWS_SECRET_ACCESS_KEY") == null) {
            out.add(new dev.runbook.action.Preflight.Need("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY", "set both, or neither and use a profile"));
        } else if (!keys && !other && !profiled && !dev.runbook.action.Preflight.cloudVm("Amazon")) {
            out.add(new dev.runbook.action.Preflight.Need("no AWS credentials for profile '" + profile + "'",
                    "run 'aws sso login --profile NAME' or 'aws configure', then pass --aws-profile NAME (or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"));
        }
        return out;
    }

    /** The keys of one [section] of an AWS ini file; empty when the file or section is absent. */
    private static java.util.Map<String, String> section(java.nio.file.Path file, String name) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (file == null || !java.nio.file.Files.isReadable(file)) return out;
        try {
            boolean in = false;
            String text = new String(dev.runbook.parse.InputFiles.read(file, dev.runbook.parse.InputFiles.MIB, "an AWS config file"),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (String line : text.split("\\R")) {
                String l = line.strip();
                if (l.startsWith("[") && l.endsWith("]")) {
                    in = l.substring(1, l.length() - 1).strip().equals(name);
                } else if (in && l.contains("=") && !l.startsWith("#") && !l.startsWith(";")) {
                    out.put(l.substring(0, l.indexOf('=')).strip().toLowerCase(java.util.Locale.ROOT), l.substring(l.indexOf('=') + 1).strip());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // unreadable: the SDK will say so when it reads it
        }
        return out;
    }

    @Override
    public String identityAction() {
        return "aws.sts.whoami";
    }

    /** "profile prod, account 123456789012 as arn:aws:iam::123456789012:user/Alice, region eu-west-1". */
    @Override
    public String identityText(java.util.Map<String, Object> o) {
        String profile = Provider.text(o, "profile");
        String account = Provider.text(o, "account");
        String arn = Provider.text(o, "arn");
        String region = Provider.text(o, "region");
        StringBuilder sb = new StringBuilder();
        if ("environment".equals(profile)) sb.append("keys from the environment, ");
        else if (profile != null) sb.append("profile ").append(profile).append(", ");
        sb.append("account ").append(account != null ? account : "(unknown)");
        if (arn != null) sb.append(" as ").append(arn);
        sb.append(", region ").append(region != null ? region : "(none set)");
        return sb.toString();
    }

    @Override
    public String factoryClass() {
        return FACTORY;
    }
}
