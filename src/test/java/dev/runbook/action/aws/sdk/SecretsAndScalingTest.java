package dev.runbook.action.aws.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionException.Kind;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsAndScalingTest extends WireTest {
    static final String DESCRIBE_SECRET = "secretsmanager.DescribeSecret";
    static final String ROTATE = "secretsmanager.RotateSecret";
    static final String TARGETS = "AnyScaleFrontendService.DescribeScalableTargets";
    static final String REGISTER = "AnyScaleFrontendService.RegisterScalableTarget";

    static String secret(String versions) {
        return """
                {"ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:fintech/db-credentials-AbCdEf","Name":"fintech/db-credentials",
                 "RotationEnabled":true,"RotationLambdaARN":"arn:aws:lambda:eu-west-1:123456789012:function:fintech-db-rotator",
                 "RotationRules":{"AutomaticallyAfterDays":30},"LastRotatedDate":1.7030592E9,"LastChangedDate":1.7030592E9,
                 "NextRotationDate":1.7056512E9,"VersionIdsToStages":%s}""".formatted(versions);
    }

    static final String BEFORE = "{\"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1\":[\"AWSCURRENT\"],\"EXAMPLE2-90ab-cdef-fedc-ba987SECRET2\":[\"AWSPREVIOUS\"]}";

    @Test
    void describe_secret_returns_rotation_state_and_versions_never_the_value() throws Exception {
        json(DESCRIBE_SECRET, 200, secret(BEFORE));

        Result r = exec("aws.secretsmanager.describe-secret", Map.of("secret", "fintech/db-credentials"));

        assertThat(sent(DESCRIBE_SECRET).get(0).getBodyAsString()).isEqualTo("{\"SecretId\":\"fintech/db-credentials\"}");
        assertThat(r.outputs()).containsEntry("rotationEnabled", true).containsEntry("currentVersion", "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1")
                .containsEntry("pendingVersion", null).containsEntry("lastRotatedDate", "2023-12-20T08:00:00Z")
                .containsEntry("versions", Map.of("EXAMPLE1-90ab-cdef-fedc-ba987SECRET1", List.of("AWSCURRENT"),
                        "EXAMPLE2-90ab-cdef-fedc-ba987SECRET2", List.of("AWSPREVIOUS")));
        assertThat(all()).noneMatch(q -> "secretsmanager.GetSecretValue".equals(q.getHeader("X-Amz-Target")));
    }

    @Test
    void rotate_secret_polls_until_the_new_version_is_current() throws Exception {
        json(ROTATE, 200, "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:fintech/db-credentials-AbCdEf\","
                + "\"Name\":\"fintech/db-credentials\",\"VersionId\":\"NEWVERSION-1111-2222-3333\"}");
        wm.stubFor(target(DESCRIBE_SECRET).inScenario("rot").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(secret("{\"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1\":[\"AWSCURRENT\"],\"NEWVERSION-1111-2222-3333\":[\"AWSPENDING\"]}")))
                .willSetStateTo("done"));
        wm.stubFor(target(DESCRIBE_SECRET).inScenario("rot").whenScenarioStateIs("done")
                .willReturn(aResponse().withBody(secret("{\"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1\":[\"AWSPREVIOUS\"],\"NEWVERSION-1111-2222-3333\":[\"AWSCURRENT\",\"AWSPENDING\"]}"))));

        Result r = exec("aws.secretsmanager.rotate-secret", Map.of("secret", "fintech/db-credentials"));

        assertThat(sent(ROTATE).get(0).getBodyAsString()).contains("\"SecretId\":\"fintech/db-credentials\"", "\"RotateImmediately\":true",
                "\"ClientRequestToken\":");
        assertThat(r.outputs()).containsEntry("newVersion", "NEWVERSION-1111-2222-3333").containsEntry("currentVersion", "NEWVERSION-1111-2222-3333")
                .containsEntry("previousVersion", "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1");
        assertThat(ctx.progress).containsExactly("rotating fintech/db-credentials: version NEWVERSION-1111-2222-3333 is AWSPENDING (poll 1)");
    }

    @Test
    void rotate_secret_times_out_pointing_at_the_rotation_function() {
        json(ROTATE, 200, "{\"Name\":\"fintech/db-credentials\",\"VersionId\":\"NEW\"}");
        json(DESCRIBE_SECRET, 200, secret("{\"OLD\":[\"AWSCURRENT\"],\"NEW\":[\"AWSPENDING\"]}"));
        ctx.timeoutAfterSleeps = 1;

        assertThatThrownBy(() -> exec("aws.secretsmanager.rotate-secret", Map.of("secret", "fintech/db-credentials")))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    // the rotation function goes on in AWS: the step is in doubt (resume checks on version NEW), not failed
                    assertThat(e.kind()).isEqualTo(Kind.UNFINISHED);
                    assertThat(e.getMessage()).startsWith("secret 'fintech/db-credentials' not rotated after 2 polls: version NEW is AWSPENDING; "
                            + "check the rotation function's logs (arn:aws:lambda:eu-west-1:123456789012:function:fintech-db-rotator)");
                    assertThat(e.getCause()).isInstanceOfSatisfying(ActionException.class, t -> assertThat(t.kind()).isEqualTo(Kind.TIMEOUT));
                    assertThat(e.operation().id()).isEqualTo("fintech/db-credentials#NEW");
                    assertThat(ctx.accepted).containsExactly(e.operation());
                });
    }

    @Test
    void an_unfinished_rotation_is_checked_by_its_version_labels_and_waited_for() throws Exception {
        json(DESCRIBE_SECRET, 200, secret("{\"OLD\":[\"AWSCURRENT\"],\"NEW\":[\"AWSPENDING\"]}"));
        dev.runbook.action.Operation op = new dev.runbook.action.Operation("aws.secretsmanager.rotation", "fintech/db-credentials#NEW", "rotation");
        assertThat(action("aws.secretsmanager.rotate-secret").check(ctx, op).status()).isEqualTo(dev.runbook.action.Operation.Status.RUNNING);
        json(DESCRIBE_SECRET, 200, secret("{\"OLD\":[\"AWSPREVIOUS\"],\"NEW\":[\"AWSCURRENT\"]}"));
        assertThat(action("aws.secretsmanager.rotate-secret").check(ctx, op).status()).isEqualTo(dev.runbook.action.Operation.Status.SUCCEEDED);
        assertThat(action("aws.secretsmanager.rotate-secret").attach(ctx, op).outputs()).containsEntry("currentVersion", "NEW");
        assertThat(sent(ROTATE)).as("checking and waiting rotate nothing").isEmpty();
    }

    @Test
    void rotate_plan_reports_the_current_version_and_a_stuck_pending_one() throws Exception {
        json(DESCRIBE_SECRET, 200, secret("{\"OLD\":[\"AWSCURRENT\"],\"STUCK\":[\"AWSPENDING\"]}"));

        Plan p = plan("aws.secretsmanager.rotate-secret", Map.of("secret", "fintech/db-credentials"));

        assertThat(p.before()).containsEntry("currentVersion", "OLD").containsEntry("rotationEnabled", true);
        assertThat(p.details()).anyMatch(d -> d.startsWith("version STUCK is still AWSPENDING"));
        assertThat(sent(ROTATE)).isEmpty();
    }

    @Test
    void secret_not_found_is_permanent_and_named() {
        json(DESCRIBE_SECRET, 400, "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}");

        assertThatThrownBy(() -> exec("aws.secretsmanager.describe-secret", Map.of("secret", "fintech/nope")))
                .hasMessageStartingWith("secret 'fintech/nope' not found in eu-west-1: Secrets Manager can't find the specified secret.");
    }

    static final String TARGET_FOUND = """
            {"ScalableTargets":[{"ServiceNamespace":"ecs","ResourceId":"service/fintech-cluster/fintech-api-service",
              "ScalableDimension":"ecs:service:DesiredCount","MinCapacity":%d,"MaxCapacity":20,
              "RoleARN":"arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
              "CreationTime":1.69E9,"ScalableTargetARN":"arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/0ec5a1b2c3d4e5f6a7b8"}]}""";

    @Test
    void register_target_raises_min_capacity_and_undo_restores_the_old_limits() throws Exception {
        wm.stubFor(target(TARGETS).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(TARGET_FOUND.formatted(2))));
        wm.stubFor(target(REGISTER).inScenario("s").willReturn(aResponse().withBody(
                "{\"ScalableTargetARN\":\"arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/0ec5a1b2c3d4e5f6a7b8\"}"))
                .willSetStateTo("after"));
        wm.stubFor(target(TARGETS).inScenario("s").whenScenarioStateIs("after")
                .willReturn(aResponse().withBody(TARGET_FOUND.formatted(10))));
        Map<String, Object> args = Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "minCapacity", 10);

        Plan p = plan("aws.appautoscaling.register-target", args);
        assertThat(p.summary()).isEqualTo("set service/fintech-cluster/fintech-api-service capacity min 2 -> 10, max 20 -> 20");
        assertThat(sent(REGISTER)).isEmpty();
        Result r = exec("aws.appautoscaling.register-target", args);

        assertThat(sent(TARGETS).get(0).getBodyAsString()).isEqualTo("{\"ServiceNamespace\":\"ecs\",\"ResourceIds\":"
                + "[\"service/fintech-cluster/fintech-api-service\"],\"ScalableDimension\":\"ecs:service:DesiredCount\"}");
        assertThat(sent(REGISTER).get(0).getBodyAsString()).isEqualTo("{\"ServiceNamespace\":\"ecs\",\"ResourceId\":"
                + "\"service/fintech-cluster/fintech-api-service\",\"ScalableDimension\":\"ecs:service:DesiredCount\",\"MinCapacity\":10}");
        assertThat(r.outputs()).containsEntry("minCapacity", 10L).containsEntry("maxCapacity", 20L);
        UndoHint undo = action("aws.appautoscaling.register-target").undo(Args.of(args), p, r).orElseThrow();
        assertThat(undo.with()).containsEntry("minCapacity", 2L).containsEntry("maxCapacity", 20L);
    }

    @Test
    void register_target_refuses_min_above_max() {
        json(TARGETS, 200, TARGET_FOUND.formatted(2));

        assertThatThrownBy(() -> plan("aws.appautoscaling.register-target",
                Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "minCapacity", 30)))
                .hasMessage("minCapacity 30 would exceed maxCapacity 20 of service/fintech-cluster/fintech-api-service");
    }

    @Test
    void register_target_needs_both_limits_for_an_unregistered_service() {
        json(TARGETS, 200, "{\"ScalableTargets\":[]}");

        assertThatThrownBy(() -> plan("aws.appautoscaling.register-target",
                Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "minCapacity", 10)))
                .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.hint()).isEqualTo("give both minCapacity and maxCapacity to register it"));
    }

    @Test
    void whoami_returns_the_account_and_refuses_the_wrong_one() throws Exception {
        xml("GetCallerIdentity", 200, """
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <GetCallerIdentityResult>
                    <Arn>arn:aws:sts::123456789012:assumed-role/oncall/alice</Arn>
                    <UserId>AROA3XFRBF535PLBIFPI4:alice</UserId>
                    <Account>123456789012</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
                </GetCallerIdentityResponse>""");

        Result r = exec("aws.sts.whoami", Map.of());
        assertThat(r.outputs()).containsEntry("account", "123456789012").containsEntry("arn", "arn:aws:sts::123456789012:assumed-role/oncall/alice");
        assertThat(sentAction("GetCallerIdentity").get(0).getBodyAsString()).isEqualTo("Action=GetCallerIdentity&Version=2011-06-15");

        assertThatThrownBy(() -> exec("aws.sts.whoami", Map.of("expectAccount", "210987654321")))
                .hasMessageStartingWith("wrong AWS account: the credentials are for 123456789012");
    }

    @Test
    void expired_credentials_say_how_to_refresh_them() {
        xml("GetCallerIdentity", 403, """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code>
                <Message>The security token included in the request is expired</Message></Error><RequestId>1</RequestId></ErrorResponse>""");

        assertThatThrownBy(() -> exec("aws.sts.whoami", Map.of())).isInstanceOfSatisfying(ActionException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).contains("rejected the credentials");
            assertThat(e.hint()).contains("aws sso login");
        });
    }
}
