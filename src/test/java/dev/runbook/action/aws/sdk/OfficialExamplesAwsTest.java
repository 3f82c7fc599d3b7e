package dev.runbook.action.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runbook.action.ActionException;
import dev.runbook.action.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The adapters against responses shaped like AWS's published examples (src/test/resources/aws/official, whose README
 * names each source and its licence), and error texts that name the region actually in use.
 */
class OfficialExamplesAwsTest extends WireTest {
    static final String DESCRIBE = "AmazonEC2ContainerServiceV20141113.DescribeServices";

    @Test
    void describe_service_reads_the_cli_example_without_rollout_state() throws Exception {
        json(DESCRIBE, 200, Fixtures.text("aws/official/ecs-describe-services.json"));
        Result r = exec("aws.ecs.describe-service", Map.of("cluster", "default", "service", "my-http-service"));
        assertThat(r.outputs()).containsEntry("status", "ACTIVE").containsEntry("desiredCount", 10L).containsEntry("runningCount", 10L)
                .containsEntry("pendingCount", 0L).containsEntry("stable", true)
                .containsEntry("taskDefinition", "arn:aws:ecs:us-west-2:123456789012:task-definition/amazon-ecs-sample:1");
        assertThat((List<?>) r.outputs().get("events")).first()
                .isEqualTo(Map.of("createdAt", "2016-06-24T20:56:52.435Z", "message", "(service my-http-service) has reached a steady state."));
    }

    @Test
    void an_error_names_the_region_the_sdk_took_from_the_environment_or_profile() {
        ctx.settings.remove("aws.region");
        String was = System.getProperty("aws.region");
        System.setProperty("aws.region", "us-west-2"); // what AWS_REGION or the profile's region would give the SDK
        try {
            json(DESCRIBE, 400, "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found.\"}");
            ActionException e = catchThrowableOfType(ActionException.class,
                    () -> exec("aws.ecs.describe-service", Map.of("cluster", "default", "service", "my-http-service")));
            assertThat(e.getMessage()).contains("in us-west-2 (from AWS_REGION or the profile)").doesNotContain("default region");
        } finally {
            if (was == null) System.clearProperty("aws.region");
            else System.setProperty("aws.region", was);
        }
    }
}
