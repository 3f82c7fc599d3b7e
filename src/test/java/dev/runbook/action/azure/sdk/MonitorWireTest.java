package dev.runbook.action.azure.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runbook.action.ActionException;
import dev.runbook.action.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Log Analytics KQL (the seed runbooks' own queries) and Azure Monitor metrics at the wire. */
class MonitorWireTest extends WireTestBase {
    static final String WORKSPACE = "b7a1f3c2-4d5e-4f60-8a9b-0c1d2e3f4a5b";
    static final String APPINSIGHTS = SUB_PATH + "/resourceGroups/" + RG + "/providers/Microsoft.Insights/components/appi-fleet-prod";

    /** Seed 002, "Recent Errors (Last Hour)". */
    static final String RECENT_ERRORS = """
            traces
            | where timestamp > ago(1h)
            | where severityLevel >= 3
            | summarize count() by message, severityLevel
            | order by count_ desc""";
    /** Seed 002, "API Performance (p95, p99)". */
    static final String P95_P99 = """
            requests
            | where timestamp > ago(1h)
            | summarize
                p95=percentile(duration, 95),
                p99=percentile(duration, 99),
                avg=avg(duration),
                count=count()
                by name
            | order by p95 desc""";
    /** Seed 002, "Failed Dependencies". */
    static final String FAILED_DEPENDENCIES = """
            dependencies
            | where timestamp > ago(1h)
            | where success == false
            | summarize count() by target, resultCode
            | order by count_ desc""";

    @Test
    void recent_errors_query_runs_against_a_workspace() throws Exception {
        server.stubFor(post(urlPathEqualTo("/v1/workspaces/" + WORKSPACE + "/query")).willReturn(okJson("""
                {"tables":[{"name":"PrimaryResult",
                  "columns":[{"name":"message","type":"string"},{"name":"severityLevel","type":"int"},{"name":"count_","type":"long"}],
                  "rows":[["Connection pool exhausted",3,412],["Redis connection refused",3,57],["Unhandled rejection",4,2]]}]}""")));

        Result r = action("azure.monitor.logs-query").execute(ctx, args("azure.monitor.logs-query", "workspace", WORKSPACE, "query", RECENT_ERRORS));

        assertThat(r.outputs()).containsEntry("rowCount", 3L).containsEntry("truncated", false)
                .containsEntry("columns", List.of("message", "severityLevel", "count_"))
                .containsEntry("first", Map.of("message", "Connection pool exhausted", "severityLevel", 3L, "count_", 412L));
        server.verify(postRequestedFor(urlPathEqualTo("/v1/workspaces/" + WORKSPACE + "/query"))
                .withRequestBody(matchingJsonPath("$.query", equalTo(RECENT_ERRORS)))
                .withRequestBody(matchingJsonPath("$.timespan", equalTo("PT1H")))
                .withHeader("Authorization", equalTo("Bearer " + FakeCredential.TOKEN)));
    }

    @Test
    void p95_p99_by_operation_runs_against_the_application_insights_resource() throws Exception {
        server.stubFor(post(urlPathEqualTo("/v1" + APPINSIGHTS + "/query")).willReturn(okJson("""
                {"tables":[{"name":"PrimaryResult",
                  "columns":[{"name":"name","type":"string"},{"name":"p95","type":"real"},{"name":"p99","type":"real"},
                             {"name":"avg","type":"real"},{"name":"count","type":"long"}],
                  "rows":[["GET /api/vehicles",1840.5,3120.25,612.4,18234],["POST /api/trips",950.0,1404.75,301.9,4410]]}]}""")));

        Result r = action("azure.monitor.logs-query").execute(ctx, args("azure.monitor.logs-query", "resource", APPINSIGHTS,
                "query", P95_P99, "timespan", "2h"));

        assertThat(r.outputs().get("first")).isEqualTo(Map.of("name", "GET /api/vehicles", "p95", 1840.5, "p99", 3120.25, "avg", 612.4, "count", 18234L));
        server.verify(postRequestedFor(urlPathEqualTo("/v1" + APPINSIGHTS + "/query"))
                .withRequestBody(matchingJsonPath("$.query", equalTo(P95_P99)))
                .withRequestBody(matchingJsonPath("$.timespan", equalTo("PT2H"))));
    }

    @Test
    void failed_dependencies_rows_are_bounded_by_max_rows() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            if (i > 0) rows.append(',');
            rows.append("[\"credit-bureau-").append(i).append(".example\",\"503\",").append(1000 - i).append(']');
        }
        server.stubFor(post(urlPathEqualTo("/v1/workspaces/" + WORKSPACE + "/query")).willReturn(okJson("""
                {"tables":[{"name":"PrimaryResult",
                  "columns":[{"name":"target","type":"string"},{"name":"resultCode","type":"string"},{"name":"count_","type":"long"}],
                  "rows":[%s]}]}""".formatted(rows))));

        Result r = action("azure.monitor.logs-query").execute(ctx, args("azure.monitor.logs-query", "workspace", WORKSPACE,
                "query", FAILED_DEPENDENCIES, "maxRows", 20L));

        assertThat((List<?>) r.outputs().get("rows")).hasSize(20);
        assertThat(r.outputs()).containsEntry("rowCount", 250L).containsEntry("truncated", true);
        server.verify(postRequestedFor(urlPathEqualTo("/v1/workspaces/" + WORKSPACE + "/query"))
                .withRequestBody(matchingJsonPath("$.query", equalTo(FAILED_DEPENDENCIES))));
    }

    @Test
    void a_bad_query_is_permanent_with_the_service_message() {
        server.stubFor(post(urlPathEqualTo("/v1/workspaces/" + WORKSPACE + "/query")).willReturn(okJson("""
                {"error":{"message":"The request had some invalid properties","code":"BadArgumentError",
                  "innererror":{"code":"SyntaxError","message":"A recognition error occurred in the query."}}}""").withStatus(400)));
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.monitor.logs-query").execute(ctx,
                args("azure.monitor.logs-query", "workspace", WORKSPACE, "query", "traces | wher x")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("400");
    }

    @Test
    void needs_exactly_one_of_workspace_and_resource() {
        ActionException e = catchThrowableOfType(ActionException.class, () -> action("azure.monitor.logs-query").execute(ctx,
                args("azure.monitor.logs-query", "query", RECENT_ERRORS)));
        assertThat(e.getMessage()).contains("exactly one of workspace and resource");
        assertThat(requests()).isEmpty();
    }

    @Test
    void metric_is_aggregated_over_the_window() throws Exception {
        String plan = SUB_PATH + "/resourceGroups/rg-fleet-plans/providers/Microsoft.Web/serverfarms/asp-fleet-prod";
        server.stubFor(get(urlPathEqualTo(plan + "/providers/Microsoft.Insights/metrics")).willReturn(okJson("""
                {"cost":0,"timespan":"2025-12-09T18:45:00Z/2025-12-09T19:00:00Z","interval":"PT5M",
                 "value":[{"id":"%s/providers/Microsoft.Insights/metrics/MemoryPercentage","type":"Microsoft.Insights/metrics",
                   "name":{"value":"MemoryPercentage","localizedValue":"Memory Percentage"},"displayDescription":"","unit":"Percent",
                   "timeseries":[{"metadatavalues":[],"data":[
                     {"timeStamp":"2025-12-09T18:45:00Z","maximum":81.0},
                     {"timeStamp":"2025-12-09T18:50:00Z","maximum":88.5},
                     {"timeStamp":"2025-12-09T18:55:00Z"}]}],"errorCode":"Success"}],
                 "namespace":"Microsoft.Web/serverfarms","resourceregion":"eastus"}""".formatted(plan))));

        Result r = action("azure.monitor.metric").execute(ctx, args("azure.monitor.metric", "resource", plan,
                "metric", "MemoryPercentage", "aggregation", "Maximum", "window", "15m", "interval", "5m"));

        assertThat(r.outputs()).containsEntry("value", 88.5).containsEntry("latest", 88.5).containsEntry("unit", "Percent");
        assertThat((List<?>) r.outputs().get("points")).hasSize(3);
        server.verify(getRequestedFor(urlPathEqualTo(plan + "/providers/Microsoft.Insights/metrics"))
                .withQueryParam("metricnames", equalTo("MemoryPercentage"))
                .withQueryParam("aggregation", equalTo("Maximum"))
                .withQueryParam("api-version", equalTo("2024-02-01"))
                .withQueryParam("interval", equalTo("PT5M"))
                .withQueryParam("timespan", equalTo("PT15M")));
    }
}
