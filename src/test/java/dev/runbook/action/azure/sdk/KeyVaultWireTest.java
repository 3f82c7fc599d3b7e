package dev.runbook.action.azure.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runbook.action.ActionException;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key Vault secrets: the challenge-based bearer flow, versions without values, rotation and its undo. */
class KeyVaultWireTest extends WireTestBase {
    static final String API = "2025-07-01";
    static final String OLD = "4387e9f3d6e14c459867679a90fd0f79";
    static final String OLDER = "1111e9f3d6e14c459867679a90fd0f11";
    static final String NEW = "9d2b8a1c00f04f6a8f1f7c7e6b5a4d3c";

    String vault;

    @BeforeEach
    void challenge() {
        vault = "https://127.0.0.1:" + server.httpsPort();
        // Key Vault first answers 401 with the authority and resource to ask a token for.
        server.stubFor(any(anyUrl()).atPriority(1).withHeader("Authorization", absent()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT
                        + "\", resource=\"https://vault.azure.net\"")));
        long now = Instant.now().getEpochSecond();
        server.stubFor(get(urlPathEqualTo("/secrets/db-password/versions")).atPriority(5).willReturn(okJson("""
                {"value":[
                  {"id":"%1$s/secrets/db-password/%2$s","contentType":"text/plain","tags":{"owner":"fleet"},
                   "attributes":{"enabled":true,"created":%4$d,"updated":%4$d,"exp":%5$d,"recoveryLevel":"Recoverable+Purgeable"}},
                  {"id":"%1$s/secrets/db-password/%3$s","contentType":"text/plain",
                   "attributes":{"enabled":false,"created":%6$d,"updated":%6$d,"recoveryLevel":"Recoverable+Purgeable"}}
                ],"nextLink":null}""".formatted(vault, OLD, OLDER, now - 86400, now + 10 * 86400 + 3600, now - 90 * 86400))));
    }

    @Test
    void describe_lists_versions_newest_first_without_reading_a_value() throws Exception {
        Result r = action("azure.keyvault.secret.describe").execute(ctx,
                args("azure.keyvault.secret.describe", "vault", vault, "secret", "db-password"));
        assertThat(r.outputs()).containsEntry("currentVersion", OLD).containsEntry("enabled", true)
                .containsEntry("expiresInDays", 10L).containsEntry("contentType", "text/plain").containsEntry("versionCount", 2L);
        assertThat((List<?>) r.outputs().get("versions")).extracting(v -> (Object) ((Map<?, ?>) v).get("version")).containsExactly(OLD, OLDER);
        server.verify(getRequestedFor(urlPathEqualTo("/secrets/db-password/versions")).withQueryParam("api-version", equalTo(API))
                .withHeader("Authorization", equalTo("Bearer " + FakeCredential.TOKEN)));
        assertThat(requests()).allMatch(q -> q.startsWith("GET /secrets/db-password/versions"));
        assertThat(tokenScopes).contains(List.of("https://vault.azure.net/.default"));
    }

    @Test
    void rotate_sets_a_generated_value_disables_the_old_version_and_never_returns_the_value() throws Exception {
        server.stubFor(put(urlPathEqualTo("/secrets/db-password")).atPriority(5).willReturn(okJson(
                "{\"value\":\"ECHOED-VALUE\",\"id\":\"" + vault + "/secrets/db-password/" + NEW + "\",\"contentType\":\"text/plain\","
                        + "\"attributes\":{\"enabled\":true,\"created\":1765303200,\"updated\":1765303200,\"recoveryLevel\":\"Recoverable+Purgeable\"}}")));
        server.stubFor(patch(urlPathEqualTo("/secrets/db-password/" + OLD)).atPriority(5).willReturn(okJson(
                "{\"id\":\"" + vault + "/secrets/db-password/" + OLD + "\",\"attributes\":{\"enabled\":false}}")));
        var rotate = action("azure.keyvault.secret.rotate");
        var a = args("azure.keyvault.secret.rotate", "vault", vault, "secret", "db-password", "length", 40L, "disablePrevious", true);

        Plan plan = rotate.plan(ctx, a);
        assertThat(plan.before()).containsEntry("version", OLD).containsEntry("enabled", true);
        Result r = rotate.execute(ctx, a);

        assertThat(r.outputs()).containsEntry("version", NEW).containsEntry("previousVersion", OLD);
        List<LoggedRequest> puts = server.findAll(putRequestedFor(urlPathEqualTo("/secrets/db-password")).withQueryParam("api-version", equalTo(API)));
        assertThat(puts).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new ObjectMapper().readValue(puts.get(0).getBodyAsString(), Map.class);
        String sent = (String) body.get("value");
        assertThat(sent).hasSize(40).matches("[A-Za-z0-9]+");
        assertThat(body).containsEntry("contentType", "text/plain").containsEntry("tags", Map.of("owner", "fleet"));
        assertThat(r.outputs().toString() + r.summary() + plan + ctx.progress).doesNotContain(sent).doesNotContain("ECHOED-VALUE");
        server.verify(patchRequestedFor(urlPathEqualTo("/secrets/db-password/" + OLD))
                .withRequestBody(matchingJsonPath("$.attributes.enabled", equalTo("false"))));
        assertThat(rotate.undo(a, plan, r)).hasValueSatisfying(u -> {
            assertThat(u.uses()).isEqualTo("azure.keyvault.secret.restore-version");
            assertThat(u.with()).containsEntry("version", OLD).containsEntry("disableVersion", NEW).containsEntry("secret", "db-password");
        });
    }

    @Test
    void rotate_takes_the_value_from_a_secret_parameter() throws Exception {
        server.stubFor(put(urlPathEqualTo("/secrets/db-password")).atPriority(5).willReturn(okJson(
                "{\"id\":\"" + vault + "/secrets/db-password/" + NEW + "\",\"attributes\":{\"enabled\":true}}")));
        action("azure.keyvault.secret.rotate").execute(ctx, args("azure.keyvault.secret.rotate", "vault", vault, "secret", "db-password",
                "value", "s3cr3t-from-param"));
        server.verify(putRequestedFor(urlPathEqualTo("/secrets/db-password"))
                .withRequestBody(matchingJsonPath("$.value", equalTo("s3cr3t-from-param"))));
        server.verify(0, patchRequestedFor(urlPathEqualTo("/secrets/db-password/" + OLD)));
    }

    @Test
    void restore_version_re_enables_copies_it_as_current_and_disables_the_rotated_one() throws Exception {
        server.stubFor(patch(urlPathEqualTo("/secrets/db-password/" + OLDER)).atPriority(5).willReturn(okJson(
                "{\"id\":\"" + vault + "/secrets/db-password/" + OLDER + "\",\"attributes\":{\"enabled\":true}}")));
        server.stubFor(get(urlPathEqualTo("/secrets/db-password/" + OLDER)).atPriority(5).willReturn(okJson(
                "{\"value\":\"the-old-value\",\"id\":\"" + vault + "/secrets/db-password/" + OLDER + "\",\"attributes\":{\"enabled\":true}}")));
        server.stubFor(put(urlPathEqualTo("/secrets/db-password")).atPriority(5).willReturn(okJson(
                "{\"id\":\"" + vault + "/secrets/db-password/" + NEW + "\",\"attributes\":{\"enabled\":true}}")));
        server.stubFor(patch(urlPathEqualTo("/secrets/db-password/" + OLD)).atPriority(5).willReturn(okJson(
                "{\"id\":\"" + vault + "/secrets/db-password/" + OLD + "\",\"attributes\":{\"enabled\":false}}")));

        Result r = action("azure.keyvault.secret.restore-version").execute(ctx, args("azure.keyvault.secret.restore-version",
                "vault", vault, "secret", "db-password", "version", OLDER, "disableVersion", OLD));

        assertThat(r.outputs()).containsEntry("version", NEW).containsEntry("restoredFrom", OLDER);
        assertThat(r.toString()).doesNotContain("the-old-value");
        server.verify(patchRequestedFor(urlPathEqualTo("/secrets/db-password/" + OLDER))
                .withRequestBody(matchingJsonPath("$.attributes.enabled", equalTo("true"))));
        server.verify(putRequestedFor(urlPathEqualTo("/secrets/db-password")).withRequestBody(matchingJsonPath("$.value", equalTo("the-old-value"))));
        server.verify(patchRequestedFor(urlPathEqualTo("/secrets/db-password/" + OLD))
                .withRequestBody(matchingJsonPath("$.attributes.enabled", equalTo("false"))));
    }

    @Test
    void forbidden_by_rbac_names_the_data_action_and_a_role() {
        server.stubFor(get(urlPathEqualTo("/secrets/db-password/versions")).atPriority(2).withHeader("Authorization", equalTo("Bearer " + FakeCredential.TOKEN))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody("""
                        {"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.\\r\\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\\r\\nCaller: appid=04b07795;oid=9f1a6c5e\\r\\nAction: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'\\r\\nResource: '/subscriptions/x/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv/secrets/db-password'","innererror":{"code":"ForbiddenByRbac"}}}""")));
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.keyvault.secret.describe").execute(ctx,
                args("azure.keyvault.secret.describe", "vault", vault, "secret", "db-password")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("Microsoft.KeyVault/vaults/secrets/readMetadata/action");
        assertThat(e.hint()).contains("Key Vault Reader");
    }

    @Test
    void vault_names_become_urls_of_the_cloud() throws Exception {
        var clients = new AzureClients(wiring(0));
        ctx.settings.remove("azure.endpoint");
        assertThat(clients.vaultUrl(AzureCloud.resolve(ctx), "kv-fleet-prod")).isEqualTo("https://kv-fleet-prod.vault.azure.net");
        ctx.settings.put("azure.cloud", "AzureUSGovernment");
        assertThat(clients.vaultUrl(AzureCloud.resolve(ctx), "kv-fleet-prod")).isEqualTo("https://kv-fleet-prod.vault.usgovcloudapi.net");
        assertThat(catchThrowableOfType(ActionException.class, () -> clients.vaultUrl(AzureCloud.resolve(ctx), "http://kv.example")).getMessage())
                .contains("https");
    }
}
