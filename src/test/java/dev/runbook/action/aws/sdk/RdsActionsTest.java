package dev.runbook.action.aws.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionException.Kind;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RdsActionsTest extends WireTest {
    static final Map<String, Object> RESTORE = Map.of("sourceCluster", "fintech-cluster",
            "targetCluster", "fintech-cluster-recovery", "restoreTime", "2024-01-22T14:00:00Z");

    static ResponseDefinitionBuilder ok(String fixture) {
        return aResponse().withHeader("Content-Type", "text/xml").withBody(Fixtures.text("aws/rds/" + fixture));
    }

    static ResponseDefinitionBuilder notFound(String id) {
        return aResponse().withStatus(404).withHeader("Content-Type", "text/xml")
                .withBody(rdsError("DBClusterNotFoundFault", "DBCluster " + id + " not found."));
    }

    void source() {
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "fintech-cluster").willReturn(ok("describe-db-clusters.xml")));
    }

    @Test
    void describe_cluster_reads_status_endpoints_and_restorable_window() throws Exception {
        source();

        Result r = exec("aws.rds.describe-cluster", Map.of("cluster", "fintech-cluster"));

        assertThat(sentAction("DescribeDBClusters").get(0).getBodyAsString())
                .isEqualTo("Action=DescribeDBClusters&Version=2014-10-31&DBClusterIdentifier=fintech-cluster");
        assertThat(r.outputs()).containsEntry("status", "available").containsEntry("engine", "aurora-postgresql")
                .containsEntry("endpoint", "fintech-cluster.cluster-c9akciq32.eu-west-1.rds.amazonaws.com")
                .containsEntry("port", 5432L).containsEntry("backupRetentionDays", 35L)
                .containsEntry("latestRestorableTime", "2024-01-22T14:55:02.456Z")
                .containsEntry("members", List.of(Map.of("instance", "fintech-cluster-1", "writer", true),
                        Map.of("instance", "fintech-cluster-2", "writer", false)));
    }

    @Test
    void describe_cluster_names_a_missing_cluster() {
        wm.stubFor(query("DescribeDBClusters").willReturn(notFound("nope")));

        assertThatThrownBy(() -> exec("aws.rds.describe-cluster", Map.of("cluster", "nope")))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).isEqualTo("DB cluster 'nope' not found in eu-west-1");
                });
    }

    @Test
    void restore_plan_checks_the_window_and_predicts_the_new_endpoint_with_reads_only() throws Exception {
        source();
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "fintech-cluster-recovery").willReturn(notFound("fintech-cluster-recovery")));

        Plan p = plan("aws.rds.restore-cluster-to-point-in-time", RESTORE);

        assertThat(p.summary()).isEqualTo("restore DB cluster fintech-cluster to 2024-01-22T14:00:00Z into new cluster fintech-cluster-recovery");
        assertThat(p.before()).containsEntry("sourceStatus", "available").containsEntry("latestRestorableTime", "2024-01-22T14:55:02.456Z");
        assertThat(p.predictedOutputs()).containsEntry("endpoint", "fintech-cluster-recovery.cluster-c9akciq32.eu-west-1.rds.amazonaws.com");
        assertThat(p.details()).contains("subnet group fintech-db-subnets, security groups [sg-0a1b2c3d4e5f60718]");
        assertThat(all()).allMatch(r -> r.getBodyAsString().startsWith("Action=DescribeDBClusters&"));
    }

    @Test
    void restore_refuses_a_target_cluster_that_exists() {
        source();
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "fintech-cluster-recovery").willReturn(ok("describe-recovery-available.xml")));

        assertThatThrownBy(() -> exec("aws.rds.restore-cluster-to-point-in-time", RESTORE))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).startsWith("DB cluster 'fintech-cluster-recovery' already exists (available)");
                });
        assertThat(sentAction("RestoreDBClusterToPointInTime")).isEmpty();
    }

    @Test
    void restore_refuses_a_time_outside_the_restorable_window() {
        source();
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "fintech-cluster-recovery").willReturn(notFound("x")));

        assertThatThrownBy(() -> plan("aws.rds.restore-cluster-to-point-in-time", Map.of("sourceCluster", "fintech-cluster",
                "targetCluster", "fintech-cluster-recovery", "restoreTime", "2024-01-22T15:30:00Z")))
                .hasMessageContaining("outside the restorable window of fintech-cluster: 2023-12-18T03:05:11.123Z .. 2024-01-22T14:55:02.456Z");
    }

    @Test
    void restore_sends_source_target_time_and_network_then_polls_until_available() throws Exception {
        source();
        String target = "fintech-cluster-recovery";
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", target).inScenario("restore").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(notFound(target)));
        wm.stubFor(query("RestoreDBClusterToPointInTime").inScenario("restore").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ok("restore-db-cluster.xml")).willSetStateTo("creating"));
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", target).inScenario("restore").whenScenarioStateIs("creating")
                .willReturn(ok("describe-recovery-creating.xml")).willSetStateTo("available"));
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", target).inScenario("restore").whenScenarioStateIs("available")
                .willReturn(ok("describe-recovery-available.xml")));

        Result r = exec("aws.rds.restore-cluster-to-point-in-time", RESTORE);

        assertThat(sentAction("RestoreDBClusterToPointInTime")).singleElement().extracting(q -> q.getBodyAsString()).asString()
                .contains("DBClusterIdentifier=fintech-cluster-recovery", "SourceDBClusterIdentifier=fintech-cluster",
                        "RestoreToTime=2024-01-22T14%3A00%3A00Z", "DBSubnetGroupName=fintech-db-subnets",
                        "VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0a1b2c3d4e5f60718")
                .doesNotContain("UseLatestRestorableTime");
        assertThat(r.outputs()).containsEntry("status", "available").containsEntry("cluster", target)
                .containsEntry("endpoint", "fintech-cluster-recovery.cluster-c9akciq32.eu-west-1.rds.amazonaws.com");
        assertThat(ctx.progress).containsExactly("restoring fintech-cluster-recovery: creating (poll 1)");
        assertThat(ctx.sleeps).hasSize(1);
    }

    @Test
    void a_restore_cancelled_after_aws_accepted_it_is_unfinished_and_can_be_checked_and_waited_for() throws Exception {
        source();
        String target = "fintech-cluster-recovery";
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", target).inScenario("restore").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(notFound(target)));
        wm.stubFor(query("RestoreDBClusterToPointInTime").inScenario("restore").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ok("restore-db-cluster.xml")).willSetStateTo("creating"));
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", target).inScenario("restore").whenScenarioStateIs("creating")
                .willReturn(ok("describe-recovery-creating.xml")));
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", target).inScenario("restore").whenScenarioStateIs("available")
                .willReturn(ok("describe-recovery-available.xml")));
        ctx.cancelAfterSleeps = 0; // Ctrl-C during the first wait

        ActionException e = catchThrowableOfType(ActionException.class, () -> exec("aws.rds.restore-cluster-to-point-in-time", RESTORE));

        // the restore goes on in AWS: not cancelled, unfinished, with what to look for
        assertThat(e.kind()).isEqualTo(Kind.UNFINISHED);
        assertThat(e.operation()).isEqualTo(new Operation("aws.rds.restore", target,
                "point-in-time restore of DB cluster fintech-cluster into new cluster " + target));
        assertThat(ctx.accepted).containsExactly(e.operation());
        assertThat(sentAction("RestoreDBClusterToPointInTime")).hasSize(1);

        ctx.cancelled.set(false);
        ctx.cancelAfterSleeps = -1;
        assertThat(action("aws.rds.restore-cluster-to-point-in-time").check(ctx, e.operation()))
                .isEqualTo(new Operation.State(Operation.Status.RUNNING, "DB cluster '" + target + "' is creating"));
        wm.setScenarioState("restore", "available");
        assertThat(action("aws.rds.restore-cluster-to-point-in-time").check(ctx, e.operation()).status()).isEqualTo(Operation.Status.SUCCEEDED);
        Result r = action("aws.rds.restore-cluster-to-point-in-time").attach(ctx, e.operation());
        assertThat(r.outputs()).containsEntry("status", "available").containsEntry("cluster", target);
        assertThat(sentAction("RestoreDBClusterToPointInTime")).as("checking and waiting start no second restore").hasSize(1);
    }

    @Test
    void restore_needs_exactly_one_of_time_and_latest() {
        assertThatThrownBy(() -> exec("aws.rds.restore-cluster-to-point-in-time",
                Map.of("sourceCluster", "a", "targetCluster", "b")))
                .hasMessage("give exactly one of restoreTime and useLatestRestorableTime: true");
        assertThatThrownBy(() -> exec("aws.rds.restore-cluster-to-point-in-time",
                Map.of("sourceCluster", "a", "targetCluster", "a", "useLatestRestorableTime", true)))
                .hasMessageContaining("never overwrites");
        assertThat(all()).isEmpty();
    }

    @Test
    void create_snapshot_sends_identifiers_and_waits_until_available() throws Exception {
        String creating = """
                <CreateDBClusterSnapshotResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                  <CreateDBClusterSnapshotResult><DBClusterSnapshot>
                    <DBClusterSnapshotIdentifier>fintech-pre-deploy-20240122</DBClusterSnapshotIdentifier>
                    <DBClusterIdentifier>fintech-cluster</DBClusterIdentifier>
                    <DBClusterSnapshotArn>arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:fintech-pre-deploy-20240122</DBClusterSnapshotArn>
                    <Status>creating</Status><PercentProgress>0</PercentProgress><SnapshotType>manual</SnapshotType>
                    <SnapshotCreateTime>2024-01-22T15:00:01.000Z</SnapshotCreateTime>
                  </DBClusterSnapshot></CreateDBClusterSnapshotResult>
                </CreateDBClusterSnapshotResponse>""";
        String available = creating.replace("CreateDBClusterSnapshotResponse", "DescribeDBClusterSnapshotsResponse")
                .replace("<CreateDBClusterSnapshotResult><DBClusterSnapshot>", "<DescribeDBClusterSnapshotsResult><DBClusterSnapshots><DBClusterSnapshot>")
                .replace("</DBClusterSnapshot></CreateDBClusterSnapshotResult>", "</DBClusterSnapshot></DBClusterSnapshots></DescribeDBClusterSnapshotsResult>")
                .replace("<Status>creating</Status><PercentProgress>0", "<Status>available</Status><PercentProgress>100");
        xml("CreateDBClusterSnapshot", 200, creating);
        xml("DescribeDBClusterSnapshots", 200, available);

        Result r = exec("aws.rds.create-cluster-snapshot", Map.of("cluster", "fintech-cluster", "snapshot", "fintech-pre-deploy-20240122"));

        assertThat(sentAction("CreateDBClusterSnapshot").get(0).getBodyAsString())
                .contains("DBClusterIdentifier=fintech-cluster", "DBClusterSnapshotIdentifier=fintech-pre-deploy-20240122");
        assertThat(r.outputs()).containsEntry("status", "available").containsEntry("createdAt", "2024-01-22T15:00:01Z")
                .containsEntry("snapshotArn", "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:fintech-pre-deploy-20240122");
        assertThat(ctx.progress).containsExactly("snapshot fintech-pre-deploy-20240122: creating 0% (poll 1)");
    }

    @Test
    void create_snapshot_plan_refuses_an_existing_snapshot_id() {
        source();
        xml("DescribeDBClusterSnapshots", 200, """
                <DescribeDBClusterSnapshotsResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBClusterSnapshotsResult>
                <DBClusterSnapshots><DBClusterSnapshot><DBClusterSnapshotIdentifier>s1</DBClusterSnapshotIdentifier><Status>available</Status>
                </DBClusterSnapshot></DBClusterSnapshots></DescribeDBClusterSnapshotsResult></DescribeDBClusterSnapshotsResponse>""");

        assertThatThrownBy(() -> plan("aws.rds.create-cluster-snapshot", Map.of("cluster", "fintech-cluster", "snapshot", "s1")))
                .hasMessageStartingWith("DB cluster snapshot 's1' already exists");
    }

    @Test
    void rds_access_denied_names_the_permission_from_the_message() {
        xml("DescribeDBClusters", 403, """
                <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type><Code>AccessDenied</Code>
                <Message>User: arn:aws:iam::123456789012:user/oncall is not authorized to perform: rds:DescribeDBClusters on resource: arn:aws:rds:eu-west-1:123456789012:cluster:fintech-cluster</Message>
                </Error><RequestId>1</RequestId></ErrorResponse>""");

        assertThatThrownBy(() -> exec("aws.rds.describe-cluster", Map.of("cluster", "fintech-cluster")))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).startsWith("access denied: the caller lacks rds:DescribeDBClusters in eu-west-1");
                });
    }

    @Test
    void rds_throttling_is_transient() {
        xml("DescribeDBClusters", 400, rdsError("Throttling", "Rate exceeded"));

        assertThatThrownBy(() -> exec("aws.rds.describe-cluster", Map.of("cluster", "fintech-cluster")))
                .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }
}
