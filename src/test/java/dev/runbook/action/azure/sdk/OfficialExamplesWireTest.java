package dev.runbook.action.azure.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.action.ActionException;
import dev.runbook.action.Result;
import org.junit.jupiter.api.Test;

/**
 * The adapters against responses shaped like Microsoft's published examples (src/test/resources/azure/official,
 * whose README names each source and its licence), through the production SDK clients.
 */
class OfficialExamplesWireTest extends WireTestBase {
    static final String QUEUE = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.ServiceBus/namespaces/sb-fleet-prod/queues/credit-checks";
    static final String PG = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/";
    static final String SITE = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.Web/sites/fleet-api";
    static final String REDIS = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.Cache/redis/redis-fleet-prod";
    static final String OPERATION = "/subscriptions/" + SUB + "/providers/Microsoft.DBforPostgreSQL/locations/eastus/azureAsyncOperation/op-1";

    static String official(String name) {
        return json("official/" + name);
    }

    @Test
    void queue_get_on_the_documented_example_without_count_details_reads_an_empty_queue_as_zero_of_each() throws Exception {
        server.stubFor(get(urlPathEqualTo(QUEUE)).willReturn(okJson(official("sb-queue-get.json"))));
        Result r = action("azure.servicebus.queue.get").execute(ctx, args("azure.servicebus.queue.get",
                "resourceGroup", RG, "namespace", "sb-fleet-prod", "queue", "credit-checks"));
        assertThat(r.outputs()).containsEntry("activeMessageCount", 0L).containsEntry("deadLetterMessageCount", 0L)
                .containsEntry("scheduledMessageCount", 0L).containsEntry("messageCount", 0L).containsEntry("status", "Active");
        assertThat(r.summary()).contains("0 active, 0 dead-lettered").doesNotContain("null");
    }

    @Test
    void queue_get_without_count_details_on_a_busy_queue_says_the_split_is_unknown_instead_of_guessing() throws Exception {
        server.stubFor(get(urlPathEqualTo(QUEUE)).willReturn(okJson(official("sb-queue-get.json")
                .replace("\"messageCount\": 0", "\"messageCount\": 1307"))));
        Result r = action("azure.servicebus.queue.get").execute(ctx, args("azure.servicebus.queue.get",
                "resourceGroup", RG, "namespace", "sb-fleet-prod", "queue", "credit-checks"));
        assertThat(r.outputs()).containsEntry("activeMessageCount", null).containsEntry("deadLetterMessageCount", null)
                .containsEntry("messageCount", 1307L);
        assertThat(r.summary()).contains("1307 messages in all").contains("no per-state counts").doesNotContain("null");
    }

    private void restoreThatEndsWith(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder operation) {
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-prod")).willReturn(okJson(json("pg-server.json"))));
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-restore")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(armError("ResourceNotFound", "not found"))));
        server.stubFor(put(urlPathEqualTo(PG + "pg-fleet-restore")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", endpoint() + OPERATION.substring(1) + "?api-version=2022-12-01")));
        server.stubFor(get(urlPathEqualTo(OPERATION)).willReturn(operation));
    }

    private ActionException restore() {
        return catchThrowableOfType(ActionException.class, () -> action("azure.postgres.flexible.restore").execute(ctx,
                args("azure.postgres.flexible.restore", "resourceGroup", RG, "source", "pg-fleet-prod", "target", "pg-fleet-restore",
                        "restorePointInTime", "2025-12-09T18:00:00Z", "pollInterval", "10ms")));
    }

    @Test
    void an_operation_that_ends_failed_keeps_azures_error_code_and_message() {
        restoreThatEndsWith(okJson(official("operation-failed.json")));
        ActionException e = restore();
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("ended Failed").contains("pg-fleet-restore")
                .contains("PointInTimeRestoreFailed: The restore point in time is not valid for server 'pg-fleet-prod'");
    }

    @Test
    void a_404_on_the_status_url_is_not_reported_as_failed() {
        restoreThatEndsWith(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody(armError("NotFound", "The operation was not found.")));
        ActionException e = restore();
        assertThat(e.getMessage()).contains("lost track of").contains("404").doesNotContain("ended Failed");
        assertThat(e.hint()).contains("check the resource's state");
    }

    @Test
    void app_service_busy_with_another_operation_is_transient() {
        server.stubFor(post(urlPathEqualTo(SITE + "/restart")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withBody(official("webapp-conflict.json"))));
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.webapp.restart").execute(ctx,
                args("azure.webapp.restart", "resourceGroup", RG, "name", "fleet-api")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
        assertThat(e.getMessage()).contains("another operation is in progress");
    }

    @Test
    void redis_busy_with_a_previous_update_is_transient_but_other_conflicts_are_not() {
        server.stubFor(get(urlPathEqualTo(REDIS)).willReturn(okJson(json("redis.json"))));
        server.stubFor(post(urlPathEqualTo(REDIS + "/forceReboot")).inScenario("redis").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json").withBody(official("redis-conflict.json")))
                .willSetStateTo("other"));
        server.stubFor(post(urlPathEqualTo(REDIS + "/forceReboot")).inScenario("redis").whenScenarioStateIs("other")
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody(armError("Conflict", "The cache is in state 'Disabled', which does not allow a reboot."))));
        var a = args("azure.redis.reboot", "resourceGroup", RG, "name", "redis-fleet-prod", "rebootType", "PrimaryNode");
        ActionException busy = catchThrowableOfType(ActionException.class, () -> action("azure.redis.reboot").execute(ctx, a));
        assertThat(busy.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
        ActionException state = catchThrowableOfType(ActionException.class, () -> action("azure.redis.reboot").execute(ctx, a));
        assertThat(state.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(state.getMessage()).contains("does not allow a reboot");
    }

    @Test
    void a_missing_secret_says_so_in_plain_words_without_raw_json_or_resource_group_advice() {
        String vault = "https://127.0.0.1:" + server.httpsPort();
        server.stubFor(any(anyUrl()).atPriority(1).withHeader("Authorization", absent()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT
                        + "\", resource=\"https://vault.azure.net\"")));
        server.stubFor(get(urlPathEqualTo("/secrets/db-password/versions")).atPriority(5).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(official("keyvault-secret-not-found.json"))));
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.keyvault.secret.describe").execute(ctx,
                args("azure.keyvault.secret.describe", "vault", vault, "secret", "db-password")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("SecretNotFound: A secret with (name/id) db-password was not found in this key vault")
                .doesNotContain("{").doesNotContain("\"error\"");
        assertThat(e.hint()).doesNotContain("--azure-subscription").contains("vault");
    }
}
