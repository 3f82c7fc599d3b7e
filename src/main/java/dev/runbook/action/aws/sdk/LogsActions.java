package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

/** aws.logs.insights-query: StartQuery, poll GetQueryResults, StopQuery if abandoned. */
final class LogsActions {
    private LogsActions() {}

    static final class InsightsQuery extends AwsAction {
        InsightsQuery(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            List<String> groups = c.args.strings("logGroups");
            if (groups.isEmpty() || groups.size() > 50) {
                throw ActionException.permanent("argument 'logGroups' must name 1 to 50 log groups, got " + groups.size());
            }
            String query = c.args.string("query");
            int limit = Values.intArg("limit", c.args.optInteger("limit").orElse(100L), 1, 10_000);
            Duration window = c.args.optDuration("window").orElse(Duration.ofMinutes(15));
            Instant end = c.now();
            long endSec = end.getEpochSecond();
            long startSec = end.minus(window).getEpochSecond();
            CloudWatchLogsClient logs = c.client("logs", CloudWatchLogsClient::builder);
            String id = c.aws("logs:StartQuery", "log groups " + groups, () -> logs.startQuery(b -> b.logGroupNames(groups)
                    .queryString(query).startTime(startSec).endTime(endSec).limit(limit).overrideConfiguration(c.timeout()))).queryId();
            Duration every = c.pollInterval(Duration.ofSeconds(2));
            int polls = 0;
            boolean done = false;
            try {
                while (true) {
                    GetQueryResultsResponse r = c.aws("logs:GetQueryResults", "query " + id,
                            () -> logs.getQueryResults(b -> b.queryId(id).overrideConfiguration(c.timeout())));
                    polls++;
                    String status = r.statusAsString();
                    switch (status) {
                        case "Complete" -> {
                            done = true;
                            return result(r, id, limit);
                        }
                        case "Failed", "Cancelled", "Timeout" -> {
                            done = true;
                            throw ActionException.permanent("Logs Insights query " + id + " ended " + status,
                                    "check the query syntax and the log group names; narrow the window if it timed out");
                        }
                        default -> {
                            c.ctx.progress("Logs Insights query " + status + " (poll " + polls + ")");
                            c.pause(every, "Logs Insights query " + id + " still " + status + " after " + polls + " polls");
                        }
                    }
                }
            } finally {
                if (!done) stop(c, logs, id);
            }
        }

        /** The query keeps scanning (and costing) after we give up unless stopped. */
        private static void stop(AwsCall c, CloudWatchLogsClient logs, String id) {
            try {
                logs.stopQuery(b -> b.queryId(id).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5))));
            } catch (RuntimeException e) {
                c.ctx.progress("could not stop Logs Insights query " + id + ": " + e.getMessage());
            }
        }

        private static Result result(GetQueryResultsResponse r, String id, int limit) {
            List<Object> rows = new ArrayList<>();
            for (List<ResultField> row : r.results()) {
                if (rows.size() >= limit) break;
                Map<String, Object> m = new LinkedHashMap<>();
                for (ResultField f : row) {
                    if (!"@ptr".equals(f.field())) m.put(f.field(), f.value());
                }
                rows.add(m);
            }
            // the API types record counts as doubles; they are whole numbers (360851, not 360851.0)
            Long matched = r.statistics() == null ? null : whole(r.statistics().recordsMatched());
            Long scanned = r.statistics() == null ? null : whole(r.statistics().recordsScanned());
            return new Result(map("rows", rows, "count", (long) rows.size(), "recordsMatched", matched,
                    "recordsScanned", scanned, "queryId", id), rows.size() + " row(s), "
                    + (matched == null ? "unknown number of" : matched) + " record(s) matched");
        }

        private static Long whole(Double d) {
            return d == null || d.isNaN() || d.isInfinite() ? null : Math.round(d);
        }
    }
}
