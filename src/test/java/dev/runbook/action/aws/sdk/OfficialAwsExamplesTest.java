package dev.runbook.action.aws.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every AWS action against responses taken from AWS's published examples (src/test/resources/aws/official; its
 * README names each source, its licence and whether the fixture is copied or modelled), through the production SDK
 * clients and wire protocols (JSON 1.0/1.1, query/XML, REST/XML, RPCv2 CBOR).
 */
class OfficialAwsExamplesTest extends WireTest {
    static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    static final String SCALING = "AnyScaleFrontendService.";
    static final String DDB = "DynamoDB_20120810.";
    static final String SM = "secretsmanager.";
    static final String LOGS = "Logs_20140328.";

    static String official(String name) {
        return Fixtures.text("aws/official/" + name);
    }

    static void xmlBody(String action, String body) {
        wm.stubFor(query(action).willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody(body)));
    }

    @Test
    void sts_whoami_reads_the_caller_identity_example() throws Exception {
        xmlBody("GetCallerIdentity", official("sts-get-caller-identity.xml"));
        Result r = exec("aws.sts.whoami", Map.of());
        assertThat(r.outputs()).containsEntry("account", "123456789012").containsEntry("arn", "arn:aws:iam::123456789012:user/DevAdmin")
                .containsEntry("userId", "AIDASAMPLEUSERID");
    }

    @Test
    void ecs_update_and_wait_stable_read_the_describe_services_example() throws Exception {
        String describe = official("ecs-describe-services.json");
        json(ECS + "DescribeServices", 200, describe);
        String service = describe.substring(describe.indexOf('[') + 1, describe.lastIndexOf(']'));
        service = service.substring(0, service.lastIndexOf('}') + 1);
        json(ECS + "UpdateService", 200, "{\"service\":" + service.replace("\"desiredCount\": 10", "\"desiredCount\": 12") + "}");
        Map<String, Object> args = Map.of("cluster", "default", "service", "my-http-service", "desiredCount", 12);
        Plan p = plan("aws.ecs.update-service", args);
        assertThat(p.before()).containsEntry("desiredCount", 10L);
        Result r = exec("aws.ecs.update-service", args);
        assertThat(r.outputs()).containsEntry("desiredCount", 12L)
                .containsEntry("taskDefinition", "arn:aws:ecs:us-west-2:123456789012:task-definition/amazon-ecs-sample:1");
        Result stable = exec("aws.ecs.wait-stable", Map.of("cluster", "default", "service", "my-http-service", "pollInterval", "1s"));
        assertThat(stable.outputs()).containsEntry("stable", true).containsEntry("desiredCount", 10L).containsEntry("runningCount", 10L);
    }

    @Test
    void register_target_reads_the_describe_scalable_targets_example() throws Exception {
        String found = official("appautoscaling-describe-scalable-targets.json");
        wm.stubFor(target(SCALING + "DescribeScalableTargets").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(found)));
        wm.stubFor(target(SCALING + "RegisterScalableTarget").inScenario("s").willReturn(aResponse().withBody(
                "{\"ScalableTargetARN\":\"arn:aws:application-autoscaling:us-west-2:123456789012:scalable-target/0ec5a1b2c3d4e5f6a7b8\"}"))
                .willSetStateTo("after"));
        wm.stubFor(target(SCALING + "DescribeScalableTargets").inScenario("s").whenScenarioStateIs("after")
                .willReturn(aResponse().withBody(found.replace("\"MinCapacity\": 1", "\"MinCapacity\": 4"))));
        Map<String, Object> args = Map.of("cluster", "default", "service", "web-app", "minCapacity", 4);
        Plan p = plan("aws.appautoscaling.register-target", args);
        assertThat(p.summary()).isEqualTo("set service/default/web-app capacity min 1 -> 4, max 10 -> 10");
        Result r = exec("aws.appautoscaling.register-target", args);
        assertThat(r.outputs()).containsEntry("resourceId", "service/default/web-app").containsEntry("minCapacity", 4L)
                .containsEntry("maxCapacity", 10L);
    }

    @Test
    void rds_describe_cluster_reads_the_describe_db_clusters_example() throws Exception {
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "mydbcluster").willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody(official("rds-describe-db-clusters.xml"))));
        Result r = exec("aws.rds.describe-cluster", Map.of("cluster", "mydbcluster"));
        assertThat(r.outputs()).containsEntry("status", "available")
                .containsEntry("endpoint", "mydbcluster.cluster-cnpexample.us-east-1.rds.amazonaws.com")
                .containsEntry("readerEndpoint", "mydbcluster.cluster-ro-cnpexample.us-east-1.rds.amazonaws.com")
                .containsEntry("port", 3306L).containsEntry("engine", "aurora-mysql").containsEntry("engineVersion", "5.7.mysql_aurora.2.04.2")
                .containsEntry("earliestRestorableTime", "2019-06-19T09:16:28.210Z").containsEntry("latestRestorableTime", "2019-06-20T22:38:14.908Z")
                .containsEntry("backupRetentionDays", 1L).containsEntry("arn", "arn:aws:rds:us-east-1:123456789012:cluster:mydbcluster");
        assertThat((List<?>) r.outputs().get("members")).hasSize(6);
    }

    @Test
    void rds_create_snapshot_reads_the_create_db_cluster_snapshot_shape() throws Exception {
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "mydbcluster").willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody(official("rds-describe-db-clusters.xml"))));
        String creating = official("rds-create-db-cluster-snapshot.xml");
        String available = creating.replace("CreateDBClusterSnapshotResponse", "DescribeDBClusterSnapshotsResponse")
                .replace("<CreateDBClusterSnapshotResult>", "<DescribeDBClusterSnapshotsResult><DBClusterSnapshots>")
                .replace("</CreateDBClusterSnapshotResult>", "</DBClusterSnapshots></DescribeDBClusterSnapshotsResult>")
                .replace("<Status>creating</Status>", "<Status>available</Status>")
                .replace("<PercentProgress>0</PercentProgress>", "<PercentProgress>100</PercentProgress>");
        wm.stubFor(query("DescribeDBClusterSnapshots").inScenario("snap").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/xml").withBody(rdsError("DBClusterSnapshotNotFoundFault",
                        "DBClusterSnapshot mydbclustersnapshot not found."))));
        wm.stubFor(query("CreateDBClusterSnapshot").inScenario("snap").willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(creating)).willSetStateTo("made"));
        wm.stubFor(query("DescribeDBClusterSnapshots").inScenario("snap").whenScenarioStateIs("made")
                .willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody(available)));
        Result r = exec("aws.rds.create-cluster-snapshot", Map.of("cluster", "mydbcluster", "snapshot", "mydbclustersnapshot",
                "pollInterval", "1s"));
        assertThat(r.outputs()).containsEntry("status", "available").containsEntry("createdAt", "2019-06-18T21:21:00.469Z")
                .containsEntry("snapshotArn", "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:mydbclustersnapshot");
    }

    @Test
    void rds_restore_reads_the_new_cluster_in_the_describe_db_clusters_shape() throws Exception {
        String source = official("rds-describe-db-clusters.xml");
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "mydbcluster").willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody(source)));
        String restored = source.replace("mydbcluster", "mydbcluster-restored");
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "mydbcluster-restored").inScenario("r")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/xml")
                        .withBody(rdsError("DBClusterNotFoundFault", "DBCluster mydbcluster-restored not found."))));
        String result = restored.replace("DescribeDBClustersResponse", "RestoreDBClusterToPointInTimeResponse")
                .replace("<DescribeDBClustersResult>\n    <DBClusters>", "<RestoreDBClusterToPointInTimeResult>")
                .replace("</DBClusters>\n  </DescribeDBClustersResult>", "</RestoreDBClusterToPointInTimeResult>")
                .replace("<Status>available</Status>", "<Status>creating</Status>");
        wm.stubFor(query("RestoreDBClusterToPointInTime").inScenario("r").willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(result)).willSetStateTo("made"));
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "mydbcluster-restored").inScenario("r")
                .whenScenarioStateIs("made").willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody(restored)));
        Result r = exec("aws.rds.restore-cluster-to-point-in-time", Map.of("sourceCluster", "mydbcluster",
                "targetCluster", "mydbcluster-restored", "restoreTime", "2019-06-20T12:00:00Z", "pollInterval", "1s"));
        assertThat(r.outputs()).containsEntry("cluster", "mydbcluster-restored").containsEntry("status", "available")
                .containsEntry("endpoint", "mydbcluster-restored.cluster-cnpexample.us-east-1.rds.amazonaws.com");
    }

    @Test
    void dynamodb_actions_read_the_describe_table_continuous_backups_and_backup_shapes() throws Exception {
        json(DDB + "DescribeContinuousBackups", 200, official("dynamodb-describe-continuous-backups.json"));
        Result pitr = exec("aws.dynamodb.describe-continuous-backups", Map.of("table", "MusicCollection"));
        assertThat(pitr.outputs()).containsEntry("pitrStatus", "ENABLED").containsEntry("continuousBackupsStatus", "ENABLED")
                .containsEntry("earliestRestorableTime", "2019-12-17T22:40:04Z").containsEntry("recoveryPeriodDays", 35L);

        String table = official("dynamodb-describe-table.json");
        wm.stubFor(target(DDB + "DescribeTable").withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"MusicCollection\""))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.0").withBody(table)));
        json(DDB + "CreateBackup", 200, official("dynamodb-create-backup.json"));
        Result backup = exec("aws.dynamodb.create-backup", Map.of("table", "MusicCollection", "backupName", "MusicCollectionBackup"));
        assertThat(backup.outputs()).containsEntry("status", "CREATING").containsEntry("backupName", "MusicCollectionBackup")
                .containsEntry("backupArn", "arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection/backup/01576616366715-b4e58d3a");
    }

    @Test
    void dynamodb_restore_reads_the_new_table_in_the_describe_table_shape() throws Exception {
        json(DDB + "DescribeContinuousBackups", 200, official("dynamodb-describe-continuous-backups.json"));
        String restored = official("dynamodb-describe-table.json").replace("MusicCollection", "MusicCollectionRestored");
        wm.stubFor(target(DDB + "DescribeTable").inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                        + "\"message\":\"Requested resource not found: Table: MusicCollectionRestored not found\"}")));
        wm.stubFor(target(DDB + "RestoreTableToPointInTime").inScenario("r").willReturn(aResponse().withBody(
                restored.replace("\"Table\"", "\"TableDescription\"").replace("\"ACTIVE\"", "\"CREATING\""))).willSetStateTo("made"));
        wm.stubFor(target(DDB + "DescribeTable").inScenario("r").whenScenarioStateIs("made").willReturn(aResponse().withBody(restored)));
        Result r = exec("aws.dynamodb.restore-table-to-point-in-time", Map.of("sourceTable", "MusicCollection",
                "targetTable", "MusicCollectionRestored", "useLatestRestorableTime", true, "pollInterval", "1s"));
        assertThat(r.outputs()).containsEntry("table", "MusicCollectionRestored").containsEntry("status", "ACTIVE");
    }

    @Test
    void secrets_manager_reads_the_describe_and_rotate_examples() throws Exception {
        String describe = official("secretsmanager-describe-secret.json");
        json(SM + "DescribeSecret", 200, describe);
        Result d = exec("aws.secretsmanager.describe-secret", Map.of("secret", "MyTestSecret"));
        assertThat(d.outputs()).containsEntry("name", "MyTestSecret").containsEntry("rotationEnabled", true)
                .containsEntry("rotationLambdaArn", "arn:aws:lambda:us-west-2:123456789012:function:MyTestRotationLambda")
                .containsEntry("currentVersion", "a1b2c3d4-5678-90ab-cdef-EXAMPLE22222")
                .containsEntry("pendingVersion", "a1b2c3d4-5678-90ab-cdef-EXAMPLE33333")
                .containsEntry("lastRotatedDate", "2018-05-08T02:40:53.720Z");

        // the rotation the CLI example starts: its VersionId becomes AWSCURRENT once the Lambda has run
        wm.resetAll();
        json(SM + "RotateSecret", 200, official("secretsmanager-rotate-secret.json"));
        String before = describe.replace("\"a1b2c3d4-5678-90ab-cdef-EXAMPLE33333\": [\"AWSPENDING\"]", "\"a1b2c3d4-5678-90ab-cdef-EXAMPLE33333\": []");
        String after = describe.replace("\"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\": [\"AWSPREVIOUS\"]", "\"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\": [\"AWSCURRENT\"]")
                .replace("\"a1b2c3d4-5678-90ab-cdef-EXAMPLE22222\": [\"AWSCURRENT\"]", "\"a1b2c3d4-5678-90ab-cdef-EXAMPLE22222\": [\"AWSPREVIOUS\"]")
                .replace("\"a1b2c3d4-5678-90ab-cdef-EXAMPLE33333\": [\"AWSPENDING\"]", "\"a1b2c3d4-5678-90ab-cdef-EXAMPLE33333\": []");
        wm.stubFor(target(SM + "DescribeSecret").inScenario("rot").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(before)).willSetStateTo("rotating"));
        wm.stubFor(target(SM + "DescribeSecret").inScenario("rot").whenScenarioStateIs("rotating")
                .willReturn(aResponse().withBody(after)));
        Result r = exec("aws.secretsmanager.rotate-secret", Map.of("secret", "MyTestDatabaseSecret", "pollInterval", "1s"));
        assertThat(r.outputs()).containsEntry("newVersion", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")
                .containsEntry("currentVersion", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
    }

    /** The CLI prints CloudWatch's answers as JSON; the SDK speaks RPCv2 CBOR, so timestamps become tag-1 instants. */
    static Object cborReady(Object v, Set<String> timeFields, String field) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, cborReady(x, timeFields, (String) k)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(cborReady(x, timeFields, field));
            return out;
        }
        if (v instanceof String s && timeFields.contains(field)) return Instant.parse(s);
        return v;
    }

    static Object cborFixture(String name, String... timeFields) throws Exception {
        return cborReady(new ObjectMapper().readValue(official(name), Map.class), Set.of(timeFields), null);
    }

    @Test
    void alarm_state_reads_the_describe_alarms_example_over_cbor() throws Exception {
        CloudWatchLogsRoute53Test.cw("DescribeAlarms", 200, cborFixture("cloudwatch-describe-alarms.json",
                "StateUpdatedTimestamp", "AlarmConfigurationUpdatedTimestamp"));
        Result r = exec("aws.cloudwatch.alarm-state", Map.of("alarms", List.of("myalarm")));
        assertThat(r.outputs()).containsEntry("states", Map.of("myalarm", "OK")).containsEntry("anyInAlarm", false);
    }

    @Test
    void metric_reads_the_get_metric_data_shape_and_no_datapoints_as_no_data() throws Exception {
        Object data = cborFixture("cloudwatch-get-metric-data.json", "Timestamps");
        CloudWatchLogsRoute53Test.cw("GetMetricData", 200, data);
        Map<String, Object> args = Map.of("namespace", "AWS/ApplicationELB", "metric", "TargetResponseTime",
                "dimensions", Map.of("LoadBalancer", "app/my-load-balancer/50dc6c495c0c9188"), "statistic", "p95", "window", "5m");
        Result r = exec("aws.cloudwatch.metric", args);
        assertThat(r.outputs()).containsEntry("value", 0.231).containsEntry("hasData", true);

        wm.resetAll();
        CloudWatchLogsRoute53Test.cw("GetMetricData", 200, Map.of("MetricDataResults", List.of(Map.of("Id", "m", "Label", "TargetResponseTime",
                "Timestamps", List.of(), "Values", List.of(), "StatusCode", "Complete")), "Messages", List.of()));
        Result none = exec("aws.cloudwatch.metric", args);
        assertThat(none.outputs()).containsEntry("value", null).containsEntry("hasData", false);
    }

    @Test
    void insights_query_reads_the_start_query_and_get_query_results_examples() throws Exception {
        json(LOGS + "StartQuery", 200, official("logs-start-query.json"));
        json(LOGS + "GetQueryResults", 200, official("logs-get-query-results.json"));
        Result r = exec("aws.logs.insights-query", Map.of("logGroups", List.of("demo-log-group"),
                "query", "fields @timestamp, @message | sort @timestamp desc", "pollInterval", "1s"));
        assertThat(r.outputs()).containsEntry("count", 3L).containsEntry("recordsMatched", 3L).containsEntry("recordsScanned", 3L)
                .containsEntry("queryId", "2dac81d5-a6a5-45d7-b355-c842b1a7c0c5");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.outputs().get("rows");
        assertThat(rows.get(0)).containsEntry("@message", "Test BENCHMARK 3").containsEntry("@timestamp", "2024-05-19 06:10:35.743");
    }

    @Test
    void route53_upsert_reads_the_list_change_and_get_change_shapes() throws Exception {
        String zone = "/2013-04-01/hostedzone/Z1R8UBAEXAMPLE/rrset";
        wm.stubFor(get(urlPathEqualTo(zone)).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(official("route53-list-resource-record-sets.xml"))));
        wm.stubFor(post(urlPathEqualTo(zone + "/")).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(official("route53-change-resource-record-sets.xml"))));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(official("route53-get-change.xml"))));
        Map<String, Object> args = Map.of("hostedZoneId", "Z1R8UBAEXAMPLE", "name", "www.example.com", "value", "example-green.example.com",
                "pollInterval", "1s");
        Plan p = plan("aws.route53.upsert-record", args);
        assertThat(p.before()).containsEntry("exists", true).containsEntry("value", "example-blue.example.com");
        Result r = exec("aws.route53.upsert-record", args);
        assertThat(r.outputs()).containsEntry("status", "INSYNC").containsEntry("changeId", "C2682N5HXP0BZ4")
                .containsEntry("value", "example-green.example.com");
    }
}
