package dev.runbook.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import dev.runbook.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code runbooks/high-latency-aws.yaml} through the built launcher when CloudWatch has no datapoints
 * for the window (an idle or brand-new load balancer): every metric step reports "no data" instead of failing, the
 * scale-out is planned and the final assert holds, exit 0. Issue 14 measured exit 1 here (the assert's message
 * wrote a null metric); validate's RB047 now refuses such a message.
 */
class HighLatencyAwsNoDataIT {
    static final String CW = "/service/GraniteServiceVersion20100801/operation/";
    static WireMockServer wm;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    @Test
    void a_dry_run_without_datapoints_plans_the_scale_out_and_verifies_without_a_template_error() throws Exception {
        wm.stubFor(post(urlPathEqualTo(CW + "DescribeAlarms")).willReturn(cbor(g -> {
            g.writeFieldName("MetricAlarms");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("AlarmName", "HighLatency");
            g.writeStringField("StateValue", "ALARM");
            g.writeStringField("StateReason", "Threshold Crossed: 1 datapoint [0.71] was greater than the threshold (0.5).");
            g.writeEndObject();
            g.writeEndArray();
        })));
        wm.stubFor(post(urlPathEqualTo(CW + "GetMetricData")).willReturn(cbor(g -> {
            g.writeFieldName("MetricDataResults");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("Id", "m");
            g.writeStringField("Label", "TargetResponseTime");
            g.writeFieldName("Timestamps");
            g.writeStartArray();
            g.writeEndArray();
            g.writeFieldName("Values");
            g.writeStartArray();
            g.writeEndArray();
            g.writeStringField("StatusCode", "Complete");
            g.writeEndObject();
            g.writeEndArray();
        })));
        json("AmazonEC2ContainerServiceV20141113.DescribeServices", fixture("ecs-describe-services.json"));
        json("Logs_20140328.StartQuery", fixture("logs-start-query.json"));
        json("Logs_20140328.GetQueryResults", fixture("logs-get-query-results.json"));
        Path none = tmp.resolve("no-such-aws-file");
        Launcher runbook = new Launcher(tmp)
                .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .env("AWS_REGION", "eu-west-1")
                .env("AWS_CONFIG_FILE", none.toString())
                .env("AWS_SHARED_CREDENTIALS_FILE", none.toString())
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + wm.port());

        Launcher.Run run = runbook.run("exec", "high-latency-aws", "--dry-run", "-p", "loadBalancer=app/fintech-alb/50dc6c495c0c9188",
                "--output", "json");

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        List<JsonNode> events = run.events();
        JsonNode latency = Cli.one(events, "step.end", "latency").path("outputs");
        assertThat(latency.path("hasData").asBoolean(true)).as(run.toString()).isFalse();
        assertThat(latency.path("value").isNull() || latency.path("value").isMissingNode()).as(latency.toString()).isTrue();
        assertThat(Cli.one(events, "step.end", "scale-out").path("status").asText()).isEqualTo("planned");
        assertThat(Cli.one(events, "step.end", "latency-after").path("status").asText()).isEqualTo("succeeded");
        assertThat(Cli.one(events, "step.end", "ok").path("status").asText()).isEqualTo("succeeded");
        assertThat(run.all()).doesNotContain("is null and cannot be written");
    }

    interface Body {
        void write(CBORGenerator g) throws IOException;
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder cbor(Body body) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
            g.flush();
            return aResponse().withHeader("Content-Type", "application/cbor").withHeader("smithy-protocol", "rpc-v2-cbor")
                    .withBody(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void json(String target, String body) {
        wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body.getBytes(StandardCharsets.UTF_8))));
    }

    static String fixture(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/aws/official", name), StandardCharsets.UTF_8);
    }
}
