package dev.runbook.action.azure.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.action.ActionException;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** App Service plans, PostgreSQL flexible servers, Redis, Service Bus and whoami at the wire. */
class ArmResourcesWireTest extends WireTestBase {
    static final String PLAN = SUB_PATH + "/resourceGroups/rg-fleet-plans/providers/Microsoft.Web/serverfarms/asp-fleet-prod";
    static final String PG = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/";
    static final String REDIS = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.Cache/redis/redis-fleet-prod";
    static final String QUEUE = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.ServiceBus/namespaces/sb-fleet-prod/queues/credit-checks";

    private void asyncOperation(String name, String... statuses) {
        String op = "/subscriptions/" + SUB + "/providers/Microsoft.Test/operations/" + name;
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            String next = i + 1 < statuses.length ? "s" + (i + 1) : "done";
            server.stubFor(get(urlPathEqualTo(op)).inScenario(name).whenScenarioStateIs(state)
                    .willReturn(okJson("{\"status\":\"" + statuses[i] + "\"}")).willSetStateTo(next));
            state = next;
        }
    }

    private String opUrl(String name) {
        return endpoint() + "subscriptions/" + SUB + "/providers/Microsoft.Test/operations/" + name + "?api-version=2024-01-01";
    }

    @Test
    void plan_get_reads_sku_and_workers() throws Exception {
        server.stubFor(get(urlPathEqualTo(PLAN)).willReturn(okJson(json("plan.json"))));
        Result r = action("azure.appservice.plan.get").execute(ctx,
                args("azure.appservice.plan.get", "resourceGroup", "rg-fleet-plans", "plan", "asp-fleet-prod"));
        assertThat(r.outputs()).containsEntry("sku", "P1v2").containsEntry("tier", "PremiumV2").containsEntry("workers", 1L)
                .containsEntry("maxWorkers", 30L).containsEntry("status", "Ready").containsEntry("sites", 2L);
        server.verify(getRequestedFor(urlPathEqualTo(PLAN)).withQueryParam("api-version", equalTo(WebAppWireTest.API)));
    }

    @Test
    void plan_scale_puts_the_whole_plan_with_the_new_sku_waits_and_undoes_to_the_old_one() throws Exception {
        server.stubFor(get(urlPathEqualTo(PLAN)).inScenario("plan").whenScenarioStateIs(Scenario.STARTED).willReturn(okJson(json("plan.json"))));
        server.stubFor(put(urlPathEqualTo(PLAN)).inScenario("plan").willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", opUrl("scale-1"))).willSetStateTo("scaled"));
        server.stubFor(get(urlPathEqualTo(PLAN)).inScenario("plan").whenScenarioStateIs("scaled").willReturn(okJson(json("plan-scaled.json"))));
        asyncOperation("scale-1", "InProgress", "Succeeded");
        var scale = action("azure.appservice.plan.scale");
        var a = args("azure.appservice.plan.scale", "resourceGroup", "rg-fleet-plans", "plan", "asp-fleet-prod",
                "sku", "P2V2", "workers", 3L, "pollInterval", "10ms");

        Plan plan = scale.plan(ctx, a);
        assertThat(plan.before()).containsEntry("sku", "P1v2").containsEntry("workers", 1L);
        assertThat(plan.after()).containsEntry("sku", "P2V2").containsEntry("workers", 3L).containsEntry("tier", "PremiumV2");
        assertThat(plan.summary()).contains("P1v2 × 1").contains("P2V2 × 3");

        Result r = scale.execute(ctx, a);

        assertThat(r.outputs()).containsEntry("sku", "P2V2").containsEntry("workers", 3L);
        server.verify(1, putRequestedFor(urlPathEqualTo(PLAN)).withQueryParam("api-version", equalTo(WebAppWireTest.API))
                .withRequestBody(matchingJsonPath("$.sku.name", equalTo("P2V2")))
                .withRequestBody(matchingJsonPath("$.sku.tier", equalTo("PremiumV2")))
                .withRequestBody(matchingJsonPath("$.sku.capacity", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.location", equalTo("East US")))
                .withRequestBody(matchingJsonPath("$.properties.reserved", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.tags.env", equalTo("prod"))));
        assertThat(scale.undo(a, plan, r)).hasValueSatisfying(u -> {
            assertThat(u.uses()).isEqualTo("azure.appservice.plan.scale");
            assertThat(u.with()).containsEntry("sku", "P1v2").containsEntry("workers", 1L).containsEntry("plan", "asp-fleet-prod");
        });
    }

    @Test
    void plan_scale_refuses_more_workers_than_the_sku_allows_and_needs_a_change() {
        server.stubFor(get(urlPathEqualTo(PLAN)).willReturn(okJson(json("plan.json"))));
        var scale = action("azure.appservice.plan.scale");
        ActionException tooMany = catchThrowableOfType(ActionException.class, () -> scale.plan(ctx,
                args("azure.appservice.plan.scale", "resourceGroup", "rg-fleet-plans", "plan", "asp-fleet-prod", "workers", 31L)));
        assertThat(tooMany.getMessage()).contains("at most 30 workers");
        ActionException none = catchThrowableOfType(ActionException.class, () -> scale.plan(ctx,
                args("azure.appservice.plan.scale", "resourceGroup", "rg-fleet-plans", "plan", "asp-fleet-prod")));
        assertThat(none.getMessage()).contains("needs sku, workers or both");
    }

    @Test
    void postgres_get_reads_state_version_and_earliest_restore_time() throws Exception {
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-prod")).willReturn(okJson(json("pg-server.json"))));
        Result r = action("azure.postgres.flexible.get").execute(ctx,
                args("azure.postgres.flexible.get", "resourceGroup", RG, "name", "pg-fleet-prod"));
        assertThat(r.outputs()).containsEntry("state", "Ready").containsEntry("version", "16")
                .containsEntry("earliestRestoreTime", "2025-11-26T18:00:00Z").containsEntry("backupRetentionDays", 14L)
                .containsEntry("storageGb", 512L).containsEntry("highAvailability", "ZoneRedundant")
                .containsEntry("fqdn", "pg-fleet-prod.postgres.database.azure.com");
        server.verify(getRequestedFor(urlPathEqualTo(PG + "pg-fleet-prod")).withQueryParam("api-version", equalTo("2022-12-01")));
    }

    @Test
    void postgres_restore_creates_a_new_server_from_the_point_in_time_and_waits() throws Exception {
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-prod")).willReturn(okJson(json("pg-server.json"))));
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-restore")).inScenario("pg").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(armError("ResourceNotFound", "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/pg-fleet-restore' under resource group 'rg-fleet-prod' was not found."))));
        server.stubFor(put(urlPathEqualTo(PG + "pg-fleet-restore")).inScenario("pg").willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", opUrl("restore-1"))).willSetStateTo("created"));
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-restore")).inScenario("pg").whenScenarioStateIs("created")
                .willReturn(okJson(json("pg-restored.json"))));
        asyncOperation("restore-1", "InProgress", "InProgress", "Succeeded");
        var a = args("azure.postgres.flexible.restore", "resourceGroup", RG, "source", "pg-fleet-prod", "target", "pg-fleet-restore",
                "restorePointInTime", "2025-12-09T18:00:00Z", "pollInterval", "10ms");
        var restore = action("azure.postgres.flexible.restore");

        Plan plan = restore.plan(ctx, a);
        assertThat(plan.before()).containsEntry("sourceState", "Ready").containsEntry("earliestRestoreTime", "2025-11-26T18:00:00Z");
        assertThat(plan.predictedOutputs()).containsEntry("name", "pg-fleet-restore");

        Result r = restore.execute(ctx, a);

        assertThat(r.outputs()).containsEntry("name", "pg-fleet-restore").containsEntry("state", "Ready")
                .containsEntry("fqdn", "pg-fleet-restore.postgres.database.azure.com");
        server.verify(1, putRequestedFor(urlPathEqualTo(PG + "pg-fleet-restore")).withQueryParam("api-version", equalTo("2022-12-01"))
                .withRequestBody(matchingJsonPath("$.properties.createMode", equalTo("PointInTimeRestore")))
                .withRequestBody(matchingJsonPath("$.properties.sourceServerResourceId", equalTo(PG + "pg-fleet-prod")))
                .withRequestBody(matchingJsonPath("$.properties.pointInTimeUTC", equalTo("2025-12-09T18:00:00Z")))
                .withRequestBody(matchingJsonPath("$.location", equalTo("eastus"))));
        assertThat(ctx.progress.stream().filter(p -> p.contains("InProgress"))).hasSize(2);
    }

    @Test
    void postgres_restore_refuses_a_target_that_exists() {
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-prod")).willReturn(okJson(json("pg-server.json"))));
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-restore")).willReturn(okJson(json("pg-restored.json"))));
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.postgres.flexible.restore").execute(ctx,
                args("azure.postgres.flexible.restore", "resourceGroup", RG, "source", "pg-fleet-prod", "target", "pg-fleet-restore",
                        "restorePointInTime", "2025-12-09T18:00:00Z")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("already exists").contains("never overwrites");
        assertThat(requests()).allMatch(r -> r.startsWith("GET "));
    }

    @Test
    void postgres_restore_refuses_a_point_before_the_earliest_restore_time() {
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-prod")).willReturn(okJson(json("pg-server.json"))));
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.postgres.flexible.restore").plan(ctx,
                args("azure.postgres.flexible.restore", "resourceGroup", RG, "source", "pg-fleet-prod", "target", "pg-old",
                        "restorePointInTime", "2025-11-01T00:00:00Z")));
        assertThat(e.getMessage()).contains("before the earliest restore time");
    }

    @Test
    void postgres_restore_that_fails_in_azure_reports_the_service_error() {
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-prod")).willReturn(okJson(json("pg-server.json"))));
        server.stubFor(get(urlPathEqualTo(PG + "pg-fleet-restore")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(armError("ResourceNotFound", "not found"))));
        server.stubFor(put(urlPathEqualTo(PG + "pg-fleet-restore")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", opUrl("restore-2"))));
        server.stubFor(get(urlPathEqualTo("/subscriptions/" + SUB + "/providers/Microsoft.Test/operations/restore-2"))
                .willReturn(okJson("{\"status\":\"Failed\",\"error\":{\"code\":\"InternalServerError\",\"message\":\"An unexpected error occured while processing the request.\"}}")));
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.postgres.flexible.restore").execute(ctx,
                args("azure.postgres.flexible.restore", "resourceGroup", RG, "source", "pg-fleet-prod", "target", "pg-fleet-restore",
                        "restorePointInTime", "2025-12-09T18:00:00Z", "pollInterval", "10ms")));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("pg-fleet-restore");
    }

    @Test
    void redis_get_reads_state_host_and_firewall_rules_but_never_the_keys() throws Exception {
        server.stubFor(get(urlPathEqualTo(REDIS)).willReturn(okJson(json("redis.json"))));
        server.stubFor(get(urlPathEqualTo(REDIS + "/firewallRules")).willReturn(okJson(json("redis-firewall.json"))));
        Result r = action("azure.redis.get").execute(ctx, args("azure.redis.get", "resourceGroup", RG, "name", "redis-fleet-prod"));
        assertThat(r.outputs()).containsEntry("provisioningState", "Succeeded").containsEntry("sku", "Standard")
                .containsEntry("family", "C").containsEntry("capacity", 1L)
                .containsEntry("hostName", "redis-fleet-prod.redis.cache.windows.net").containsEntry("sslPort", 6380L)
                .containsEntry("firewallRules", List.of(
                        Map.of("name", "appservice-outbound", "startIp", "20.42.0.10", "endIp", "20.42.0.20"),
                        Map.of("name", "office", "startIp", "203.0.113.1", "endIp", "203.0.113.1")));
        assertThat(r.outputs().toString() + r.summary()).doesNotContain("MUST-NOT-LEAK");
        server.verify(getRequestedFor(urlPathEqualTo(REDIS)).withQueryParam("api-version", equalTo("2024-11-01")));
    }

    @Test
    void redis_reboot_posts_the_reboot_type_and_names_the_cache_as_gate_target() throws Exception {
        server.stubFor(get(urlPathEqualTo(REDIS)).willReturn(okJson(json("redis.json"))));
        server.stubFor(post(urlPathEqualTo(REDIS + "/forceReboot")).willReturn(okJson("{\"message\":\"Reboot operation is queued.\"}")));
        var a = args("azure.redis.reboot", "resourceGroup", RG, "name", "redis-fleet-prod", "rebootType", "PrimaryNode");
        var reboot = action("azure.redis.reboot");
        assertThat(reboot.plan(ctx, a).target()).isEqualTo("redis-fleet-prod");
        Result r = reboot.execute(ctx, a);
        assertThat(r.outputs()).containsEntry("message", "Reboot operation is queued.");
        server.verify(1, postRequestedFor(urlPathEqualTo(REDIS + "/forceReboot")).withQueryParam("api-version", equalTo("2024-11-01"))
                .withRequestBody(equalToJson("{\"rebootType\":\"PrimaryNode\"}")));
    }

    @Test
    void service_bus_queue_counts() throws Exception {
        server.stubFor(get(urlPathEqualTo(QUEUE)).willReturn(okJson(json("sb-queue.json"))));
        Result r = action("azure.servicebus.queue.get").execute(ctx, args("azure.servicebus.queue.get",
                "resourceGroup", RG, "namespace", "sb-fleet-prod", "queue", "credit-checks"));
        assertThat(r.outputs()).containsEntry("activeMessageCount", 1200L).containsEntry("deadLetterMessageCount", 97L)
                .containsEntry("scheduledMessageCount", 10L).containsEntry("messageCount", 1307L)
                .containsEntry("status", "Active").containsEntry("maxDeliveryCount", 10L);
        server.verify(getRequestedFor(urlPathEqualTo(QUEUE)).withQueryParam("api-version", equalTo("2021-11-01")));
    }

    @Test
    void whoami_names_tenant_subscription_and_principal() throws Exception {
        server.stubFor(get(urlPathEqualTo(SUB_PATH)).willReturn(okJson(json("subscription.json"))));
        Result r = action("azure.whoami").execute(ctx, args("azure.whoami"));
        assertThat(r.outputs()).containsEntry("tenantId", TENANT).containsEntry("subscriptionId", SUB)
                .containsEntry("subscriptionName", "Fleet Production").containsEntry("subscriptionState", "Enabled")
                .containsEntry("principal", "oncall@contoso.com").containsEntry("principalType", "user")
                .containsEntry("cloud", endpoint());
        server.verify(getRequestedFor(urlPathEqualTo(SUB_PATH)).withQueryParam("api-version", equalTo("2022-12-01")));
    }

    @Test
    void subscription_comes_from_the_step_before_the_setting_and_the_environment() throws Exception {
        String other = "99999999-1111-2222-3333-444444444444";
        server.stubFor(get(urlPathEqualTo("/subscriptions/" + other)).willReturn(okJson(json("subscription.json").replace(SUB, other))));
        Result r = action("azure.whoami").execute(ctx, args("azure.whoami", "subscription", other));
        assertThat(r.outputs()).containsEntry("subscriptionId", other);

        ctx.settings.remove("azure.subscription");
        ctx.env.put("AZURE_SUBSCRIPTION_ID", other);
        assertThat(action("azure.whoami").execute(ctx, args("azure.whoami")).outputs()).containsEntry("subscriptionId", other);

        ctx.env.clear();
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.whoami").execute(ctx, args("azure.whoami")));
        assertThat(e.getMessage()).contains("no Azure subscription");
        assertThat(e.hint()).contains("--azure-subscription").contains("AZURE_SUBSCRIPTION_ID");
    }
}
