package dev.runbook.action.azure.sdk;

import com.azure.core.util.Context;
import com.azure.monitor.query.models.AggregationType;
import com.azure.monitor.query.models.LogsColumnType;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableColumn;
import com.azure.monitor.query.models.LogsTableRow;
import com.azure.monitor.query.models.MetricResult;
import com.azure.monitor.query.models.MetricValue;
import com.azure.monitor.query.models.MetricsQueryOptions;
import com.azure.monitor.query.models.MetricsQueryResult;
import com.azure.monitor.query.models.QueryTimeInterval;
import com.azure.monitor.query.models.TimeSeriesElement;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import dev.runbook.model.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** azure.monitor.*: KQL through Log Analytics, metrics through Azure Monitor. */
final class MonitorActions {
    private MonitorActions() {}

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final long MAX_ROWS = 10_000;

    static final class LogsQuery extends AzureAction {
        LogsQuery(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            String query = args.string("query");
            if (query.isBlank()) throw ActionException.permanent("argument 'query' is empty", "give a KQL query");
            String workspace = args.optString("workspace").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
            String resource = args.optString("resource").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
            if ((workspace == null) == (resource == null)) {
                throw ActionException.permanent("azure.monitor.logs-query needs exactly one of workspace and resource",
                        "workspace: the Log Analytics workspace id (GUID); resource: e.g. the Application Insights component id");
            }
            if (workspace != null && !GUID.matcher(workspace).matches()) {
                throw ActionException.permanent("argument 'workspace' must be a workspace id (GUID), got '" + workspace + "'",
                        "find it as 'Workspace ID' on the workspace's overview page, or query by resource: instead");
            }
            if (resource != null && !resource.startsWith("/subscriptions/")) {
                throw ActionException.permanent("argument 'resource' must be a resource id starting with /subscriptions/, got '" + resource + "'");
            }
            Duration timespan = args.optDuration("timespan").orElse(Duration.ofHours(1));
            long maxRows = args.optInteger("maxRows").orElse(100L);
            if (maxRows < 1 || maxRows > MAX_ROWS) {
                throw ActionException.permanent("argument 'maxRows' must be between 1 and " + MAX_ROWS + ", got " + maxRows);
            }
            Duration left = Duration.between(Instant.now(), ctx.deadline()).minusSeconds(2);
            Duration serverTimeout = left.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10)
                    : left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
            LogsQueryOptions options = new LogsQueryOptions().setServerTimeout(serverTimeout);
            QueryTimeInterval interval = new QueryTimeInterval(timespan);
            AzureCloud cloud = AzureCloud.resolve(ctx);
            var client = clients.logs(cloud);
            String what = workspace != null ? "Log Analytics workspace " + workspace : resource;
            LogsQueryResult result = call(ctx, what, () -> (workspace != null
                    ? client.queryWorkspaceWithResponse(workspace, query, interval, options, Context.NONE)
                    : client.queryResourceWithResponse(resource, query, interval, options, Context.NONE)).getValue());
            if (result.getError() != null) {
                throw ActionException.permanent(spec.name() + ": query failed on " + what + ": " + result.getError().getCode()
                        + ": " + result.getError().getMessage());
            }
            LogsTable table = result.getAllTables() == null || result.getAllTables().isEmpty() ? null : result.getTable();
            List<String> columns = new ArrayList<>();
            List<Object> rows = new ArrayList<>();
            long count = 0;
            if (table != null) {
                for (LogsTableColumn c : table.getColumns()) columns.add(c.getColumnName());
                if (columns.isEmpty() && !table.getRows().isEmpty()) {
                    // Some SDK versions leave getColumns() empty; the cells carry the names in column order.
                    for (LogsTableCell cell : table.getRows().get(0).getRow()) columns.add(cell.getColumnName());
                }
                for (LogsTableRow row : table.getRows()) {
                    count++;
                    if (rows.size() >= maxRows) continue;
                    Map<String, Object> m = map();
                    for (LogsTableCell cell : row.getRow()) m.put(cell.getColumnName(), value(cell));
                    rows.add(m);
                }
            }
            boolean truncated = count > rows.size();
            Map<String, Object> out = map("rows", rows, "rowCount", count, "truncated", truncated, "columns", columns,
                    "first", rows.isEmpty() ? map() : rows.get(0));
            return new Result(out, count + " row(s) from " + what + " over the last " + Durations.format(timespan)
                    + (truncated ? " (first " + rows.size() + " kept)" : ""));
        }

