package dev.runbook.action.azure.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Azure action against the response bodies of the official examples in Azure/azure-rest-api-specs (MIT
 * licence), copied into src/test/resources/azure/official (its README names each file and commit), through the
 * production SDK clients. The examples' own names (sitef6141, testsf6141, cache1, ...) are kept: the stubs answer on
 * this test's paths with the example's body, as the service would for any name.
 */
class OfficialArmExamplesTest extends WireTestBase {
    static final String SITE = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.Web/sites/sitef6141";
    static final String PLAN = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.Web/serverfarms/testsf6141";
    static final String PG = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/";
    static final String REDIS = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.Cache/redis/cache1";
    static final String OP = "/subscriptions/" + SUB + "/providers/Microsoft.Web/locations/eastus/operationResults/op-1";

    static String official(String name) {
        return json("official/" + name);
    }

    /** The site list the app's slots come from: a page of sites (WebApps_ListSlots), here the GetWebApp body as a slot. */
    private void webApp() {
        server.stubFor(get(urlPathEqualTo(SITE)).willReturn(okJson(official("GetWebApp.json"))));
        server.stubFor(get(urlPathEqualTo(SITE + "/slots")).willReturn(okJson("{\"value\":[" + official("GetWebApp.json")
                .replace("\"name\": \"sitef6141\"", "\"name\": \"sitef6141/staging\"") + "]}")));
        server.stubFor(get(urlPathEqualTo(SITE + "/deployments")).willReturn(okJson("{\"value\":[]}")));
    }

    @Test
    void whoami_reads_the_get_subscription_example() throws Exception {
        server.stubFor(get(urlPathEqualTo(SUB_PATH)).willReturn(okJson(official("GetSubscription.json"))));
        Result r = action("azure.whoami").execute(ctx, args("azure.whoami"));
        assertThat(r.outputs()).containsEntry("subscriptionName", "Example Subscription").containsEntry("subscriptionState", "Enabled");
    }

    @Test
    void webapp_get_reads_the_get_web_app_example() throws Exception {
        webApp();
        Result r = action("azure.webapp.get").execute(ctx, args("azure.webapp.get", "resourceGroup", RG, "name", "sitef6141"));
        assertThat(r.outputs()).containsEntry("state", "Running").containsEntry("plan", "DefaultAsp")
                .containsEntry("planResourceGroup", "testrg123").containsEntry("hostNames", List.of("sitef6141.azurewebsites.net"))
                .containsEntry("defaultHostName", "sitef6141.azurewebsites.net").containsEntry("slots", List.of("staging"))
                .containsEntry("lastDeploymentTime", null).containsEntry("kind", "app").containsEntry("availability", "Normal");
        assertThat(r.summary()).contains("Running on plan DefaultAsp");
    }

    @Test
    void restart_stop_and_start_post_without_a_body_and_read_the_example_back() throws Exception {
        webApp();
        for (String op : List.of("restart", "stop", "start")) {
            server.stubFor(post(urlPathEqualTo(SITE + "/" + op)).willReturn(aResponse().withStatus(200)));
            Result r = action("azure.webapp." + op).execute(ctx, args("azure.webapp." + op, "resourceGroup", RG, "name", "sitef6141"));
            assertThat(r.outputs()).as(op).containsEntry("state", "Running");
        }
    }

    @Test
    void swap_slot_follows_the_documented_202_and_operation_status() throws Exception {
        webApp();
        server.stubFor(get(urlPathEqualTo(SITE + "/slots/staging")).willReturn(okJson(official("GetWebApp.json"))));
        server.stubFor(post(urlPathEqualTo(SITE + "/slotsswap")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", endpoint() + OP.substring(1) + "?api-version=2023-12-01")
                .withHeader("Location", endpoint() + OP.substring(1) + "?api-version=2023-12-01").withHeader("Retry-After", "0")));
        server.stubFor(get(urlPathEqualTo(OP)).willReturn(okJson("{\"status\":\"Succeeded\"}")));
        var a = args("azure.webapp.swap-slot", "resourceGroup", RG, "name", "sitef6141", "slot", "staging", "pollInterval", "10ms");
        Plan plan = action("azure.webapp.swap-slot").plan(ctx, a);
        assertThat(plan.before()).containsEntry("slotState", "Running");
        Result r = action("azure.webapp.swap-slot").execute(ctx, a);
        assertThat(r.outputs()).containsEntry("status", "Succeeded").containsEntry("targetSlot", "production");
    }

