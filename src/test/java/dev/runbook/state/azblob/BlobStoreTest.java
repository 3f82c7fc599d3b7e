package dev.runbook.state.azblob;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.runbook.state.CuttingProxy;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The azblob:// store's own promises: URLs and credentials (never in the URL, a connection string for another account
 * refused), each failure's kind against Azurite (missing container, wrong key, nothing listening, an answer lost after
 * the PUT arrived) and on the wire against WireMock (503 ServerBusy retried, 409 BlobAlreadyExists, 403, 500).
 */
class BlobStoreTest {
    static Azurite azurite;
    static WireMockServer wm;
    /** The SDK sends the '/' inside a blob name encoded. */
    static final String KEY_PATH = "/" + Azurite.ACCOUNT + "/team-state/oncall%2Flocks%2Fdeploy.json";

    @BeforeAll
    static void start() throws Exception {
        azurite = Azurite.startOrSkip();
        BlobStoreFactory.container(Azurite.ACCOUNT, "team-state", azurite.env()).create();
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (azurite != null) azurite.close();
        if (wm != null) wm.stop();
    }

    static StoreException failure(Runnable r) {
        StoreException e = catchThrowableOfType(StoreException.class, r::run);
        assertThat(e).as("a StoreException").isNotNull();
        assertThat(e.getMessage()).doesNotContain(Azurite.KEY).doesNotContain("AccountKey");
        return e;
    }

    static ObjectStore open(String url, Map<String, String> env) {
        return new BlobStoreFactory().open(URI.create(url), env);
    }

    @Test
    void urls_name_account_container_and_prefix_and_nothing_secret() {
        for (String u : List.of("azblob://devstoreaccount1", "azblob://devstoreaccount1/", "azblob://Not_An_Account/team-state",
                "azblob://devstoreaccount1/Team_State/x", "azblob://devstoreaccount1/team-state/p?sv=2024&sig=SECRETSIG",
                "azblob://user:pw@devstoreaccount1/team-state")) {
            StoreException e = failure(() -> open(u, azurite.env()));
            assertThat(e.kind()).as(u).isEqualTo(Kind.CONFIG);
            assertThat(e.getMessage()).as(u).doesNotContain("SECRETSIG").doesNotContain("pw@");
        }
    }

    @Test
    void a_connection_string_for_another_account_is_refused() {
        StoreException e = failure(() -> open("azblob://otheraccount/team-state/p", azurite.env()));
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("devstoreaccount1", "otheraccount");
    }

    @Test
    void default_azure_credential_is_only_ever_used_over_https() {
        StoreException e = failure(() -> open("azblob://devstoreaccount1/team-state/p",
                Map.of(BlobStoreFactory.ENDPOINT_ENV, "http://127.0.0.1:" + azurite.port + "/devstoreaccount1")));
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("https://", BlobStoreFactory.CONNECTION_ENV);
    }

    @Test
    void a_missing_container_is_missing_and_says_how_to_create_it() {
        try (ObjectStore s = open("azblob://devstoreaccount1/no-such-container/p", azurite.env())) {
            for (Runnable r : List.<Runnable>of(() -> s.get("k"), () -> s.createIfAbsent("k", new byte[] {1}), () -> s.list(""))) {
                StoreException e = failure(r);
                assertThat(e.kind()).isEqualTo(Kind.MISSING);
                assertThat(e.getMessage()).contains("container no-such-container does not exist", "az storage container create");
            }
        }
    }

    @Test
    void a_wrong_account_key_is_denied_without_repeating_it() {
        String wrongKey = java.util.Base64.getEncoder().encodeToString("not the key of this account at all".getBytes(UTF_8));
        String cs = Azurite.connectionString(azurite.port).replace(Azurite.KEY, wrongKey);
        try (ObjectStore s = open("azblob://devstoreaccount1/team-state/p", Map.of(BlobStoreFactory.CONNECTION_ENV, cs))) {
            StoreException e = failure(() -> s.createIfAbsent("k", new byte[] {1}));
            assertThat(e.kind()).isEqualTo(Kind.DENIED);
            assertThat(e.getMessage()).doesNotContain(wrongKey);
        }
    }