        /** A cell as a plain value of the column's type. */
        static Object value(LogsTableCell cell) {
            String raw = cell.getValueAsString();
            if (raw == null) return null;
            LogsColumnType t = cell.getColumnType();
            try {
                if (LogsColumnType.LONG.equals(t) || LogsColumnType.INT.equals(t)) return cell.getValueAsLong();
                if (LogsColumnType.REAL.equals(t) || LogsColumnType.DECIMAL.equals(t)) return cell.getValueAsDouble();
                if (LogsColumnType.BOOL.equals(t)) return cell.getValueAsBoolean();
                if (LogsColumnType.DATETIME.equals(t)) return cell.getValueAsDateTime().toInstant().toString();
            } catch (RuntimeException e) {
                return raw;
            }
            return raw;
        }
    }

    static final class Metric extends AzureAction {
        Metric(ActionSpec spec, AzureClients clients) {
            super(spec, clients);
        }

        @Override
        public Result execute(ActionContext ctx, Args args) throws ActionException {
            String resource = args.string("resource").trim();
            if (!resource.startsWith("/subscriptions/")) {
                throw ActionException.permanent("argument 'resource' must be a resource id starting with /subscriptions/, got '" + resource + "'");
            }
            String metric = args.string("metric").trim();
            String aggregation = args.optString("aggregation").orElse("Average");
            AggregationType type = switch (aggregation.toLowerCase(Locale.ROOT)) {
                case "average" -> AggregationType.AVERAGE;
                case "minimum" -> AggregationType.MINIMUM;
                case "maximum" -> AggregationType.MAXIMUM;
                case "total" -> AggregationType.TOTAL;
                case "count" -> AggregationType.COUNT;
                default -> throw ActionException.permanent("argument 'aggregation' must be Average, Minimum, Maximum, Total or Count, got '"
                        + aggregation + "'");
            };
            Duration window = args.optDuration("window").orElse(Duration.ofMinutes(15));
            Duration interval = args.optDuration("interval").orElse(Duration.ofMinutes(5));
            if (interval.compareTo(window) > 0) {
                throw ActionException.permanent("interval (" + Durations.format(interval) + ") is longer than window (" + Durations.format(window) + ")");
            }
            MetricsQueryOptions options = new MetricsQueryOptions()
                    .setTimeInterval(new QueryTimeInterval(window))
                    .setGranularity(interval)
                    .setAggregations(type);
            args.optString("namespace").filter(s -> !s.isBlank()).ifPresent(options::setMetricNamespace);
            var client = clients.metrics(AzureCloud.resolve(ctx));
            String what = "metric " + metric + " of " + resource;
            MetricsQueryResult result = call(ctx, what,
                    // The SDK's URL template already has the slash before the resource id.
                    () -> client.queryResourceWithResponse(resource.substring(1), List.of(metric), options, Context.NONE).getValue());
            MetricResult m = result.getMetrics() == null || result.getMetrics().isEmpty() ? null : result.getMetrics().get(0);
            if (m == null) throw ActionException.permanent(spec.name() + ": no " + what);
            if (m.getError() != null && m.getError().getMessage() != null && !m.getError().getMessage().isBlank()) {
                throw ActionException.permanent(spec.name() + ": " + what + ": " + m.getError().getMessage());
            }
            List<Object> points = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            Double latest = null;
            if (m.getTimeSeries() != null) {
                for (TimeSeriesElement series : m.getTimeSeries()) {
                    for (MetricValue v : series.getValues()) {
                        Double value = pick(v, type);
                        points.add(map("timestamp", iso(v.getTimeStamp()), "value", value));
                        if (value != null) {
                            values.add(value);
                            latest = value;
                        }
                    }
                }
            }
            Double overall = aggregate(values, type);
            Map<String, Object> out = map("value", overall, "latest", latest, "unit", str(m.getUnit()), "points", points);
            return new Result(out, aggregation + " " + metric + " over " + Durations.format(window) + ": "
                    + (overall == null ? "no data" : overall + " " + str(m.getUnit())));
        }

        static Double pick(MetricValue v, AggregationType type) {
            if (AggregationType.MINIMUM.equals(type)) return v.getMinimum();
            if (AggregationType.MAXIMUM.equals(type)) return v.getMaximum();
            if (AggregationType.TOTAL.equals(type)) return v.getTotal();
            if (AggregationType.COUNT.equals(type)) return v.getCount();
            return v.getAverage();
        }

        /** The window's value: min of minimums, max of maximums, sum of totals and counts, mean of averages. */
        static Double aggregate(List<Double> values, AggregationType type) {
            if (values.isEmpty()) return null;
            if (AggregationType.MINIMUM.equals(type)) return values.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
            if (AggregationType.MAXIMUM.equals(type)) return values.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
            if (AggregationType.TOTAL.equals(type) || AggregationType.COUNT.equals(type)) {
                return values.stream().mapToDouble(Double::doubleValue).sum();
            }
            return values.stream().mapToDouble(Double::doubleValue).average().getAsDouble();
        }
    }
}
