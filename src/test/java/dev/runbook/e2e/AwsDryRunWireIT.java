package dev.runbook.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runbook.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code runbooks/aws-scale-out.yaml} through the built launcher against WireMock on 127.0.0.1, with fake
 * keys in the environment: what reaches the wire in a dry run, an approved run and a refused one.
 */
class AwsDryRunWireIT {
    static final String ECS_DESCRIBE = "AmazonEC2ContainerServiceV20141113.DescribeServices";
    static final String TARGETS = "AnyScaleFrontendService.DescribeScalableTargets";
    static final String REGISTER = "AnyScaleFrontendService.RegisterScalableTarget";
    /** CloudWatch speaks RPCv2 CBOR: the operation is in the path. */
    static final String METRIC_DATA = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
    static final String TARGET = """
            {"ScalableTargets":[{"ServiceNamespace":"ecs","ResourceId":"service/fintech-cluster/fintech-api-service",
              "ScalableDimension":"ecs:service:DesiredCount","MinCapacity":%d,"MaxCapacity":20,
              "RoleARN":"arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
              "CreationTime":1.69E9,"ScalableTargetARN":"arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/0ec5a1b2c3d4e5f6a7b8"}]}""";
    /** The caller identity, asked once before the first step (query protocol: the operation is in the form body). */
    static final String WHOAMI = "GetCallerIdentity";
    static final List<String> DRY_RUN_CALLS = List.of(WHOAMI, ECS_DESCRIBE, TARGETS, ECS_DESCRIBE, "GetMetricData");

    static WireMockServer wm;