    @Test
    void nothing_listening_is_unavailable() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (ObjectStore s = open("azblob://devstoreaccount1/team-state/p", Map.of(BlobStoreFactory.CONNECTION_ENV, Azurite.connectionString(dead)))) {
            StoreException e = failure(() -> s.createIfAbsent("k", new byte[] {1}));
            assertThat(e.kind()).as("a refused connection sent nothing: surely not applied").isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("cannot reach Azure Storage");
        }
    }

    @Test
    void an_answer_lost_after_the_put_arrived_is_unknown_outcome_and_the_blob_is_there() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(azurite.port);
             ObjectStore s = open("azblob://devstoreaccount1/team-state/lost", Map.of(BlobStoreFactory.CONNECTION_ENV,
                     Azurite.connectionString(proxy.port())))) {
            s.createIfAbsent("before", new byte[] {1}).orElseThrow();
            proxy.cutNextAnswer();
            StoreException e = failure(() -> s.createIfAbsent("locks/a.json", "mine".getBytes(UTF_8)));
            assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
            assertThat(e.getMessage()).contains("azblob://devstoreaccount1/team-state/lost/locks/a.json", "may or may not have happened");
            assertThat(new String(s.get("locks/a.json").orElseThrow().bytes(), UTF_8)).isEqualTo("mine");
        }
    }

    ObjectStore onWire() {
        return open("azblob://devstoreaccount1/team-state/oncall", Map.of(BlobStoreFactory.CONNECTION_ENV, Azurite.connectionString(wm.port())));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String code) {
        return aResponse().withStatus(status).withHeader("x-ms-error-code", code).withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + code + "</Message></Error>");
    }

    @Test
    void server_busy_is_retried_and_then_the_create_succeeds_sending_if_none_match_star() {
        wm.resetAll();
        wm.stubFor(put(urlPathEqualTo(KEY_PATH)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(503, "ServerBusy")).willSetStateTo("ok"));
        wm.stubFor(put(urlPathEqualTo(KEY_PATH)).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withHeader("ETag", "\"0x8DC1\"")));
        try (ObjectStore s = onWire()) {
            assertThat(s.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8))).hasValueSatisfying(v -> assertThat(v).contains("0x8DC1"));
        }
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY_PATH)))).hasSize(2).allMatch(r -> "*".equals(r.getHeader("If-None-Match")));
    }

    @Test
    void blob_already_exists_and_condition_not_met_mean_someone_else_won() {
        wm.resetAll();
        wm.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(error(409, "BlobAlreadyExists")));
        try (ObjectStore s = onWire()) {
            assertThat(s.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8))).isEmpty();
            wm.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(error(412, "ConditionNotMet")));
            assertThat(s.replaceIfMatch("locks/deploy.json", "lease".getBytes(UTF_8), "\"0x1\"")).isEmpty();
        }
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY_PATH))).get(1).getHeader("If-Match")).isEqualTo("\"0x1\"");
    }

    @Test
    void a_403_names_the_role_the_identity_needs_and_a_500_to_a_write_is_unknown_outcome() {
        wm.resetAll();
        wm.stubFor(any(urlPathEqualTo(KEY_PATH)).willReturn(error(403, "AuthorizationPermissionMismatch")));
        try (ObjectStore s = onWire()) {
            StoreException e = failure(() -> s.createIfAbsent("locks/deploy.json", new byte[] {1}));
            assertThat(e.kind()).isEqualTo(Kind.DENIED);
            assertThat(e.getMessage()).contains("Storage Blob Data Contributor", "containers/team-state");

            wm.stubFor(any(urlPathEqualTo(KEY_PATH)).willReturn(error(500, "InternalError")));
            assertThat(failure(() -> s.createIfAbsent("locks/deploy.json", new byte[] {1})).kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
        }
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY_PATH)))).hasSize(2);
    }
}
