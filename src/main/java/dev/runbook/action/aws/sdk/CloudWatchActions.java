package dev.runbook.action.aws.sdk;

import static dev.runbook.action.aws.sdk.Values.iso;
import static dev.runbook.action.aws.sdk.Values.map;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Result;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/** aws.cloudwatch.*: alarm-state, metric. */
final class CloudWatchActions {
    private static final Set<String> STATISTICS = Set.of("Average", "Sum", "Minimum", "Maximum", "SampleCount");
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,2})?|100)");

    private CloudWatchActions() {}

    static CloudWatchClient cw(AwsCall c) throws ActionException {
        return c.client("monitoring", CloudWatchClient::builder);
    }

    static final class AlarmState extends AwsAction {
        AlarmState(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            List<String> names = List.copyOf(new LinkedHashSet<>(c.args.strings("alarms")));
            if (names.isEmpty() || names.size() > 100) {
                throw ActionException.permanent("argument 'alarms' must name 1 to 100 alarms, got " + names.size());
            }
            CloudWatchClient cw = cw(c);
            DescribeAlarmsResponse r = c.aws("cloudwatch:DescribeAlarms", "alarms " + names,
                    () -> cw.describeAlarms(b -> b.alarmNames(names).alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                            .maxRecords(100).overrideConfiguration(c.timeout())));
            Map<String, Map<String, Object>> found = new LinkedHashMap<>();
            for (MetricAlarm a : r.metricAlarms()) {
                found.put(a.alarmName(), map("name", a.alarmName(), "state", a.stateValueAsString(), "reason", a.stateReason(),
                        "updatedAt", iso(a.stateUpdatedTimestamp())));
            }
            for (CompositeAlarm a : r.compositeAlarms()) {
                found.put(a.alarmName(), map("name", a.alarmName(), "state", a.stateValueAsString(), "reason", a.stateReason(),
                        "updatedAt", iso(a.stateUpdatedTimestamp())));
            }
            List<String> missing = names.stream().filter(n -> !found.containsKey(n)).toList();
            if (!missing.isEmpty()) {
                throw ActionException.permanent("CloudWatch alarm" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                        + " not found " + c.where(), "check the alarm names (aws cloudwatch describe-alarms --alarm-name-prefix ...)");
            }
            Map<String, Object> states = new LinkedHashMap<>();
            List<Object> alarms = new ArrayList<>();
            List<Object> inAlarm = new ArrayList<>();
            for (String n : names) {
                Map<String, Object> a = found.get(n);
                states.put(n, a.get("state"));
                alarms.add(a);
                if ("ALARM".equals(a.get("state"))) inAlarm.add(n);
            }
            return new Result(map("states", states, "alarms", alarms, "inAlarm", inAlarm, "anyInAlarm", !inAlarm.isEmpty()),
                    inAlarm.isEmpty() ? "no alarm in ALARM" : "in ALARM: " + inAlarm);
        }
    }

    static final class Metric extends AwsAction {
        Metric(ActionSpec spec, AwsClients clients) {
            super(spec, clients);
        }

        @Override
        Result execute(AwsCall c) throws ActionException {
            String namespace = c.args.string("namespace");
            String metric = c.args.string("metric");
            String stat = c.args.optString("statistic").orElse("Average");
            if (!STATISTICS.contains(stat) && !PERCENTILE.matcher(stat).matches()) {
                throw ActionException.permanent("argument 'statistic' must be Average, Sum, Minimum, Maximum, SampleCount or a "
                        + "percentile like p95, got '" + stat + "'");
            }
            Duration window = c.args.optDuration("window").orElse(Duration.ofMinutes(5));
            if (window.toSeconds() < 60 || window.toSeconds() % 60 != 0) {
                throw ActionException.permanent("argument 'window' must be whole minutes (1m or more), got " + window.toSeconds() + "s");
            }
            List<Dimension> dims = new ArrayList<>();
            for (Map.Entry<String, Object> e : c.args.map("dimensions").entrySet()) {
                dims.add(Dimension.builder().name(e.getKey()).value(String.valueOf(e.getValue())).build());
            }
            // One period spanning the whole window, ending at the last full minute: one datapoint, the statistic itself.
            Instant end = c.now().truncatedTo(ChronoUnit.MINUTES);
            Instant start = end.minus(window);
            int period = (int) window.toSeconds();
            MetricDataQuery query = MetricDataQuery.builder().id("m").returnData(true).metricStat(s -> s.period(period).stat(stat)
                    .metric(m -> m.namespace(namespace).metricName(metric).dimensions(dims))).build();
            CloudWatchClient cw = cw(c);
            MetricDataResult r = c.aws("cloudwatch:GetMetricData", "metric " + namespace + "/" + metric,
                    () -> cw.getMetricData(b -> b.startTime(start).endTime(end).scanBy(ScanBy.TIMESTAMP_DESCENDING)
                            .metricDataQueries(query)
                            .overrideConfiguration(c.timeout())))
                    .metricDataResults().stream().findFirst().orElse(null);
            List<Object> points = new ArrayList<>();
            if (r != null) {
                for (int i = 0; i < Math.min(r.timestamps().size(), r.values().size()); i++) {
                    points.add(map("timestamp", iso(r.timestamps().get(i)), "value", r.values().get(i)));
                }
            }
            Double value = r == null || r.values().isEmpty() ? null : r.values().get(0);
            return new Result(map("value", value, "hasData", value != null, "datapoints", points),
                    namespace + " " + metric + " " + stat + " over " + dev.runbook.model.Durations.format(window) + ": "
                            + (value == null ? "no data" : value));
        }
    }
}
