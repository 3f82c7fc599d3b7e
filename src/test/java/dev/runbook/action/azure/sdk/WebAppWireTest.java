package dev.runbook.action.azure.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.action.ActionException;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebAppWireTest extends WireTestBase {
    static final String API = "2025-03-01";
    static final String SITE = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.Web/sites/fleet-api";

    @Test
    void get_reads_state_plan_hosts_slots_and_last_deployment() throws Exception {
        server.stubFor(get(urlPathEqualTo(SITE)).willReturn(okJson(json("site.json"))));
        server.stubFor(get(urlPathEqualTo(SITE + "/slots")).willReturn(okJson(json("slots.json"))));
        server.stubFor(get(urlPathEqualTo(SITE + "/deployments")).willReturn(okJson(json("deployments.json"))));

        Result r = action("azure.webapp.get").execute(ctx, args("azure.webapp.get", "resourceGroup", RG, "name", "fleet-api"));

        assertThat(r.outputs()).containsEntry("state", "Running")
                .containsEntry("plan", "asp-fleet-prod")
                .containsEntry("planResourceGroup", "rg-fleet-plans")
                .containsEntry("hostNames", List.of("fleet-api.azurewebsites.net", "fleet-api.capitaltechalliance.com"))
                .containsEntry("defaultHostName", "fleet-api.azurewebsites.net")
                .containsEntry("slots", List.of("staging"))
                .containsEntry("lastDeploymentTime", "2025-12-09T17:40:09Z")
                .containsEntry("kind", "app,linux");
        server.verify(getRequestedFor(urlPathEqualTo(SITE)).withQueryParam("api-version", equalTo(API))
                .withHeader("Authorization", equalTo("Bearer " + FakeCredential.TOKEN)));
        assertThat(tokenScopes).contains(List.of(endpoint() + "/.default"));
    }

    @Test
    void restart_is_one_synchronous_post_then_reads_the_state() throws Exception {
        server.stubFor(post(urlPathEqualTo(SITE + "/restart")).willReturn(aResponse().withStatus(200)));
        server.stubFor(get(urlPathEqualTo(SITE)).willReturn(okJson(json("site.json"))));

        Result r = action("azure.webapp.restart").execute(ctx, args("azure.webapp.restart", "resourceGroup", RG, "name", "fleet-api"));

        assertThat(r.outputs()).containsEntry("state", "Running");
        server.verify(1, postRequestedFor(urlPathEqualTo(SITE + "/restart")).withQueryParam("api-version", equalTo(API))
                .withQueryParam("softRestart", equalTo("false")).withQueryParam("synchronous", equalTo("true")));
        assertThat(requests()).hasSize(2);
    }

    @Test
    void stop_of_a_slot_plans_with_the_app_name_as_target_and_undoes_by_starting() throws Exception {
        server.stubFor(get(urlPathEqualTo(SITE + "/slots/staging")).willReturn(okJson(json("site-staging.json"))));
        server.stubFor(post(urlPathEqualTo(SITE + "/slots/staging/stop")).willReturn(aResponse().withStatus(200)));
        var stop = action("azure.webapp.stop");
        var a = args("azure.webapp.stop", "resourceGroup", RG, "name", "fleet-api", "slot", "staging");

        Plan plan = stop.plan(ctx, a);
        assertThat(plan.target()).isEqualTo("fleet-api");
        assertThat(plan.before()).containsEntry("state", "Running");
        assertThat(plan.after()).containsEntry("state", "Stopped");

        stop.execute(ctx, a);
        server.verify(postRequestedFor(urlPathEqualTo(SITE + "/slots/staging/stop")).withQueryParam("api-version", equalTo(API)));
        assertThat(stop.undo(a, plan, null)).contains(new UndoHint("azure.webapp.start",
                Map.of("resourceGroup", RG, "name", "fleet-api", "slot", "staging")));
    }

    @Test
    void start_posts_start() throws Exception {
        server.stubFor(post(urlPathEqualTo(SITE + "/start")).willReturn(aResponse().withStatus(200)));
        server.stubFor(get(urlPathEqualTo(SITE)).willReturn(okJson(json("site.json"))));
        Result r = action("azure.webapp.start").execute(ctx, args("azure.webapp.start", "resourceGroup", RG, "name", "fleet-api"));
        assertThat(r.outputs()).containsEntry("state", "Running");
        server.verify(1, postRequestedFor(urlPathEqualTo(SITE + "/start")).withQueryParam("api-version", equalTo(API)));
    }

    @Test
    void swap_with_production_polls_the_async_operation_until_it_succeeds() throws Exception {
        String op = "/subscriptions/" + SUB + "/providers/Microsoft.Web/locations/eastus/operationResults/swap-1";
        server.stubFor(post(urlPathEqualTo(SITE + "/slotsswap")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", endpoint() + op.substring(1) + "?api-version=" + API)
                .withHeader("Location", endpoint() + op.substring(1) + "?api-version=" + API)
                .withHeader("Retry-After", "0")));
        server.stubFor(get(urlPathEqualTo(op)).inScenario("swap").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"status\":\"InProgress\"}")).willSetStateTo("polled"));
        server.stubFor(get(urlPathEqualTo(op)).inScenario("swap").whenScenarioStateIs("polled")
                .willReturn(okJson("{\"status\":\"Succeeded\"}")));
        var a = args("azure.webapp.swap-slot", "resourceGroup", RG, "name", "fleet-api", "slot", "staging", "pollInterval", "10ms");

        Result r = action("azure.webapp.swap-slot").execute(ctx, a);

        assertThat(r.outputs()).containsEntry("status", "Succeeded").containsEntry("slot", "staging").containsEntry("targetSlot", "production");
        server.verify(1, postRequestedFor(urlPathEqualTo(SITE + "/slotsswap")).withQueryParam("api-version", equalTo(API))
                .withRequestBody(equalToJson("{\"targetSlot\":\"staging\",\"preserveVnet\":true}")));
        assertThat(ctx.progress).anyMatch(p -> p.contains("InProgress")).anyMatch(p -> p.contains("Succeeded"));
        assertThat(action("azure.webapp.swap-slot").undo(a, null, r)).hasValueSatisfying(u -> {
            assertThat(u.uses()).isEqualTo("azure.webapp.swap-slot");
            assertThat(u.with()).containsEntry("slot", "staging").containsEntry("targetSlot", "production");
        });
    }

    @Test
    void swap_between_two_slots_uses_the_slot_endpoint_and_plans_the_exchange() throws Exception {
        server.stubFor(get(urlPathEqualTo(SITE + "/slots/staging")).willReturn(okJson(json("site-staging.json"))));
        server.stubFor(get(urlPathEqualTo(SITE + "/slots/canary")).willReturn(okJson(json("site-staging.json")
                .replace("\"state\": \"Running\"", "\"state\": \"Stopped\"").replace("staging", "canary"))));
        server.stubFor(post(urlPathEqualTo(SITE + "/slots/staging/slotsswap")).willReturn(aResponse().withStatus(200)));
        var a = args("azure.webapp.swap-slot", "resourceGroup", RG, "name", "fleet-api", "slot", "staging", "targetSlot", "canary");
        var swap = action("azure.webapp.swap-slot");

        Plan plan = swap.plan(ctx, a);
        assertThat(plan.before()).containsEntry("slotState", "Running").containsEntry("targetState", "Stopped");
        assertThat(plan.target()).isEqualTo("fleet-api");

        swap.execute(ctx, a);
        server.verify(postRequestedFor(urlPathEqualTo(SITE + "/slots/staging/slotsswap"))
                .withRequestBody(equalToJson("{\"targetSlot\":\"canary\",\"preserveVnet\":true}")));
    }

    @Test
    void a_missing_app_is_a_permanent_not_found_naming_it() {
        server.stubFor(get(urlPathEqualTo(SITE)).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody(armError("ResourceNotFound", "The Resource 'Microsoft.Web/sites/fleet-api' under resource group 'rg-fleet-prod' was not found."))));
        ActionException e = catchThrowableOfType(ActionException.class,
                () -> action("azure.webapp.restart").plan(ctx, args("azure.webapp.restart", "resourceGroup", RG, "name", "fleet-api")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("not found").contains("web app 'fleet-api' in resource group 'rg-fleet-prod'");
    }

    @Test
    void authorization_failed_names_the_denied_action_and_a_role() {
        server.stubFor(post(urlPathEqualTo(SITE + "/restart")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(armError("AuthorizationFailed", "The client 'oncall@contoso.com' with object id '9f1a6c5e' does not have authorization to perform action 'Microsoft.Web/sites/restart/action' over scope '" + SITE + "' or the scope is invalid. If access was recently granted, please refresh your credentials."))));
        ActionException e = catchThrowableOfType(ActionException.class,
                () -> action("azure.webapp.restart").execute(ctx, args("azure.webapp.restart", "resourceGroup", RG, "name", "fleet-api")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("authorization failed").contains("Microsoft.Web/sites/restart/action");
        assertThat(e.hint()).contains("Website Contributor");
    }

    @Test
    void throttling_and_server_errors_are_transient() {
        server.stubFor(get(urlPathEqualTo(SITE)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "17")
                .withHeader("Content-Type", "application/json")
                .withBody(armError("TooManyRequests", "Number of read requests for subscription exceeded the limit of '12000' for time interval '01:00:00'."))));
        ActionException e = catchThrowableOfType(ActionException.class,
                () -> action("azure.webapp.get").execute(ctx, args("azure.webapp.get", "resourceGroup", RG, "name", "fleet-api")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
        assertThat(e.getMessage()).contains("throttled");
        assertThat(e.hint()).contains("17");

        server.stubFor(get(urlPathEqualTo(SITE)).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody(armError("ServiceUnavailable", "The service is unavailable."))));
        assertThat(catchThrowableOfType(ActionException.class,
                () -> action("azure.webapp.get").execute(ctx, args("azure.webapp.get", "resourceGroup", RG, "name", "fleet-api"))).kind())
                .isEqualTo(ActionException.Kind.TRANSIENT);
    }

    @Test
    void a_slow_answer_ends_at_the_step_deadline() {
        server.stubFor(get(urlPathEqualTo(SITE)).willReturn(okJson(json("site.json")).withFixedDelay(5000)));
        ctx.timeout(Duration.ofMillis(400));
        long start = System.nanoTime();
        ActionException e = catchThrowableOfType(ActionException.class,
                () -> action("azure.webapp.get").execute(ctx, args("azure.webapp.get", "resourceGroup", RG, "name", "fleet-api")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void cancellation_stops_waiting_for_a_long_running_swap() throws Exception {
        String op = "/subscriptions/" + SUB + "/providers/Microsoft.Web/locations/eastus/operationResults/swap-2";
        server.stubFor(post(urlPathEqualTo(SITE + "/slotsswap")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", endpoint() + op.substring(1) + "?api-version=" + API)));
        server.stubFor(get(urlPathEqualTo(op)).willReturn(okJson("{\"status\":\"InProgress\"}")));
        Thread canceller = new Thread(() -> {
            try {
                // Ctrl-C once Azure accepted the swap (a cancel before that is a plain cancel: nothing was started)
                while (ctx.accepted.isEmpty()) Thread.sleep(20);
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            ctx.cancel();
        });
        canceller.start();
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.webapp.swap-slot").execute(ctx,
                args("azure.webapp.swap-slot", "resourceGroup", RG, "name", "fleet-api", "slot", "staging", "pollInterval", "50ms")));
        // Azure accepted the swap: stopping the wait does not stop it, so the step is in doubt, not cancelled
        assertThat(e.kind()).isEqualTo(ActionException.Kind.UNFINISHED);
        assertThat(e.getMessage()).contains("stopped waiting for slot swap", "may still be going on");
        assertThat(e.operation().kind()).isEqualTo("azure.lro");
        assertThat(ctx.accepted).containsExactly(e.operation());
    }
}