    @TempDir
    Path tmp;
    Launcher runbook;

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
    void stubReads() throws IOException {
        wm.resetAll();
        json(ECS_DESCRIBE, Files.readString(Path.of("src/test/resources/aws/ecs/describe-services.json")));
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGETS)).inScenario("limits")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(amzJson(TARGET.formatted(2))));
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(REGISTER)).inScenario("limits")
                .willReturn(amzJson("{\"ScalableTargetARN\":\"arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target/0ec5a1b2c3d4e5f6a7b8\"}"))
                .willSetStateTo("raised"));
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGETS)).inScenario("limits")
                .whenScenarioStateIs("raised").willReturn(amzJson(TARGET.formatted(10))));
        // AWS's published GetCallerIdentity example (awscli/examples/sts/get-caller-identity.rst, Apache-2.0) in the
        // response syntax of the STS API reference: see src/test/resources/aws/official/README.md
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withHeader("Content-Type", "text/xml")
                        .withBody(Files.readString(Path.of("src/test/resources/aws/official/sts-get-caller-identity.xml")))));
        wm.stubFor(post(urlPathEqualTo(METRIC_DATA)).willReturn(aResponse().withHeader("Content-Type", "application/cbor")
                .withHeader("smithy-protocol", "rpc-v2-cbor").withBody(metricData(Instant.parse("2024-01-22T14:55:00Z"), 0.231))));

        Path none = tmp.resolve("no-such-aws-file");
        runbook = new Launcher(tmp)
                .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .env("AWS_REGION", "eu-west-1")
                .env("AWS_CONFIG_FILE", none.toString())
                .env("AWS_SHARED_CREDENTIALS_FILE", none.toString())
                .env("AWS_EC2_METADATA_DISABLED", "true");
    }

    String endpoint() {
        return "http://127.0.0.1:" + wm.port();
    }

    @Test
    void dry_run_through_the_cli_plans_the_prewarm_and_sends_only_reads() throws Exception {
        Launcher.Run run = runbook.run("exec", "aws-scale-out", "--dry-run", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188",
                "--set", "aws.endpoint=" + endpoint());

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        // a plan too long for the terminal is word-wrapped under its step
        assertThat(run.out().replaceAll("\\s+", " ")).as(run.toString()).contains("set service/fintech-cluster/fintech-api-service capacity min 2 -> 10, max 20 -> 20",
                "minCapacity: 2 → 10");
        inOrderBesidesTheIdentity(operations(), DRY_RUN_CALLS);
        assertSignedForEuWest1();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void dry_run_honours_the_sdk_endpoint_variable() throws Exception {
        Launcher.Run run = runbook.env("AWS_ENDPOINT_URL", endpoint())
                .run("exec", "aws-scale-out", "--dry-run", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188", "--output", "json");

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        List<JsonNode> events = run.events();
        JsonNode plan = Cli.one(events, "step.plan", "prewarm");
        assertThat(plan.path("before").path("minCapacity").asLong()).as(run.toString()).isEqualTo(2);
        assertThat(plan.path("after").path("minCapacity").asLong()).isEqualTo(10);
        assertThat(Cli.one(events, "step.end", "prewarm").path("status").asText()).isEqualTo("planned");
        assertThat(Cli.one(events, "step.end", "svc").path("status").asText()).isEqualTo("succeeded");
        assertThat(Cli.one(events, "step.end", "stable").path("status").asText()).isEqualTo("succeeded");
        assertThat(Cli.one(events, "step.end", "latency").path("outputs").path("value").asDouble()).isEqualTo(0.231);
        inOrderBesidesTheIdentity(operations(), DRY_RUN_CALLS);
    }

    @Test
    void approved_run_registers_the_new_minimum_once() throws Exception {
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), "confirm: { dynamodb-capacity: true, waf: true }\n");

        Launcher.Run run = runbook.run("exec", "aws-scale-out", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188",
                "--set", "aws.endpoint=" + endpoint(), "--yes", "--answers", answers.toString());

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("approve (--yes)", "service/fintech-cluster/fintech-api-service: min 10, max 20");
        // plan (read), register, then read back the limits it reports
        List<String> ops = operations();
        inOrderBesidesTheIdentity(ops, List.of(WHOAMI, ECS_DESCRIBE, TARGETS, REGISTER, TARGETS, ECS_DESCRIBE, "GetMetricData"));
        assertThat(ops.indexOf(WHOAMI)).as("the write's gate waits for the identity: " + ops).isLessThan(ops.indexOf(REGISTER));
        assertThat(requests(REGISTER)).singleElement().extracting(LoggedRequest::getBodyAsString)
                .isEqualTo("{\"ServiceNamespace\":\"ecs\",\"ResourceId\":\"service/fintech-cluster/fintech-api-service\","
                        + "\"ScalableDimension\":\"ecs:service:DesiredCount\",\"MinCapacity\":10}");
    }

    @Test
    void run_without_approval_is_refused_before_anything_reaches_the_wire() throws Exception {
        Launcher.Run run = runbook.run("exec", "aws-scale-out", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188",
                "--set", "aws.endpoint=" + endpoint());

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(run.all()).contains("--approve prewarm");
        // the refusal says which account the approval would be for: that one read goes out, not even the diagnose reads
        assertThat(run.all().replaceAll("\\s+", " ")).as(run.toString()).contains("It would act as: " + IDENTITY);
        assertThat(operations()).containsExactly(WHOAMI);
    }

    static final String IDENTITY = "aws: keys from the environment, account 123456789012 as arn:aws:iam::123456789012:user/DevAdmin, region eu-west-1";

    @Test
    void the_header_and_the_journal_name_the_account_region_and_caller_asked_once() throws Exception {
        Launcher.Run run = runbook.run("exec", "aws-scale-out", "--dry-run", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188",
                "--set", "aws.endpoint=" + endpoint());

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().replaceAll("\\s+", " ")).as(run.toString()).contains("target " + IDENTITY);
        assertThat(operations()).filteredOn(WHOAMI::equals).as("asked once, however many AWS steps").hasSize(1);
        assertThat(requestsWithBody("Action=GetCallerIdentity")).singleElement().satisfies(r -> {
            assertThat(r.getBodyAsString()).contains("Version=2011-06-15");
            assertThat(r.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-west-1/sts/");
        });
        JsonNode target = journal("run.identity").path("targets").get(0);
        assertThat(target.path("provider").asText()).isEqualTo("aws");
        assertThat(target.path("status").asText()).isEqualTo("known");
        assertThat(target.path("details").path("account").asText()).isEqualTo("123456789012");
        assertThat(target.path("details").path("arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/DevAdmin");
        assertThat(target.path("details").path("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void an_identity_the_service_refuses_is_unknown_with_the_reason_and_the_dry_run_goes_on() throws Exception {
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody(
                        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        + "<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message>"
                        + "</Error><RequestId>c3a1f2e4-0000-4000-8000-000000000002</RequestId></ErrorResponse>")));

        Launcher.Run run = runbook.run("exec", "aws-scale-out", "--dry-run", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188",
                "--set", "aws.endpoint=" + endpoint());

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().replaceAll("\\s+", " ")).as(run.toString()).contains("target aws: unknown (");
        assertThat(journal("run.identity").path("targets").get(0).path("status").asText()).isEqualTo("unknown");
        assertThat(run.err()).isEmpty();
    }

    /**
     * review1's hung identity endpoint: STS accepts the connection and does not answer (held longer than the lookup's
     * budget). The identity is asked alongside the steps, so the first step starts (and here ends) before the identity's
     * answer, which is "unknown (timed out after 15s)": the order of the journal's events shows it; no time is measured.
     */
    @Test
    void a_hung_identity_endpoint_does_not_hold_the_first_step() throws Exception {
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withFixedDelay(25_000).withHeader("Content-Type", "text/xml")
                        .withBody(Files.readString(Path.of("src/test/resources/aws/official/sts-get-caller-identity.xml")))));

        Launcher.Run run = runbook.run("exec", "aws-scale-out", "--dry-run", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188",
                "--set", "aws.endpoint=" + endpoint());

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().replaceAll("\\s+", " ")).as(run.toString()).contains("target aws: unknown (timed out after 15s)");
        List<String> order = new java.util.ArrayList<>();
        try (var dirs = Files.list(tmp.resolve("state/runs"))) {
            Path journal = dirs.findFirst().orElseThrow().resolve("journal.jsonl");
            for (String l : Files.readAllLines(journal)) {
                JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
                order.add(n.path("type").asText() + (n.hasNonNull("step") ? " " + n.path("step").asText() : ""));
            }
        }
        assertThat(order).as("the first step ran while the identity was being asked").containsSubsequence(
                "run.start", "step.start svc", "step.end svc", "run.identity", "run.end");
        assertThat(journal("run.identity").path("targets").get(0).path("text").asText()).isEqualTo("timed out after 15s");
    }

    @Test
    void an_offline_dry_run_does_not_ask() throws Exception {
        Launcher.Run run = runbook.run("exec", "aws-scale-out", "--dry-run", "--offline", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188",
                "--set", "aws.endpoint=" + endpoint());

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("target aws: offline: not asked");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    /**
     * {@code expected} (the identity first) as the wire saw it, but for the identity's place: it is asked alongside the
     * first steps, so it may come before or after their reads; once, always.
     */
    static void inOrderBesidesTheIdentity(List<String> ops, List<String> expected) {
        assertThat(ops).as("asked once: " + ops).containsOnlyOnce(WHOAMI);
        assertThat(ops.stream().filter(o -> !o.equals(WHOAMI)).toList()).as(ops.toString())
                .containsExactlyElementsOf(expected.stream().filter(o -> !o.equals(WHOAMI)).toList());
    }

    /** The one event of {@code type} in the journal of the only run in the state folder. */
    JsonNode journal(String type) throws IOException {
        try (var dirs = Files.list(tmp.resolve("state/runs"))) {
            Path journal = dirs.findFirst().orElseThrow().resolve("journal.jsonl");
            List<JsonNode> hits = new java.util.ArrayList<>();
            for (String l : Files.readAllLines(journal)) {
                JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
                if (n.path("type").asText().equals(type)) hits.add(n);
            }
            assertThat(hits).as(type + " in " + journal).hasSize(1);
            return hits.get(0);
        }
    }

    static List<LoggedRequest> requestsWithBody(String part) {
        return wm.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getBodyAsString().contains(part)).map(LoggedRequest.class::cast).toList();
    }

    /**
     * A profile that signs in with IAM Identity Center (the usual set-up in AWS shops): the SDK reads the token
     * `aws sso login` cached under ~/.aws/sso/cache, trades it for role credentials (GetRoleCredentials), and every
     * call is signed with those. Needs the sso module on the AWS provider's class path.
     */
    @Test
    void dry_run_with_an_sso_profile_signs_with_the_role_credentials() throws Exception {
        Path config = ssoProfile("2099-01-01T00:00:00Z");
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/federation/credentials"))
                .withQueryParam("account_id", equalTo("111122223333")).withQueryParam("role_name", equalTo("RunbookOperator"))
                .withHeader("x-amz-sso_bearer_token", equalTo("sso-access-token"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"roleCredentials": {"accessKeyId": "ASIASSOEXAMPLE", "secretAccessKey": "sso-secret",
                         "sessionToken": "sso-session-token", "expiration": 4102444800000}}""")));

        Launcher.Run run = runbook.env("AWS_CONFIG_FILE", config.toString()).env("AWS_ENDPOINT_URL", endpoint())
                .run("exec", "aws-scale-out", "--dry-run", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188", "--aws-profile", "oncall");

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(wm.getAllServeEvents()).filteredOn(e -> e.getRequest().getUrl().startsWith("/federation/credentials"))
                .as(run.toString()).isNotEmpty();
        List<LoggedRequest> calls = wm.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> !r.getUrl().startsWith("/federation/")).map(LoggedRequest.class::cast).toList();
        assertThat(calls).hasSize(DRY_RUN_CALLS.size()).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=ASIASSOEXAMPLE/").contains("/eu-west-1/");
            assertThat(r.getHeader("X-Amz-Security-Token")).isEqualTo("sso-session-token");
        });
        assertThat(run.err()).isEmpty();
    }

    /** An expired `aws sso login`: the run stops at the first AWS step and says how to sign in again; nothing is sent. */
    @Test
    void an_expired_sso_login_is_reported_with_the_command_that_renews_it() throws Exception {
        Path config = ssoProfile("2020-01-01T00:00:00Z");

        Launcher.Run run = runbook.env("AWS_CONFIG_FILE", config.toString()).env("AWS_ENDPOINT_URL", endpoint())
                .run("exec", "aws-scale-out", "--dry-run", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188", "--aws-profile", "oncall");

        assertThat(run.code()).as(run.toString()).isNotEqualTo(ExitCodes.OK);
        assertThat(run.all()).as(run.toString()).contains("the AWS SSO sign-in has expired (ecs:DescribeServices)",
                "aws sso login --profile").doesNotContain("unexpectedly");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    /**
     * ~/.aws/config with an IAM Identity Center profile 'oncall' (the usual set-up in AWS shops), and the token
     * `aws sso login` caches under ~/.aws/sso/cache, expiring at {@code expiresAt}; no keys in the environment.
     */
    private Path ssoProfile(String expiresAt) throws Exception {
        String startUrl = "https://example.awsapps.com/start";
        Path home = tmp.resolve("home");
        Path config = Files.createDirectories(home.resolve(".aws")).resolve("config");
        Files.writeString(config, """
                [profile oncall]
                sso_start_url = %s
                sso_region = us-east-1
                sso_account_id = 111122223333
                sso_role_name = RunbookOperator
                region = eu-west-1
                """.formatted(startUrl));
        String key = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(startUrl.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(Files.createDirectories(home.resolve(".aws/sso/cache")).resolve(key + ".json"), """
                {"startUrl": "%s", "region": "us-east-1", "accessToken": "sso-access-token", "expiresAt": "%s"}
                """.formatted(startUrl, expiresAt));
        runbook.env.remove("AWS_ACCESS_KEY_ID");
        runbook.env.remove("AWS_SECRET_ACCESS_KEY");
        runbook.env.remove("AWS_REGION");
        return config;
    }

    private void assertSignedForEuWest1() {
        assertThat(wm.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getHeader("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/eu-west-1/"));
    }

    /** The operations received, oldest first: the X-Amz-Target of JSON protocols, the path's last segment for RPCv2 CBOR. */
    static List<String> operations() {
        return wm.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(ServeEvent::getRequest)
                .map(r -> r.getHeader("X-Amz-Target") != null ? r.getHeader("X-Amz-Target")
                        : r.getBodyAsString().contains("Action=GetCallerIdentity") ? WHOAMI
                        : r.getUrl().substring(r.getUrl().lastIndexOf('/') + 1))
                .toList();
    }

    static List<LoggedRequest> requests(String target) {
        return wm.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> target.equals(r.getHeader("X-Amz-Target"))).map(LoggedRequest.class::cast).toList();
    }

    static void json(String target, String body) {
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)).willReturn(amzJson(body)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder amzJson(String body) {
        return aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A GetMetricData answer with one datapoint; timestamps are CBOR tag 1 (epoch seconds) as RPCv2 requires. */
    static byte[] metricData(Instant at, double value) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("MetricDataResults");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("Id", "m");
            g.writeStringField("Label", "TargetResponseTime");
            g.writeFieldName("Timestamps");
            g.writeStartArray();
            g.writeTag(1);
            g.writeNumber(at.getEpochSecond());
            g.writeEndArray();
            g.writeFieldName("Values");
            g.writeStartArray();
            g.writeNumber(value);
            g.writeEndArray();
            g.writeStringField("StatusCode", "Complete");
            g.writeEndObject();
            g.writeEndArray();
            g.writeFieldName("Messages");
            g.writeStartArray();
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