    @Test
    void plan_get_reads_workers_from_the_sku_capacity_of_the_get_app_service_plan_example() throws Exception {
        server.stubFor(get(urlPathEqualTo(PLAN)).willReturn(okJson(official("GetAppServicePlan.json"))));
        Result r = action("azure.appservice.plan.get").execute(ctx, args("azure.appservice.plan.get", "resourceGroup", RG, "plan", "testsf6141"));
        // the example's properties.numberOfWorkers (19) disagrees with sku.capacity (1); capacity is what a scale sets
        assertThat(r.outputs()).containsEntry("sku", "P1").containsEntry("tier", "Premium").containsEntry("workers", 1L)
                .containsEntry("maxWorkers", 20L).containsEntry("status", "Ready");
    }

    @Test
    void plan_scale_puts_and_reads_the_create_or_update_example_back() throws Exception {
        server.stubFor(get(urlPathEqualTo(PLAN)).inScenario("plan").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(official("GetAppServicePlan.json"))));
        server.stubFor(put(urlPathEqualTo(PLAN)).inScenario("plan").willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withHeader("Azure-AsyncOperation", endpoint() + OP.substring(1) + "?api-version=2023-12-01")
                .withBody(official("CreateOrUpdateAppServicePlan-202.json").replace("\"capacity\": 1", "\"capacity\": 3")))
                .willSetStateTo("scaled"));
        server.stubFor(get(urlPathEqualTo(OP)).willReturn(okJson("{\"status\":\"Succeeded\"}")));
        server.stubFor(get(urlPathEqualTo(PLAN)).inScenario("plan").whenScenarioStateIs("scaled")
                .willReturn(okJson(official("CreateOrUpdateAppServicePlan-202.json").replace("\"capacity\": 1", "\"capacity\": 3"))));
        var a = args("azure.appservice.plan.scale", "resourceGroup", RG, "plan", "testsf6141", "workers", 3L, "pollInterval", "10ms");
        Plan plan = action("azure.appservice.plan.scale").plan(ctx, a);
        assertThat(plan.before()).containsEntry("sku", "P1").containsEntry("workers", 1L);
        Result r = action("azure.appservice.plan.scale").execute(ctx, a);
        assertThat(r.outputs()).containsEntry("sku", "P1").containsEntry("workers", 3L);
    }

    @Test
    void postgres_get_reads_the_server_get_example() throws Exception {
        server.stubFor(get(urlPathEqualTo(PG + "exampleserver")).willReturn(okJson(official("PgServerGet.json"))));
        Result r = action("azure.postgres.flexible.get").execute(ctx,
                args("azure.postgres.flexible.get", "resourceGroup", RG, "name", "exampleserver"));
        assertThat(r.outputs()).containsEntry("state", "Ready").containsEntry("version", "16")
                .containsEntry("earliestRestoreTime", "2024-08-01T18:35:22.123456Z").containsEntry("backupRetentionDays", 7L)
                .containsEntry("fqdn", "exampleserver.postgres.database.azure.com").containsEntry("sku", "Standard_D4ds_v5")
                .containsEntry("tier", "GeneralPurpose").containsEntry("storageGb", 128L).containsEntry("highAvailability", "Disabled")
                .containsEntry("location", "westus");
    }

    @Test
    void postgres_restore_reads_the_point_in_time_restore_example_as_the_new_server() throws Exception {
        server.stubFor(get(urlPathEqualTo(PG + "exampleserver")).willReturn(okJson(official("PgServerGet.json"))));
        server.stubFor(get(urlPathEqualTo(PG + "pgtestsvc5")).inScenario("pg").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(armError("ResourceNotFound", "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/pgtestsvc5' was not found."))));
        server.stubFor(put(urlPathEqualTo(PG + "pgtestsvc5")).inScenario("pg").willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", endpoint() + OP.substring(1) + "?api-version=2022-12-01")).willSetStateTo("created"));
        server.stubFor(get(urlPathEqualTo(OP)).willReturn(okJson("{\"status\":\"Succeeded\"}")));
        server.stubFor(get(urlPathEqualTo(PG + "pgtestsvc5")).inScenario("pg").whenScenarioStateIs("created")
                .willReturn(okJson(official("PgServerCreatePointInTimeRestore-200.json"))));
        Result r = action("azure.postgres.flexible.restore").execute(ctx, args("azure.postgres.flexible.restore", "resourceGroup", RG,
                "source", "exampleserver", "target", "pgtestsvc5", "restorePointInTime", "2024-08-02T00:00:00Z", "pollInterval", "10ms"));
        assertThat(r.outputs()).containsEntry("name", "pgtestsvc5").containsEntry("state", "Ready")
                .containsEntry("fqdn", "pgtestsvc5.postgres.database.azure.com");
    }

    @Test
    void redis_get_reads_the_cache_and_firewall_examples() throws Exception {
        server.stubFor(get(urlPathEqualTo(REDIS)).willReturn(okJson(official("RedisCacheGet.json"))));
        server.stubFor(get(urlPathEqualTo(REDIS + "/firewallRules")).willReturn(okJson(official("RedisCacheFirewallRulesList.json"))));
        Result r = action("azure.redis.get").execute(ctx, args("azure.redis.get", "resourceGroup", RG, "name", "cache1"));
        assertThat(r.outputs()).containsEntry("provisioningState", "Creating").containsEntry("sku", "Premium").containsEntry("family", "P")
                .containsEntry("capacity", 3L).containsEntry("hostName", "cache1.redis.cache.windows.net").containsEntry("port", 6379L)
                .containsEntry("sslPort", 6380L).containsEntry("nonSslPortEnabled", true).containsEntry("redisVersion", "3.2")
                .containsEntry("publicNetworkAccess", "Enabled")
                .containsEntry("firewallRules", List.of(Map.of("name", "rule1", "startIp", "192.168.1.1", "endIp", "192.168.1.4"),
                        Map.of("name", "rule2", "startIp", "192.169.1.0", "endIp", "192.169.1.255")));
    }

    @Test
    void redis_reboot_reads_the_force_reboot_example() throws Exception {
        server.stubFor(get(urlPathEqualTo(REDIS)).willReturn(okJson(official("RedisCacheGet.json"))));
        server.stubFor(post(urlPathEqualTo(REDIS + "/forceReboot")).willReturn(okJson(official("RedisCacheForceReboot.json"))));
        Result r = action("azure.redis.reboot").execute(ctx, args("azure.redis.reboot", "resourceGroup", RG, "name", "cache1",
                "rebootType", "AllNodes"));
        assertThat(r.outputs()).containsEntry("message", "reboot operation enqueued");
    }

    @Test
    void metric_reads_the_get_metric_example_with_two_time_series() throws Exception {
        String resource = SUB_PATH + "/resourceGroups/test/providers/Microsoft.Storage/storageAccounts/larryshoebox/blobServices/default";
        server.stubFor(get(urlPathEqualTo(resource + "/providers/Microsoft.Insights/metrics")).willReturn(okJson(official("GetMetric.json"))));
        Result avg = action("azure.monitor.metric").execute(ctx, args("azure.monitor.metric", "resource", resource,
                "metric", "BlobCapacity", "aggregation", "Average", "window", "2h", "interval", "1m"));
        // one average in each series' last minute: 0 and 245; the minutes without one are gaps, not zeros
        assertThat(avg.outputs()).containsEntry("value", 122.5).containsEntry("unit", "Bytes");
        assertThat((List<?>) avg.outputs().get("points")).hasSize(8);
        Result count = action("azure.monitor.metric").execute(ctx, args("azure.monitor.metric", "resource", resource,
                "metric", "BlobCapacity", "aggregation", "Count", "window", "2h", "interval", "1m"));
        assertThat(count.outputs()).containsEntry("value", 2.0);
    }

    @Test
    void logs_query_reads_the_query_example_typed_by_its_columns() throws Exception {
        String workspace = "63613592-b6f7-4c3d-a390-22ba13102111";
        server.stubFor(post(urlPathEqualTo("/v1/workspaces/" + workspace + "/query")).willReturn(okJson(official("LogAnalyticsQueryPost.json"))));
        Result r = action("azure.monitor.logs-query").execute(ctx, args("azure.monitor.logs-query", "workspace", workspace,
                "query", "Usage | take 10", "timespan", "12h"));
        assertThat(r.outputs()).containsEntry("rowCount", 2L);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) r.outputs().get("first");
        // the example sends long, real and bool cells as JSON strings; the column type decides
        assertThat(first).containsEntry("Computer", "ContosoSQLSrv1").containsEntry("TotalBatches", 1L)
                .containsEntry("AvgLatencyInSeconds", 1.286).containsEntry("IsBillable", true).containsEntry("LinkedResourceUri", null);
    }

    private String vault() {
        String vault = "https://127.0.0.1:" + server.httpsPort();
        server.stubFor(any(anyUrl()).atPriority(1).withHeader("Authorization", absent()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT
                        + "\", resource=\"https://vault.azure.net\"")));
        return vault;
    }

    @Test
    void keyvault_describe_reads_the_get_secret_versions_example() throws Exception {
        String vault = vault();
        server.stubFor(get(urlPathEqualTo("/secrets/listsecretversionstest/versions")).atPriority(5)
                .willReturn(okJson(official("KeyVaultGetSecretVersions.json"))));
        Result r = action("azure.keyvault.secret.describe").execute(ctx,
                args("azure.keyvault.secret.describe", "vault", vault, "secret", "listsecretversionstest"));
        assertThat(r.outputs()).containsEntry("currentVersion", "11a536561da34d6b8b452d880df58f3a").containsEntry("enabled", true);
        assertThat((List<?>) r.outputs().get("versions")).hasSize(1);
    }

    @Test
    void keyvault_rotate_reads_the_set_secret_example_and_never_returns_its_value() throws Exception {
        String vault = vault();
        server.stubFor(get(urlPathEqualTo("/secrets/crpsecret/versions")).atPriority(5).willReturn(okJson(
                official("KeyVaultGetSecretVersions.json").replace("listsecretversionstest", "crpsecret"))));
        server.stubFor(put(urlPathEqualTo("/secrets/crpsecret")).atPriority(5).willReturn(okJson(official("KeyVaultSetSecret.json"))));
        server.stubFor(patch(urlPathEqualTo("/secrets/crpsecret/11a536561da34d6b8b452d880df58f3a")).atPriority(5)
                .willReturn(okJson(official("KeyVaultUpdateSecret.json"))));
        Result r = action("azure.keyvault.secret.rotate").execute(ctx, args("azure.keyvault.secret.rotate", "vault", vault,
                "secret", "crpsecret", "length", 32L));
        assertThat(r.outputs()).containsEntry("version", "03bcccc7c8cf4546a0e3e21e52560441")
                .containsEntry("previousVersion", "11a536561da34d6b8b452d880df58f3a");
        assertThat(r.outputs().toString() + r.summary()).doesNotContain("mysecretvalue");
    }

    @Test
    void keyvault_restore_version_reads_the_get_update_and_set_examples() throws Exception {
        String vault = vault();
        String old = "4387e9f3d6e14c459867679a90fd0f79";
        server.stubFor(get(urlPathEqualTo("/secrets/mysecretname/versions")).atPriority(5).willReturn(okJson(
                official("KeyVaultGetSecretVersions.json").replace("listsecretversionstest/11a536561da34d6b8b452d880df58f3a", "mysecretname/" + old))));
        server.stubFor(patch(urlPathEqualTo("/secrets/mysecretname/" + old)).atPriority(5).willReturn(okJson(
                official("KeyVaultUpdateSecret.json").replace("crpsecret/03bcccc7c8cf4546a0e3e21e52560441", "mysecretname/" + old))));
        server.stubFor(get(urlPathEqualTo("/secrets/mysecretname/" + old)).atPriority(5).willReturn(okJson(official("KeyVaultGetSecret.json"))));
        server.stubFor(put(urlPathEqualTo("/secrets/mysecretname")).atPriority(5).willReturn(okJson(
                official("KeyVaultSetSecret.json").replace("crpsecret", "mysecretname"))));
        Result r = action("azure.keyvault.secret.restore-version").execute(ctx, args("azure.keyvault.secret.restore-version",
                "vault", vault, "secret", "mysecretname", "version", old));
        assertThat(r.outputs()).containsEntry("version", "03bcccc7c8cf4546a0e3e21e52560441");
        assertThat(r.outputs().toString() + r.summary()).doesNotContain("mysecretvalue");
    }
}
