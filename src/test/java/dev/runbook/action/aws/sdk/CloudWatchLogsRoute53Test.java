package dev.runbook.action.aws.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionException.Kind;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudWatchLogsRoute53Test extends WireTest {
    static final String CW = "/service/GraniteServiceVersion20100801/operation/";

    /** RPCv2 CBOR bodies; Instants become tag-1 epoch seconds as the protocol requires. */
    static byte[] cbor(Object value) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); CBORGenerator g = new CBORFactory().createGenerator(out)) {
            write(g, value);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(CBORGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) write(g, o);
            g.writeEndArray();
        } else if (v instanceof Instant i) {
            g.writeTag(1);
            g.writeNumber(i.getEpochSecond() + i.getNano() / 1e9);
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Integer n) {
            g.writeNumber(n);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            throw new IllegalArgumentException(String.valueOf(v));
        }
    }

    static void cw(String op, int status, Object body) {
        wm.stubFor(post(urlPathEqualTo(CW + op)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/cbor").withHeader("smithy-protocol", "rpc-v2-cbor").withBody(cbor(body))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cwSent(String op) throws IOException {
        List<LoggedRequest> r = wm.findAll(postRequestedFor(urlPathEqualTo(CW + op)));
        assertThat(r).hasSize(1);
        assertThat(r.get(0).getHeader("smithy-protocol")).isEqualTo("rpc-v2-cbor");
        return new CBORMapper().readValue(r.get(0).getBody(), Map.class);
    }

    @Test
    void alarm_state_reads_metric_and_composite_alarms_over_cbor() throws Exception {
        cw("DescribeAlarms", 200, Map.of(
                "MetricAlarms", List.of(Map.of("AlarmName", "HighLatency", "StateValue", "ALARM",
                        "StateReason", "Threshold Crossed: 5 datapoints [0.71, 0.66, 0.58, 0.62, 0.55] were greater than the threshold (0.5).",
                        "StateUpdatedTimestamp", Instant.parse("2024-01-22T14:52:00Z"), "Namespace", "AWS/ApplicationELB",
                        "MetricName", "TargetResponseTime", "Threshold", 0.5)),
                "CompositeAlarms", List.of(Map.of("AlarmName", "fintech-api-health", "StateValue", "OK",
                        "StateReason", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:HighLatency transitioned", 
                        "StateUpdatedTimestamp", Instant.parse("2024-01-22T14:40:00Z")))));

        Result r = exec("aws.cloudwatch.alarm-state", Map.of("alarms", List.of("HighLatency", "fintech-api-health")));

        Map<String, Object> req = cwSent("DescribeAlarms");
        assertThat(req).containsEntry("AlarmNames", List.of("HighLatency", "fintech-api-health"))
                .containsEntry("AlarmTypes", List.of("MetricAlarm", "CompositeAlarm"));
        assertThat(r.outputs()).containsEntry("states", Map.of("HighLatency", "ALARM", "fintech-api-health", "OK"))
                .containsEntry("inAlarm", List.of("HighLatency")).containsEntry("anyInAlarm", true);
        assertThat((List<?>) r.outputs().get("alarms")).first().asString().contains("updatedAt=2024-01-22T14:52:00Z");
    }

    @Test
    void alarm_state_names_missing_alarms() {
        cw("DescribeAlarms", 200, Map.of("MetricAlarms", List.of(), "CompositeAlarms", List.of()));

        assertThatThrownBy(() -> exec("aws.cloudwatch.alarm-state", Map.of("alarms", List.of("HighLatncy"))))
                .hasMessage("CloudWatch alarm HighLatncy not found in eu-west-1");
    }

    @Test
    void cloudwatch_cbor_errors_map_to_kinds() {
        cw("DescribeAlarms", 400, Map.of("__type", "com.amazonaws.cloudwatch#ThrottlingException", "message", "Rate exceeded"));

        assertThatThrownBy(() -> exec("aws.cloudwatch.alarm-state", Map.of("alarms", List.of("HighLatency"))))
                .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }

    @Test
    void metric_asks_one_period_over_the_window_and_returns_its_value() throws Exception {
        cw("GetMetricData", 200, Map.of("MetricDataResults", List.of(Map.of("Id", "m", "Label", "TargetResponseTime",
                "Timestamps", List.of(Instant.parse("2024-01-22T14:55:00Z")), "Values", List.of(0.734), "StatusCode", "Complete")),
                "Messages", List.of()));

        Result r = exec("aws.cloudwatch.metric", Map.of("namespace", "AWS/ApplicationELB", "metric", "TargetResponseTime",
                "dimensions", Map.of("LoadBalancer", "app/fintech-alb/50dc6c495c0c9188"), "statistic", "p95", "window", "5m"));

        Map<String, Object> req = cwSent("GetMetricData");
        assertThat(((Number) req.get("StartTime")).longValue()).isEqualTo(1705935300L);
        assertThat(((Number) req.get("EndTime")).longValue()).isEqualTo(1705935600L);
        assertThat(req).containsEntry("ScanBy", "TimestampDescending");
        assertThat(req.get("MetricDataQueries")).asString().contains("Period=300", "Stat=p95", "Namespace=AWS/ApplicationELB",
                "MetricName=TargetResponseTime", "Name=LoadBalancer", "Value=app/fintech-alb/50dc6c495c0c9188");
        assertThat(r.outputs()).containsEntry("value", 0.734).containsEntry("hasData", true);
    }

    @Test
    void metric_without_data_says_so_and_rejects_unknown_statistics() throws Exception {
        cw("GetMetricData", 200, Map.of("MetricDataResults", List.of(Map.of("Id", "m", "Timestamps", List.of(), "Values", List.of(),
                "StatusCode", "Complete"))));

        Result r = exec("aws.cloudwatch.metric", Map.of("namespace", "AWS/RDS", "metric", "CPUUtilization"));
        assertThat(r.outputs()).containsEntry("value", null).containsEntry("hasData", false);

        assertThatThrownBy(() -> exec("aws.cloudwatch.metric", Map.of("namespace", "AWS/RDS", "metric", "CPUUtilization", "statistic", "Median")))
                .hasMessageStartingWith("argument 'statistic' must be");
    }

    static final String START = "Logs_20140328.StartQuery";
    static final String RESULTS = "Logs_20140328.GetQueryResults";

    @Test
    void insights_query_starts_polls_and_returns_rows_without_ptr() throws Exception {
        json(START, 200, "{\"queryId\":\"12ab3456-12ab-123a-789e-1234567890ab\"}");
        wm.stubFor(target(RESULTS).inScenario("q").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withBody("{\"results\":[],\"statistics\":{\"recordsMatched\":0.0,\"recordsScanned\":1200.0,\"bytesScanned\":1.0E5},\"status\":\"Running\"}"))
                .willSetStateTo("done"));
        wm.stubFor(target(RESULTS).inScenario("q").whenScenarioStateIs("done").willReturn(aResponse().withBody("""
                {"results":[[{"field":"bin(1m)","value":"2024-01-22 14:50:00.000"},{"field":"n","value":"42"},{"field":"@ptr","value":"CmAKJgoiMTIzNDU2Nzg5MDEy"}],
                            [{"field":"bin(1m)","value":"2024-01-22 14:51:00.000"},{"field":"n","value":"17"}]],
                 "statistics":{"recordsMatched":59.0,"recordsScanned":48211.0,"bytesScanned":9.1E6},"status":"Complete"}""")));

        Result r = exec("aws.logs.insights-query", Map.of("logGroups", List.of("/ecs/fintech-api"),
                "query", "filter @message like /Connection Timeout/ | stats count() as n by bin(1m)", "window", "30m"));

        assertThat(sent(START).get(0).getBodyAsString()).isEqualTo("{\"logGroupNames\":[\"/ecs/fintech-api\"],\"startTime\":1705933800,"
                + "\"endTime\":1705935600,\"queryString\":\"filter @message like /Connection Timeout/ | stats count() as n by bin(1m)\",\"limit\":100}");
        assertThat(r.outputs()).containsEntry("count", 2L).containsEntry("recordsMatched", 59L)
                .containsEntry("rows", List.of(Map.of("bin(1m)", "2024-01-22 14:50:00.000", "n", "42"),
                        Map.of("bin(1m)", "2024-01-22 14:51:00.000", "n", "17")));
        assertThat(ctx.progress).containsExactly("Logs Insights query Running (poll 1)");
        assertThat(sent("Logs_20140328.StopQuery")).isEmpty();
    }

    @Test
    void insights_query_is_stopped_when_the_step_is_cancelled() {
        json(START, 200, "{\"queryId\":\"q-1\"}");
        json(RESULTS, 200, "{\"results\":[],\"status\":\"Running\"}");
        json("Logs_20140328.StopQuery", 200, "{\"success\":true}");
        ctx.cancelAfterSleeps = 0;

        assertThatThrownBy(() -> exec("aws.logs.insights-query", Map.of("logGroups", List.of("/ecs/fintech-api"), "query", "stats count()")))
                .isInstanceOfSatisfying(ActionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(sent("Logs_20140328.StopQuery")).singleElement().extracting(q -> q.getBodyAsString()).isEqualTo("{\"queryId\":\"q-1\"}");
    }

    static final String ZONE = "/2013-04-01/hostedzone/Z0123456789ABCDEFGHIJ/rrset";

    static String rrsets(String value) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                  <ResourceRecordSets>
                    <ResourceRecordSet><Name>db.fintech.internal.</Name><Type>CNAME</Type><TTL>300</TTL>
                      <ResourceRecords><ResourceRecord><Value>%s</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
                    <ResourceRecordSet><Name>dbx.fintech.internal.</Name><Type>CNAME</Type><TTL>300</TTL>
                      <ResourceRecords><ResourceRecord><Value>other.example.com</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
                  </ResourceRecordSets>
                  <IsTruncated>false</IsTruncated><MaxItems>10</MaxItems>
                </ListResourceRecordSetsResponse>""".formatted(value);
    }

    static String change(String status) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <%1$s xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                  <ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>%2$s</Status><SubmittedAt>2024-01-22T15:00:00.000Z</SubmittedAt></ChangeInfo>
                </%1$s>""".formatted(status.equals("PENDING") ? "ChangeResourceRecordSetsResponse" : "GetChangeResponse", status);
    }

    static final Map<String, Object> UPSERT = Map.of("hostedZoneId", "Z0123456789ABCDEFGHIJ", "name", "db.fintech.internal",
            "value", "fintech-cluster-recovery.cluster-c9akciq32.eu-west-1.rds.amazonaws.com", "ttl", 60);

    @Test
    void upsert_plan_shows_old_and_new_value_and_names_the_target() throws Exception {
        wm.stubFor(get(urlPathEqualTo(ZONE)).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(rrsets("fintech-cluster.cluster-c9akciq32.eu-west-1.rds.amazonaws.com"))));

        Plan p = plan("aws.route53.upsert-record", UPSERT);

        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(ZONE))).get(0).getUrl())
                .isEqualTo(ZONE + "?name=db.fintech.internal.&type=CNAME&maxitems=10");
        assertThat(p.summary()).isEqualTo("repoint db.fintech.internal. CNAME: fintech-cluster.cluster-c9akciq32.eu-west-1.rds.amazonaws.com"
                + " -> fintech-cluster-recovery.cluster-c9akciq32.eu-west-1.rds.amazonaws.com (TTL 300 -> 60)");
        assertThat(p.target()).isEqualTo("db.fintech.internal");
        assertThat(p.before()).containsEntry("exists", true).containsEntry("ttl", 300L)
                .containsEntry("value", "fintech-cluster.cluster-c9akciq32.eu-west-1.rds.amazonaws.com");
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(ZONE + "/")))).isEmpty();
    }

    @Test
    void upsert_sends_the_change_batch_waits_for_insync_and_undo_restores_the_old_record() throws Exception {
        wm.stubFor(get(urlPathEqualTo(ZONE)).willReturn(aResponse().withBody(rrsets("fintech-cluster.cluster-c9akciq32.eu-west-1.rds.amazonaws.com"))));
        wm.stubFor(post(urlPathEqualTo(ZONE + "/")).willReturn(aResponse().withBody(change("PENDING"))));
        wm.stubFor(get(urlPathEqualTo("/2013-04-01/change/C2682N5HXP0BZ4")).willReturn(aResponse().withBody(change("INSYNC"))));
        Plan p = plan("aws.route53.upsert-record", UPSERT);

        Result r = exec("aws.route53.upsert-record", UPSERT);

        String body = wm.findAll(postRequestedFor(urlPathEqualTo(ZONE + "/"))).get(0).getBodyAsString();
        assertThat(body).contains("<Action>UPSERT</Action>", "<Name>db.fintech.internal.</Name>", "<Type>CNAME</Type>", "<TTL>60</TTL>",
                "<Value>fintech-cluster-recovery.cluster-c9akciq32.eu-west-1.rds.amazonaws.com</Value>", "<Comment>runbook run-1 step step</Comment>");
        assertThat(r.outputs()).containsEntry("status", "INSYNC").containsEntry("changeId", "C2682N5HXP0BZ4");
        UndoHint undo = action("aws.route53.upsert-record").undo(Args.of(UPSERT), p, r).orElseThrow();
        assertThat(undo.with()).containsEntry("value", "fintech-cluster.cluster-c9akciq32.eu-west-1.rds.amazonaws.com")
                .containsEntry("ttl", 300L).containsEntry("name", "db.fintech.internal");
    }

    @Test
    void upsert_refuses_alias_records_and_maps_a_missing_zone() {
        wm.stubFor(get(urlPathEqualTo(ZONE)).willReturn(aResponse().withBody("""
                <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ResourceRecordSets>
                <ResourceRecordSet><Name>db.fintech.internal.</Name><Type>CNAME</Type><SetIdentifier>primary</SetIdentifier><Weight>100</Weight><TTL>60</TTL>
                <ResourceRecords><ResourceRecord><Value>a.example.com</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
                </ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>10</MaxItems></ListResourceRecordSetsResponse>""")));
        assertThatThrownBy(() -> plan("aws.route53.upsert-record", UPSERT)).hasMessageContaining("uses a routing policy (set primary)");

        wm.stubFor(get(urlPathEqualTo(ZONE)).willReturn(aResponse().withStatus(404).withBody("""
                <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code>
                <Message>No hosted zone found with ID: Z0123456789ABCDEFGHIJ</Message></Error><RequestId>1</RequestId></ErrorResponse>""")));
        assertThatThrownBy(() -> plan("aws.route53.upsert-record", UPSERT))
                .hasMessageStartingWith("hosted zone Z0123456789ABCDEFGHIJ not found");
    }
}
