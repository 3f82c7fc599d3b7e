package dev.runbook.action.aws.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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

    static List<LoggedRequest> all() {
        return wm.getAllServeEvents().stream().map(e -> e.getRequest()).map(LoggedRequest.class::cast).toList();
    }
}
