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

class EcsActionsTest extends WireTest {
    static final String DESCRIBE = "AmazonEC2ContainerServiceV20141113.DescribeServices";
    static final String UPDATE = "AmazonEC2ContainerServiceV20141113.UpdateService";
    static final Map<String, Object> SVC = Map.of("cluster", "fintech-cluster", "service", "fintech-api-service");

    static String fixture(String name) {
        return Fixtures.text("aws/ecs/" + name);
    }

    @Test
    void describe_service_sends_cluster_and_service_and_returns_counts_and_latest_events() throws Exception {
        json(DESCRIBE, 200, fixture("describe-services.json"));

        Result r = exec("aws.ecs.describe-service", Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "events", 2));

        String body = sent(DESCRIBE).get(0).getBodyAsString();
        assertThat(body).contains("\"cluster\":\"fintech-cluster\"").contains("\"services\":[\"fintech-api-service\"]");
        assertThat(sent(DESCRIBE).get(0).getHeader("Authorization")).contains("AKIDEXAMPLE").contains("/eu-west-1/ecs/");
        assertThat(r.outputs()).containsEntry("status", "ACTIVE").containsEntry("desiredCount", 4L)
                .containsEntry("runningCount", 4L).containsEntry("pendingCount", 0L).containsEntry("stable", true)
                .containsEntry("rolloutState", "COMPLETED")
                .containsEntry("taskDefinition", "arn:aws:ecs:eu-west-1:123456789012:task-definition/fintech-api:42");
        assertThat((List<?>) r.outputs().get("events")).hasSize(2).first()
                .isEqualTo(Map.of("createdAt", "2024-01-22T13:33:20Z", "message", "(service fintech-api-service) has reached a steady state."));
        assertThat((List<?>) r.outputs().get("deployments")).singleElement().asString().contains("ecs-svc/9223370513435937385");
    }

    @Test
    void describe_service_names_a_missing_service() {
        json(DESCRIBE, 200, fixture("describe-services-missing.json"));

        assertThatThrownBy(() -> exec("aws.ecs.describe-service", Map.of("cluster", "fintech-cluster", "service", "nope")))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).isEqualTo("ECS service 'nope' in cluster 'fintech-cluster' not found in eu-west-1 (MISSING)");
                });
    }

    @Test
    void describe_service_maps_a_missing_cluster_to_a_permanent_not_found() {
        json(DESCRIBE, 400, "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found.\"}");

        assertThatThrownBy(() -> exec("aws.ecs.describe-service", SVC))
                .isInstanceOfSatisfying(ActionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).startsWith("ECS cluster 'fintech-cluster' not found in eu-west-1: Cluster not found.");
                });
    }

    @Test
    void update_service_plans_before_and_after_with_a_describe_only() throws Exception {
        json(DESCRIBE, 200, fixture("describe-services.json"));

        Plan p = plan("aws.ecs.update-service", Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "desiredCount", 6));

        assertThat(p.summary()).isEqualTo("update ECS service 'fintech-api-service' in cluster 'fintech-cluster': desiredCount 4 -> 6");
        assertThat(p.before()).containsEntry("desiredCount", 4L).containsEntry("runningCount", 4L);
        assertThat(p.after()).containsEntry("desiredCount", 6L);
        assertThat(p.predictedOutputs()).containsEntry("desiredCount", 6L);
        assertThat(sent(UPDATE)).isEmpty();
    }

    @Test
    void update_service_sends_desired_count_and_undo_restores_the_previous_one() throws Exception {
        json(DESCRIBE, 200, fixture("describe-services.json"));
        json(UPDATE, 200, fixture("update-service.json"));
        Map<String, Object> args = Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "desiredCount", "6");
        Plan p = plan("aws.ecs.update-service", args);

        Result r = exec("aws.ecs.update-service", args);

        assertThat(sent(UPDATE)).singleElement().extracting(q -> q.getBodyAsString()).asString()
                .contains("\"desiredCount\":6").contains("\"service\":\"fintech-api-service\"").doesNotContain("forceNewDeployment");
        assertThat(r.outputs()).containsEntry("desiredCount", 6L).containsEntry("deploymentId", "ecs-svc/9223370513435937385");
        UndoHint undo = action("aws.ecs.update-service").undo(Args.of(args), p, r).orElseThrow();
        assertThat(undo.uses()).isEqualTo("aws.ecs.update-service");
        assertThat(undo.with()).containsEntry("desiredCount", 4L).containsEntry("cluster", "fintech-cluster");
    }

    @Test
    void update_service_forces_a_new_deployment_without_an_undo() throws Exception {
        json(UPDATE, 200, fixture("update-service.json"));
        Map<String, Object> args = Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "forceNewDeployment", true);

        Result r = exec("aws.ecs.update-service", args);

        assertThat(sent(UPDATE).get(0).getBodyAsString()).contains("\"forceNewDeployment\":true").doesNotContain("desiredCount");
        assertThat(action("aws.ecs.update-service").undo(Args.of(args), Plan.of("x"), r)).isEmpty();
    }

    @Test
    void update_service_refuses_a_call_that_changes_nothing() {
        assertThatThrownBy(() -> exec("aws.ecs.update-service", SVC))
                .hasMessageContaining("needs desiredCount or forceNewDeployment");
        assertThat(all()).isEmpty();
    }

    @Test
    void update_service_maps_service_not_found_access_denied_and_throttling() {
        json(UPDATE, 400, "{\"__type\":\"ServiceNotFoundException\",\"message\":\"Service not found.\"}");
        Map<String, Object> args = Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "desiredCount", 6);
        assertThatThrownBy(() -> exec("aws.ecs.update-service", args)).isInstanceOfSatisfying(ActionException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).startsWith("ECS service 'fintech-api-service' in cluster 'fintech-cluster' not found in eu-west-1");
        });

        json(UPDATE, 400, "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::123456789012:assumed-role/oncall/alice "
                + "is not authorized to perform: ecs:UpdateService on resource: arn:aws:ecs:eu-west-1:123456789012:service/fintech-cluster/fintech-api-service "
                + "because no identity-based policy allows the ecs:UpdateService action\"}");
        assertThatThrownBy(() -> exec("aws.ecs.update-service", args)).isInstanceOfSatisfying(ActionException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).startsWith("access denied: the caller lacks ecs:UpdateService in eu-west-1");
            assertThat(e.hint()).contains("grant ecs:UpdateService");
        });

        json(UPDATE, 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        assertThatThrownBy(() -> exec("aws.ecs.update-service", args)).isInstanceOfSatisfying(ActionException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
            assertThat(e.getMessage()).contains("throttled ecs:UpdateService").contains("Rate exceeded");
        });

        json(UPDATE, 500, "{\"__type\":\"ServerException\",\"message\":\"internal\"}");
        assertThatThrownBy(() -> exec("aws.ecs.update-service", args))
                .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }

    @Test
    void access_denied_without_a_named_permission_names_the_operation() {
        json(UPDATE, 400, "{\"__type\":\"AccessDeniedException\",\"message\":\"Access denied\"}");
        assertThatThrownBy(() -> exec("aws.ecs.update-service", Map.of("cluster", "c", "service", "s", "desiredCount", 1)))
                .hasMessageStartingWith("access denied: the caller lacks ecs:UpdateService");
    }

    @Test
    void wait_stable_polls_until_one_deployment_runs_the_desired_count() throws Exception {
        wm.stubFor(target(DESCRIBE).inScenario("rollout").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody(fixture("describe-services-rolling.json"))).willSetStateTo("second"));
        wm.stubFor(target(DESCRIBE).inScenario("rollout").whenScenarioStateIs("second")
                .willReturn(aResponse().withBody(fixture("describe-services-rolling.json"))).willSetStateTo("done"));
        wm.stubFor(target(DESCRIBE).inScenario("rollout").whenScenarioStateIs("done")
                .willReturn(aResponse().withBody(fixture("describe-services.json"))));

        Result r = exec("aws.ecs.wait-stable", Map.of("cluster", "fintech-cluster", "service", "fintech-api-service", "pollInterval", "5s"));

        assertThat(r.outputs()).containsEntry("stable", true).containsEntry("polls", 3L).containsEntry("runningCount", 4L);
        assertThat(ctx.sleeps).hasSize(2).allMatch(d -> d.getSeconds() == 5);
        assertThat(ctx.progress).hasSize(2).first().asString()
                .isEqualTo("waiting for fintech-api-service to be stable: running 4/6, pending 2, 2 deployment(s) (poll 1)");
    }

    @Test
    void wait_stable_times_out_with_the_last_state() {
        json(DESCRIBE, 200, fixture("describe-services-rolling.json"));
        ctx.timeoutAfterSleeps = 2;

        assertThatThrownBy(() -> exec("aws.ecs.wait-stable", SVC)).isInstanceOfSatisfying(ActionException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e.getMessage()).isEqualTo("ECS service 'fintech-api-service' in cluster 'fintech-cluster' not stable after 3 polls: "
                    + "running 4/6, pending 2, 2 deployment(s)");
        });
    }

    @Test
    void wait_stable_stops_when_cancelled() {
        json(DESCRIBE, 200, fixture("describe-services-rolling.json"));
        ctx.cancelAfterSleeps = 0;

        assertThatThrownBy(() -> exec("aws.ecs.wait-stable", SVC))
                .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(sent(DESCRIBE)).hasSize(1);
    }

    @Test
    void wait_stable_fails_fast_on_a_failed_rollout() {
        json(DESCRIBE, 200, fixture("describe-services-rolling.json")
                .replace("\"IN_PROGRESS\"", "\"FAILED\"")
                .replace("ECS deployment ecs-svc/2222 in progress.", "ECS deployment circuit breaker: tasks failed to start."));

        assertThatThrownBy(() -> exec("aws.ecs.wait-stable", SVC))
                .hasMessageContaining("deployment ecs-svc/2222 failed: ECS deployment circuit breaker: tasks failed to start.");
    }
}
