package dev.runbook.action.azure.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.azure.AzureProvider;
import dev.runbook.model.Effect;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** plan() is what --dry-run and the gate call: for every mutating azure action it may only read. */
class DryRunWireTest extends WireTestBase {

    @Test
    void plan_of_every_write_action_makes_only_get_requests() throws Exception {
        String site = WebAppWireTest.SITE;
        String vault = "https://127.0.0.1:" + server.httpsPort();
        long now = Instant.now().getEpochSecond();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200).withBody("{}")));
        server.stubFor(any(anyUrl()).atPriority(1).withHeader("Authorization", absent()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT + "\", resource=\"https://vault.azure.net\"")));
        server.stubFor(get(urlPathEqualTo(site)).willReturn(okJson(json("site.json"))));
        server.stubFor(get(urlPathEqualTo(site + "/slots/staging")).willReturn(okJson(json("site-staging.json"))));
        server.stubFor(get(urlPathEqualTo(ArmResourcesWireTest.PLAN)).willReturn(okJson(json("plan.json"))));
        server.stubFor(get(urlPathEqualTo(ArmResourcesWireTest.PG + "pg-fleet-prod")).willReturn(okJson(json("pg-server.json"))));
        server.stubFor(get(urlPathEqualTo(ArmResourcesWireTest.PG + "pg-fleet-restore")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(armError("ResourceNotFound", "not found"))));
        server.stubFor(get(urlPathEqualTo(ArmResourcesWireTest.REDIS)).willReturn(okJson(json("redis.json"))));
        server.stubFor(get(urlPathEqualTo("/secrets/db-password/versions")).willReturn(okJson("""
                {"value":[{"id":"%1$s/secrets/db-password/v2","attributes":{"enabled":true,"created":%2$d}},
                          {"id":"%1$s/secrets/db-password/v1","attributes":{"enabled":false,"created":%3$d}}]}"""
                .formatted(vault, now, now - 1000))));

        Map<String, Args> cases = new LinkedHashMap<>();
        cases.put("azure.webapp.restart", args("azure.webapp.restart", "resourceGroup", RG, "name", "fleet-api"));
        cases.put("azure.webapp.stop", args("azure.webapp.stop", "resourceGroup", RG, "name", "fleet-api"));
        cases.put("azure.webapp.start", args("azure.webapp.start", "resourceGroup", RG, "name", "fleet-api"));
        cases.put("azure.webapp.swap-slot", args("azure.webapp.swap-slot", "resourceGroup", RG, "name", "fleet-api", "slot", "staging"));
        cases.put("azure.appservice.plan.scale", args("azure.appservice.plan.scale", "resourceGroup", "rg-fleet-plans",
                "plan", "asp-fleet-prod", "sku", "P2V2", "workers", 3L));
        cases.put("azure.postgres.flexible.restore", args("azure.postgres.flexible.restore", "resourceGroup", RG,
                "source", "pg-fleet-prod", "target", "pg-fleet-restore", "restorePointInTime", "2025-12-09T18:00:00Z"));
        cases.put("azure.redis.reboot", args("azure.redis.reboot", "resourceGroup", RG, "name", "redis-fleet-prod"));
        cases.put("azure.keyvault.secret.rotate", args("azure.keyvault.secret.rotate", "vault", vault, "secret", "db-password"));
        cases.put("azure.keyvault.secret.restore-version", args("azure.keyvault.secret.restore-version", "vault", vault,
                "secret", "db-password", "version", "v1", "disableVersion", "v2"));

        assertThat(new AzureProvider().specs()).filteredOn(s -> s.effect().mutates())
                .allSatisfy(s -> assertThat(cases).containsKey(s.name()));
        ctx.dryRun = true;
        for (Map.Entry<String, Args> c : cases.entrySet()) {
            Plan plan = action(c.getKey()).plan(ctx, c.getValue());
            assertThat(plan.summary()).as(c.getKey()).isNotBlank();
            assertThat(plan.before()).as(c.getKey()).isNotEmpty();
            var spec = new AzureProvider().specs().stream().filter(s -> s.name().equals(c.getKey())).findFirst().orElseThrow();
            if (spec.effect() == Effect.DESTRUCTIVE) assertThat(plan.target()).as(c.getKey()).isNotBlank();
            assertThat(plan.before().keySet()).as(c.getKey() + " before matches the declared before fields")
                    .containsAll(spec.before().stream().map(o -> o.name()).toList());
        }
        assertThat(requests()).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("GET "));
    }
}
