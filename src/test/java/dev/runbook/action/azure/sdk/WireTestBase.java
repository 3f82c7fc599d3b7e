package dev.runbook.action.azure.sdk;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.runbook.action.Action;
import dev.runbook.action.Args;
import dev.runbook.action.azure.AzureProvider;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;

/**
 * The production code path against WireMock: the real SDK clients over HTTPS (a test certificate for
 * 127.0.0.1), the bearer-token policy fed by a fake credential, endpoints from the azure.* settings.
 */
abstract class WireTestBase {
    static final String SUB = "00000000-1111-2222-3333-444444444444";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String RG = "rg-fleet-prod";
    static final String SUB_PATH = "/subscriptions/" + SUB;

    static WireMockServer server;
    static SSLContext ssl;
    static final List<List<String>> tokenScopes = new CopyOnWriteArrayList<>();

    AzureActionFactory factory;
    FakeContext ctx;

    @BeforeAll
    static void startServer() throws Exception {
        Path keystore = Path.of(WireTestBase.class.getResource("/azure/test-tls.p12").toURI());
        server = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(keystore.toString()).keystorePassword("changeit").keyManagerPassword("changeit")
                .keystoreType("PKCS12"));
        server.start();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = WireTestBase.class.getResourceAsStream("/azure/test-tls.p12")) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void fresh() {
        server.resetAll();
        tokenScopes.clear();
        factory = new AzureActionFactory(wiring(0));
        ctx = new FakeContext(endpoint());
    }

    static String endpoint() {
        return "https://127.0.0.1:" + server.httpsPort() + "/";
    }

    static Wiring wiring(int retries) {
        var http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ssl)).build();
        return new Wiring(http, (cloud, client) -> new FakeCredential(),
                new RetryOptions(new FixedDelayOptions(retries, Duration.ofMillis(10))), false);
    }

    /** Hands out a JWT-shaped token whose claims whoami can read. */
    static final class FakeCredential implements TokenCredential {
        static final String TOKEN = jwt("{\"tid\":\"" + TENANT + "\",\"oid\":\"9f1a6c5e-0000-4000-8000-00000000abcd\","
                + "\"upn\":\"oncall@contoso.com\",\"idtyp\":\"user\"}");

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromCallable(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            tokenScopes.add(List.copyOf(request.getScopes()));
            return new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1));
        }
    }

    static String jwt(String claims) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    Action action(String name) {
        return factory.create(new AzureProvider().specs().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow());
    }

    /** Arguments with the spec's defaults applied, as the engine hands them over. */
    static Args args(String action, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        new AzureProvider().specs().stream().filter(s -> s.name().equals(action)).findFirst().orElseThrow()
                .parameters().forEach(p -> {
                    if (p.defaultValue() != null) m.put(p.name(), p.defaultValue());
                });
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Args.of(m);
    }

    static String json(String resource) {
        try (InputStream in = WireTestBase.class.getResourceAsStream("/azure/" + resource)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String armError(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    /** Every request WireMock saw, as "METHOD path?query". */
    static List<String> requests() {
        return server.getAllServeEvents().stream()
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .map(e -> e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl()).toList();
    }

    static WireMock wm() {
        return new WireMock(server);
    }
}
