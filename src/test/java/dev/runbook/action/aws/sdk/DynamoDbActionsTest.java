package dev.runbook.action.aws.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionException.Kind;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamoDbActionsTest extends WireTest {
    static final String PITR = "DynamoDB_20120810.DescribeContinuousBackups";
    static final String DESCRIBE = "DynamoDB_20120810.DescribeTable";
    static final String RESTORE = "DynamoDB_20120810.RestoreTableToPointInTime";
    static final String BACKUP = "DynamoDB_20120810.CreateBackup";
    static final String PITR_ON = """
            {"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED","PointInTimeRecoveryDescription":{
              "PointInTimeRecoveryStatus":"ENABLED","RecoveryPeriodInDays":35,
              "EarliestRestorableDateTime":1.7030592E9,"LatestRestorableDateTime":1.7059347E9}}}""";
    static final String NOT_FOUND = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\",\"message\":\"Requested resource not found: Table: fintech-sessions-recovery not found\"}";

    static String table(String name, String status) {
        return "{\"Table\":{\"TableName\":\"" + name + "\",\"TableStatus\":\"" + status + "\",\"ItemCount\":1843221,"
                + "\"TableSizeBytes\":734003200,\"TableArn\":\"arn:aws:dynamodb:eu-west-1:123456789012:table/" + name + "\","
                + "\"CreationDateTime\":1.6900000E9,\"KeySchema\":[{\"AttributeName\":\"sessionId\",\"KeyType\":\"HASH\"}]}}";
    }

    static void tableStub(String name, int status, String body) {
        wm.stubFor(target(DESCRIBE).withRequestBody(containing("\"TableName\":\"" + name + "\""))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body)));
    }

    @Test
    void describe_continuous_backups_reads_pitr_status_and_window() throws Exception {
        json(PITR, 200, PITR_ON);

        Result r = exec("aws.dynamodb.describe-continuous-backups", Map.of("table", "fintech-sessions"));

        assertThat(sent(PITR).get(0).getBodyAsString()).isEqualTo("{\"TableName\":\"fintech-sessions\"}");
        assertThat(r.outputs()).containsEntry("pitrStatus", "ENABLED").containsEntry("recoveryPeriodDays", 35L)
                .containsEntry("earliestRestorableTime", "2023-12-20T08:00:00Z").containsEntry("latestRestorableTime", "2024-01-22T14:45:00Z");
    }

    @Test
    void describe_continuous_backups_names_a_missing_table() {
        json(PITR, 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TableNotFoundException\",\"message\":\"Table not found: nope\"}");

        assertThatThrownBy(() -> exec("aws.dynamodb.describe-continuous-backups", Map.of("table", "nope")))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).startsWith("DynamoDB table 'nope' not found in eu-west-1: Table not found: nope");
                });
    }

    @Test
    void create_backup_plans_from_describe_table_and_sends_name() throws Exception {
        tableStub("fintech-sessions", 200, table("fintech-sessions", "ACTIVE"));
        json(BACKUP, 200, """
                {"BackupDetails":{"BackupArn":"arn:aws:dynamodb:eu-west-1:123456789012:table/fintech-sessions/backup/01705935600000-a1b2c3d4",
                 "BackupName":"session-pre-deploy-20240122","BackupStatus":"CREATING","BackupType":"USER",
                 "BackupCreationDateTime":1.7059356E9,"BackupSizeBytes":734003200}}""");
        Map<String, Object> args = Map.of("table", "fintech-sessions", "backupName", "session-pre-deploy-20240122");

        Plan p = plan("aws.dynamodb.create-backup", args);
        assertThat(p.before()).containsEntry("tableStatus", "ACTIVE").containsEntry("itemCount", 1843221L);
        assertThat(sent(BACKUP)).isEmpty();

        Result r = exec("aws.dynamodb.create-backup", args);
        assertThat(sent(BACKUP).get(0).getBodyAsString())
                .isEqualTo("{\"TableName\":\"fintech-sessions\",\"BackupName\":\"session-pre-deploy-20240122\"}");
        assertThat(r.outputs()).containsEntry("status", "CREATING").containsEntry("createdAt", "2024-01-22T15:00:00Z");
    }

    @Test
    void restore_refuses_an_existing_target_table() {
        json(PITR, 200, PITR_ON);
        tableStub("fintech-sessions-recovery", 200, table("fintech-sessions-recovery", "ACTIVE"));

        assertThatThrownBy(() -> exec("aws.dynamodb.restore-table-to-point-in-time", Map.of("sourceTable", "fintech-sessions",
                "targetTable", "fintech-sessions-recovery", "restoreTime", "1705929600")))
                .hasMessageStartingWith("DynamoDB table 'fintech-sessions-recovery' already exists (ACTIVE)");
        assertThat(sent(RESTORE)).isEmpty();
    }

    @Test
    void restore_refuses_when_pitr_is_disabled() {
        json(PITR, 200, "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\",\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"DISABLED\"}}}");

        assertThatThrownBy(() -> plan("aws.dynamodb.restore-table-to-point-in-time", Map.of("sourceTable", "fintech-sessions",
                "targetTable", "fintech-sessions-recovery", "useLatestRestorableTime", true)))
                .hasMessageStartingWith("point-in-time recovery is DISABLED on DynamoDB table 'fintech-sessions'");
    }

    @Test
    void restore_accepts_epoch_seconds_sends_them_and_polls_until_active() throws Exception {
        json(PITR, 200, PITR_ON);
        wm.stubFor(target(DESCRIBE).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(NOT_FOUND)));
        wm.stubFor(target(RESTORE).inScenario("r").willReturn(aResponse().withBody(
                "{\"TableDescription\":" + table("fintech-sessions-recovery", "CREATING").substring(9))).willSetStateTo("creating"));
        wm.stubFor(target(DESCRIBE).inScenario("r").whenScenarioStateIs("creating")
                .willReturn(aResponse().withBody(table("fintech-sessions-recovery", "CREATING"))).willSetStateTo("active"));
        wm.stubFor(target(DESCRIBE).inScenario("r").whenScenarioStateIs("active")
                .willReturn(aResponse().withBody(table("fintech-sessions-recovery", "ACTIVE"))));

        Result r = exec("aws.dynamodb.restore-table-to-point-in-time", Map.of("sourceTable", "fintech-sessions",
                "targetTable", "fintech-sessions-recovery", "restoreTime", 1705929600L, "pollInterval", "1s"));

        assertThat(sent(RESTORE).get(0).getBodyAsString()).isEqualTo(
                "{\"SourceTableName\":\"fintech-sessions\",\"TargetTableName\":\"fintech-sessions-recovery\",\"RestoreDateTime\":1705929600.000}");
        assertThat(r.outputs()).containsEntry("status", "ACTIVE").containsEntry("table", "fintech-sessions-recovery");
        assertThat(ctx.progress).containsExactly("restoring fintech-sessions-recovery: CREATING (poll 1)",
                "restoring fintech-sessions-recovery: CREATING (poll 2)");
    }

    @Test
    void restore_rejects_a_malformed_time() {
        assertThatThrownBy(() -> exec("aws.dynamodb.restore-table-to-point-in-time", Map.of("sourceTable", "a",
                "targetTable", "b", "restoreTime", "yesterday")))
                .hasMessage("argument 'restoreTime' must be an ISO-8601 instant like 2024-01-22T14:00:00Z or epoch seconds like 1705929600, got 'yesterday'");
    }
}
