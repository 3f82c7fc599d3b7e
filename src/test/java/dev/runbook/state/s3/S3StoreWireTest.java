package dev.runbook.state.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What S3Store does with each answer S3 can give, on the wire (WireMock on 127.0.0.1): the conditional headers it
 * sends, 412 and 404 as "someone else won", 409 ConditionalRequestConflict and 503 SlowDown retried a bounded number
 * of times with growing waits, a connection dropped after the PUT was sent as UNKNOWN_OUTCOME without a resend,
 * 403 and NoSuchBucket as DENIED and MISSING, with messages that name the key and say what to do, and no secret.
 */
class S3StoreWireTest {
    static WireMockServer wm;
    static final String SECRET = "wire-test-secret-value";
    static final String KEY = "/team-state/oncall/locks/deploy.json";
    final List<Long> waits = new ArrayList<>();
    S3Store store;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    static Map<String, String> env(int port) {
        return Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + port, "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIAWIRETEST", "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", "token-" + SECRET);
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        waits.clear();
        store = new S3Store(S3StoreFactory.client(env(wm.port())), "team-state", "oncall/", 1000, waits::add);
    }

    /**
     * An error as Amazon S3 answers it, in the shape of the Amazon S3 API Reference, "Error responses"
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): an XML {@code Error} with {@code Code},
     * {@code Message}, {@code Resource}, {@code RequestId} and {@code HostId}, {@code Content-Type: application/xml}
     * and the request-id headers. Codes and statuses are that page's list (PreconditionFailed 412,
     * ConditionalRequestConflict 409, SlowDown 503, NoSuchKey 404, ...); the conditional-write answers are those of the
     * PutObject reference (If-None-Match / If-Match: 412 when the condition fails, 409 when a conflicting operation is
     * in flight, to be retried).
     */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder awsError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "7B3A9C01D2E4F5A6").withHeader("x-amz-id-2", "cnVuYm9vay13aXJlLXRlc3QtaG9zdA==")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                        + "</Message><Resource>" + KEY + "</Resource><RequestId>7B3A9C01D2E4F5A6</RequestId>"
                        + "<HostId>cnVuYm9vay13aXJlLXRlc3QtaG9zdA==</HostId></Error>");
    }

    static StoreException failure(Runnable r) {
        StoreException e = catchThrowableOfType(StoreException.class, r::run);
        assertThat(e).as("a StoreException").isNotNull();
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return e;
    }

    @Test
    void a_create_sends_if_none_match_star_and_a_412_means_someone_else_has_the_key() {
        wm.stubFor(put(urlPathEqualTo(KEY)).willReturn(awsError(412, "PreconditionFailed", "At least one of the preconditions that you specified did not hold.")));
        assertThat(store.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8))).isEmpty();
        List<LoggedRequest> puts = wm.findAll(putRequestedFor(urlPathEqualTo(KEY)));
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).getHeader("If-None-Match")).isEqualTo("*");
        assertThat(puts.get(0).containsHeader("Expect")).as("no 100-continue round trip").isFalse();
        assertThat(puts.get(0).getBodyAsString()).isEqualTo("lease");
    }

    @Test
    void a_replace_sends_if_match_with_the_etag_and_412_or_404_mean_it_lost() {
        wm.stubFor(put(urlPathEqualTo(KEY)).withHeader("If-Match", equalTo("\"abc\""))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"def\"")));
        assertThat(store.replaceIfMatch("locks/deploy.json", "renewed".getBytes(UTF_8), "\"abc\"")).contains("\"def\"");

        wm.stubFor(put(urlPathEqualTo(KEY)).withHeader("If-Match", equalTo("\"old\""))
                .willReturn(awsError(412, "PreconditionFailed", "At least one of the preconditions that you specified did not hold.")));
        assertThat(store.replaceIfMatch("locks/deploy.json", "stale".getBytes(UTF_8), "\"old\"")).isEmpty();

        wm.stubFor(put(urlPathEqualTo(KEY)).withHeader("If-Match", equalTo("\"gone\""))
                .willReturn(awsError(404, "NoSuchKey", "The specified key does not exist.")));
        assertThat(store.replaceIfMatch("locks/deploy.json", "stale".getBytes(UTF_8), "\"gone\"")).isEmpty();
        assertThat(waits).isEmpty();
    }

    @Test
    void a_versioned_delete_sends_if_match_and_412_means_it_was_not_deleted() {
        wm.stubFor(delete(urlPathEqualTo(KEY)).withHeader("If-Match", equalTo("\"abc\"")).willReturn(aResponse().withStatus(204)));
        wm.stubFor(delete(urlPathEqualTo(KEY)).withHeader("If-Match", equalTo("\"old\""))
                .willReturn(awsError(412, "PreconditionFailed", "At least one of the preconditions that you specified did not hold.")));
        assertThat(store.delete("locks/deploy.json", "\"abc\"")).isTrue();
        assertThat(store.delete("locks/deploy.json", "\"old\"")).isFalse();
    }

    @Test
    void a_409_conditional_request_conflict_is_retried_and_then_the_create_succeeds() {
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("conflict").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(awsError(409, "ConditionalRequestConflict",
                        "A conflicting conditional operation is currently in progress against this resource."))
                .willSetStateTo("again"));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("conflict").whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e1\"")));
        assertThat(store.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8))).contains("\"e1\"");
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY)))).hasSize(2)
                .allMatch(r -> "*".equals(r.getHeader("If-None-Match")));
        assertThat(waits).hasSize(1);
    }

    @Test
    void a_409_conflict_that_resolves_into_a_412_means_the_other_writer_won() {
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("conflict").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(awsError(409, "ConditionalRequestConflict", "A conflicting operation occurred."))
                .willSetStateTo("other won"));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("conflict").whenScenarioStateIs("other won")
                .willReturn(awsError(412, "PreconditionFailed", "At least one of the preconditions that you specified did not hold.")));
        assertThat(store.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8))).isEmpty();
    }

    @Test
    void throttling_is_retried_with_growing_waits_and_then_succeeds() {
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(awsError(503, "SlowDown", "Please reduce your request rate."))
                .willSetStateTo("slow 2"));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("slow").whenScenarioStateIs("slow 2")
                .willReturn(awsError(503, "SlowDown", "Please reduce your request rate."))
                .willSetStateTo("ok"));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("slow").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e1\"")));
        assertThat(store.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8))).contains("\"e1\"");
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(50L, 100L);
        assertThat(waits.get(1)).isBetween(100L, 200L);
    }

    /** Two machines race for a lease on S3: ours meets 409 (theirs in flight), then 412 (theirs won); the lock read back names them. */
    @Test
    void a_lease_race_lost_through_409_then_412_is_refused_naming_the_winner() {
        String bob = "{\"lock\":\"deploy\",\"leaseId\":\"lease-of-bob\",\"runId\":\"20990101-000000-deploy-bbbb\",\"runbook\":\"deploy\","
                + "\"user\":\"bob\",\"host\":\"laptop-b\",\"pid\":2,\"started\":\"2099-01-01T00:00:00Z\",\"renewed\":\"2099-01-01T00:00:00Z\","
                + "\"expires\":\"2099-01-01T00:01:00Z\"}";
        wm.stubFor(get(urlPathEqualTo(KEY)).inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(awsError(404, "NoSuchKey", "The specified key does not exist.")));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(awsError(409, "ConditionalRequestConflict", "A conflicting operation occurred.")).willSetStateTo("in flight"));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("race").whenScenarioStateIs("in flight")
                .willReturn(awsError(412, "PreconditionFailed", "At least one of the preconditions that you specified did not hold."))
                .willSetStateTo("bob won"));
        wm.stubFor(get(urlPathEqualTo(KEY)).inScenario("race").whenScenarioStateIs("bob won")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"bob1\"").withBody(bob)));
        dev.runbook.state.Lease.Held held = catchThrowableOfType(dev.runbook.state.Lease.Held.class, () -> dev.runbook.state.Lease.acquire(store, "deploy",
                dev.runbook.state.Lease.Record.holder("20990101-000000-deploy-aaaa", "deploy", "alice", "laptop-a", 1, null),
                java.time.Duration.ofSeconds(60), java.time.Clock.systemUTC()));
        assertThat(held).isNotNull();
        assertThat(held.getMessage()).contains("bob@laptop-b", "lock id lease-of-bob");
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY)))).hasSize(2).allMatch(r -> "*".equals(r.getHeader("If-None-Match")));
        assertThat(waits).hasSize(1);
    }

    /** A lease create throttled twice (503 SlowDown) is retried with growing waits and then held: one lock, ours. */
    @Test
    void a_lease_create_throttled_by_slow_down_is_retried_and_then_held() throws Exception {
        wm.stubFor(get(urlPathEqualTo(KEY)).willReturn(awsError(404, "NoSuchKey", "The specified key does not exist.")));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(awsError(503, "SlowDown", "Please reduce your request rate.")).willSetStateTo("slow 2"));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("slow").whenScenarioStateIs("slow 2")
                .willReturn(awsError(503, "SlowDown", "Please reduce your request rate.")).willSetStateTo("ok"));
        wm.stubFor(put(urlPathEqualTo(KEY)).inScenario("slow").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"a1\"")));
        dev.runbook.state.Lease l = dev.runbook.state.Lease.acquire(store, "deploy",
                dev.runbook.state.Lease.Record.holder("20990101-000000-deploy-aaaa", "deploy", "alice", "laptop-a", 1, null),
                java.time.Duration.ofSeconds(60), java.time.Clock.systemUTC());
        assertThat(l.record().who()).isEqualTo("alice@laptop-a");
        List<LoggedRequest> puts = wm.findAll(putRequestedFor(urlPathEqualTo(KEY)));
        assertThat(puts).hasSize(3);
        assertThat(puts).extracting(LoggedRequest::getBodyAsString).containsOnly(puts.get(0).getBodyAsString()); // the same record each time
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(50L, 100L);
        assertThat(waits.get(1)).isBetween(100L, 200L);
    }

    @Test
    void throttling_that_does_not_stop_gives_up_after_a_bounded_number_of_attempts() {
        wm.stubFor(put(urlPathEqualTo(KEY)).willReturn(awsError(503, "SlowDown", "Please reduce your request rate.")));
        StoreException e = failure(() -> store.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8)));
        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("throttling", "s3://team-state/oncall/locks/deploy.json", S3Store.ATTEMPTS + " attempts", "try again");
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY)))).hasSize(S3Store.ATTEMPTS);
        assertThat(waits).hasSize(S3Store.ATTEMPTS - 1).allMatch(w -> w <= 2_000);
    }

    /** The self-lock trap: the PUT reached S3 and may have created the lock; resending it would meet our own lock. */
    @Test
    void a_connection_dropped_after_the_create_was_sent_is_unknown_outcome_and_never_resent() {
        wm.stubFor(put(urlPathEqualTo(KEY)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        StoreException e = failure(() -> store.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8)));
        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
        assertThat(e.getMessage()).contains("s3://team-state/oncall/locks/deploy.json", "may or may not have happened");
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY)))).hasSize(1);

        wm.resetAll();
        wm.stubFor(put(urlPathEqualTo(KEY)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertThat(failure(() -> store.replaceIfMatch("locks/deploy.json", "renew".getBytes(UTF_8), "\"e1\"")).kind())
                .isEqualTo(Kind.UNKNOWN_OUTCOME);
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY)))).hasSize(1);
    }

    @Test
    void a_500_to_a_write_is_unknown_outcome_but_a_read_is_retried() {
        wm.stubFor(put(urlPathEqualTo(KEY)).willReturn(awsError(500, "InternalError", "We encountered an internal error.")));
        assertThat(failure(() -> store.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8))).kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(KEY)))).hasSize(1);

        wm.stubFor(get(urlPathEqualTo(KEY)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo(KEY)).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e1\"").withBody("lease")));
        assertThat(new String(store.get("locks/deploy.json").orElseThrow().bytes(), UTF_8)).isEqualTo("lease");
    }

    @Test
    void a_403_is_denied_and_names_the_permissions_the_identity_needs() {
        wm.stubFor(any(urlPathEqualTo(KEY)).willReturn(awsError(403, "AccessDenied", "Access Denied")));
        StoreException e = failure(() -> store.createIfAbsent("locks/deploy.json", "lease".getBytes(UTF_8)));
        assertThat(e.kind()).isEqualTo(Kind.DENIED);
        assertThat(e.getMessage()).contains("s3://team-state/oncall/locks/deploy.json", "s3:PutObject", "arn:aws:s3:::team-state/oncall/*",
                "s3:ListBucket").doesNotContain("AKIAWIRETEST");
        assertThat(waits).isEmpty();

        wm.stubFor(any(urlPathEqualTo(KEY)).willReturn(awsError(403, "ExpiredToken", "The provided token has expired.")));
        assertThat(failure(() -> store.get("locks/deploy.json")).getMessage()).contains("ExpiredToken", "aws sso login");
    }

    @Test
    void a_missing_bucket_is_missing_and_says_how_to_make_it() {
        wm.stubFor(any(urlPathEqualTo(KEY)).willReturn(awsError(404, "NoSuchBucket", "The specified bucket does not exist")));
        for (Runnable r : List.<Runnable>of(() -> store.get("locks/deploy.json"),
                () -> store.createIfAbsent("locks/deploy.json", new byte[] {1}),
                () -> store.replaceIfMatch("locks/deploy.json", new byte[] {1}, "\"e\""))) {
            StoreException e = failure(r);
            assertThat(e.kind()).isEqualTo(Kind.MISSING);
            assertThat(e.getMessage()).contains("bucket team-state does not exist", "aws s3 mb s3://team-state");
        }
    }

    @Test
    void a_store_that_does_not_implement_conditional_writes_is_unsafe() {
        wm.stubFor(put(urlPathEqualTo(KEY)).willReturn(awsError(501, "NotImplemented", "A header you provided implies functionality that is not implemented")));
        StoreException e = failure(() -> store.createIfAbsent("locks/deploy.json", new byte[] {1}));
        assertThat(e.kind()).isEqualTo(Kind.UNSAFE);
        assertThat(e.getMessage()).contains("does not implement conditional writes");
    }

    @Test
    void nothing_listening_is_unavailable_for_reads_and_writes_alike() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        S3Store down = new S3Store(S3StoreFactory.client(env(dead)), "team-state", "oncall/", 1000, waits::add);
        StoreException w = failure(() -> down.createIfAbsent("locks/deploy.json", new byte[] {1}));
        assertThat(w.kind()).as("a refused connection sent nothing: surely not applied").isEqualTo(Kind.UNAVAILABLE);
        assertThat(w.getMessage()).contains("cannot reach S3", "AWS_ENDPOINT_URL_S3");
        assertThat(failure(() -> down.get("locks/deploy.json")).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void list_follows_continuation_tokens_and_strips_the_prefix() {
        String page1 = "<ListBucketResult><Name>team-state</Name><Prefix>oncall/runs/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>"
                + "<IsTruncated>true</IsTruncated><NextContinuationToken>tok-2</NextContinuationToken>"
                + "<Contents><Key>oncall/runs/a/meta.json</Key></Contents><Contents><Key>oncall/runs/b/meta.json</Key></Contents></ListBucketResult>";
        String page2 = "<ListBucketResult><Name>team-state</Name><Prefix>oncall/runs/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>"
                + "<IsTruncated>false</IsTruncated><Contents><Key>oncall/runs/c/meta.json</Key></Contents></ListBucketResult>";
        wm.stubFor(get(urlPathEqualTo("/team-state")).withQueryParam("list-type", equalTo("2")).withQueryParam("prefix", equalTo("oncall/runs/"))
                .atPriority(2).willReturn(aResponse().withStatus(200).withBody(page1)));
        wm.stubFor(get(urlPathEqualTo("/team-state")).withQueryParam("continuation-token", equalTo("tok-2"))
                .atPriority(1).willReturn(aResponse().withStatus(200).withBody(page2)));
        assertThat(store.list("runs/")).containsExactly("runs/a/meta.json", "runs/b/meta.json", "runs/c/meta.json");
    }

    @Test
    void the_factory_refuses_urls_that_are_not_bucket_and_prefix() {
        for (String u : List.of("s3:///prefix", "s3://user:pw@bucket/p", "s3://bucket:9000/p", "s3://bucket/p?region=x")) {
            StoreException e = catchThrowableOfType(StoreException.class, () -> new S3StoreFactory().open(URI.create(u), env(wm.port())));
            assertThat(e).as(u).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.CONFIG);
            assertThat(e.getMessage()).contains("s3://BUCKET/PREFIX").doesNotContain("pw");
        }
        assertThat(wm.findAll(anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))).isEmpty();
    }
}
