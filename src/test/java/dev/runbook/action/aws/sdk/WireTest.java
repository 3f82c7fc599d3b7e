package dev.runbook.action.aws.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.aws.AwsProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The real SDK clients against WireMock on 127.0.0.1, SDK retries off. */
abstract class WireTest {
    static final Instant NOW = Instant.parse("2024-01-22T15:00:00Z");
    static WireMockServer wm;
    static final Catalogue CATALOGUE = new Catalogue(List.of(new AwsProvider()));
    FakeContext ctx;
    AwsActionFactory factory;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        ctx = new FakeContext("http://127.0.0.1:" + wm.port());
        factory = new AwsActionFactory(new AwsClients(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG")),
                false, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    Action action(String name) {
        return factory.create(CATALOGUE.spec(name).orElseThrow());
    }

    Result exec(String name, Map<String, Object> args) throws ActionException {
        return action(name).execute(ctx, Args.of(args));
    }

    Plan plan(String name, Map<String, Object> args) throws ActionException {
        return action(name).plan(ctx, Args.of(args));
    }

    /** JSON 1.0/1.1 protocols: one POST / per operation, told apart by X-Amz-Target. */
    static MappingBuilder target(String target) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
    }

    static void json(String target, int status, String body) {
        wm.stubFor(target(target).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    static List<LoggedRequest> sent(String target) {
        return wm.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)));
    }

    /** Query protocols (RDS, STS): form POSTs told apart by Action=..., XML answers. */
    static MappingBuilder query(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    /** One form parameter with exactly this value (not a prefix of a longer one). */
    static MappingBuilder query(String action, String param, String value) {
        return query(action).withRequestBody(matching("(?s)(.*&)?" + param + "=" + java.util.regex.Pattern.quote(value) + "(&.*)?"));
    }

    static void xml(String action, int status, String body) {
        wm.stubFor(query(action).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body)));
    }

    static List<LoggedRequest> sentAction(String action) {
        return wm.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&")));
    }

    static String rdsError(String code, String message) {
        return "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>8e5f6b3c-1d2e-4f5a-9b8c-7d6e5f4a3b2c</RequestId></ErrorResponse>";
    }

    static List<LoggedRequest> all() {
        return wm.getAllServeEvents().stream().map(e -> e.getRequest()).map(LoggedRequest.class::cast).toList();
    }
}
