package dev.runbook.action.aws.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Planning every write action (what --dry-run and the gate do) sends only Describe/Get/List calls. */
class DryRunReadsOnlyTest extends WireTest {
    static final Map<String, Map<String, Object>> ARGS = Map.of(
            "aws.ecs.update-service", Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "desiredCount", 6),
            "aws.appautoscaling.register-target", Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "minCapacity", 10),
            "aws.rds.create-cluster-snapshot", Map.of("cluster", "fintech-cluster", "snapshot", "fintech-pre-deploy-20240122"),
            "aws.rds.restore-cluster-to-point-in-time", Map.of("sourceCluster", "fintech-cluster",
                    "targetCluster", "fintech-cluster-recovery", "useLatestRestorableTime", true, "instanceClass", "db.r6g.large"),
            "aws.dynamodb.create-backup", Map.of("table", "fintech-sessions", "backupName", "session-pre-deploy-20240122"),
            "aws.dynamodb.restore-table-to-point-in-time", Map.of("sourceTable", "fintech-sessions",
                    "targetTable", "fintech-sessions-recovery", "restoreTime", "1705929600"),
            "aws.secretsmanager.rotate-secret", Map.of("secret", "fintech/db-credentials"),
            "aws.route53.upsert-record", Map.of("hostedZoneId", "Z0123456789ABCDEFGHIJ", "name", "db.fintech.internal",
                    "value", "fintech-cluster-recovery.cluster-c9akciq32.eu-west-1.rds.amazonaws.com"));

    static final Pattern READ = Pattern.compile("(Describe|Get|List)[A-Za-z]+");

    void stubReads() {
        json(EcsActionsTest.DESCRIBE, 200, EcsActionsTest.fixture("describe-services.json"));
        json(SecretsAndScalingTest.TARGETS, 200, SecretsAndScalingTest.TARGET_FOUND.formatted(2));
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "fintech-cluster").willReturn(RdsActionsTest.ok("describe-db-clusters.xml")));
        wm.stubFor(query("DescribeDBClusters", "DBClusterIdentifier", "fintech-cluster-recovery").willReturn(RdsActionsTest.notFound("x")));
        xml("DescribeDBClusterSnapshots", 404, rdsError("DBClusterSnapshotNotFoundFault", "DBClusterSnapshot not found."));
        json(DynamoDbActionsTest.PITR, 200, DynamoDbActionsTest.PITR_ON);
        DynamoDbActionsTest.tableStub("fintech-sessions", 200, DynamoDbActionsTest.table("fintech-sessions", "ACTIVE"));
        DynamoDbActionsTest.tableStub("fintech-sessions-recovery", 400, DynamoDbActionsTest.NOT_FOUND);
        json(SecretsAndScalingTest.DESCRIBE_SECRET, 200, SecretsAndScalingTest.secret(SecretsAndScalingTest.BEFORE));
        wm.stubFor(get(urlPathEqualTo(CloudWatchLogsRoute53Test.ZONE)).willReturn(aResponse().withBody(
                CloudWatchLogsRoute53Test.rrsets("fintech-cluster.cluster-c9akciq32.eu-west-1.rds.amazonaws.com"))));
    }

    static String operation(LoggedRequest r) {
        String target = r.getHeader("X-Amz-Target");
        if (target != null) return target.substring(target.indexOf('.') + 1);
        Matcher m = Pattern.compile("^Action=([A-Za-z]+)").matcher(r.getBodyAsString());
        if (m.find()) return m.group(1);
        return r.getMethod().value() + " " + r.getUrl();
    }

    @Test
    void planning_every_write_action_makes_only_read_calls() throws Exception {
        stubReads();
        List<ActionSpec> writes = CATALOGUE.specs().stream().filter(s -> s.effect().mutates()).toList();
        assertThat(ARGS.keySet()).containsExactlyInAnyOrderElementsOf(writes.stream().map(ActionSpec::name).toList());
        Map<String, List<String>> calls = new LinkedHashMap<>();

        for (ActionSpec s : writes) {
            wm.resetRequests();
            Plan p = action(s.name()).plan(ctx, dev.runbook.action.Args.of(ARGS.get(s.name())));
            assertThat(p.before()).as(s.name()).isNotEmpty();
            assertThat(p.before().keySet()).as(s.name()).containsAll(s.before().stream().map(o -> o.name()).toList());
            assertThat(p.predictedOutputs().keySet()).as(s.name()).containsAll(s.outputs().stream().map(o -> o.name()).toList());
            calls.put(s.name(), all().stream().map(DryRunReadsOnlyTest::operation).toList());
        }

        assertThat(calls).allSatisfy((name, ops) -> {
            assertThat(ops).as(name).isNotEmpty();
            assertThat(ops).as(name).allMatch(op -> READ.matcher(op).matches() || op.startsWith("GET "));
        });
        assertThat(calls.get("aws.route53.upsert-record")).singleElement().asString().startsWith("GET /2013-04-01/hostedzone/");
    }
}
