package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** postgres.long-running: active queries (and, optionally, idle open transactions) older than a threshold. */
final class LongRunningAction extends ReadAction {
    private static final String SQL = "SELECT * FROM (SELECT pid, coalesce(usename::text, ''), coalesce(application_name, ''),"
            + " coalesce(datname::text, ''), state, coalesce(query, ''), coalesce(wait_event_type || ':' || wait_event, ''),"
            + " CASE WHEN state = 'active' THEN extract(epoch FROM now() - query_start)"
            + "      ELSE extract(epoch FROM now() - xact_start) END::float8 AS seconds,"
            + " coalesce(extract(epoch FROM now() - xact_start), 0)::float8"
            + " FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            + " AND (state = 'active' OR (? AND state LIKE 'idle in transaction%'))) s"
            + " WHERE seconds >= ? ORDER BY seconds DESC LIMIT ?";

    LongRunningAction(ActionSpec spec) {
        super(spec);
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        Duration threshold = args.optDuration("threshold").orElse(Duration.ofMinutes(5));
        boolean idleInTx = args.bool("includeIdleInTransaction", true);
        long maxRows = args.optInteger("maxRows").orElse(100L);
        if (maxRows < 1 || maxRows > QueryAction.ROW_LIMIT) {
            throw ActionException.permanent("argument 'maxRows' must be between 1 and " + QueryAction.ROW_LIMIT + ", got " + maxRows);
        }
        try (Session s = Session.open(ctx, args, "postgres.long-running")) {
            List<Map<String, Object>> rows = s.run(SQL, st -> {
                st.setBoolean(1, idleInTx);
                st.setDouble(2, threshold.toMillis() / 1000.0);
                st.setLong(3, maxRows);
                List<Map<String, Object>> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("pid", (long) rs.getInt(1));
                        m.put("user", rs.getString(2));
                        m.put("application", rs.getString(3));
                        m.put("database", rs.getString(4));
                        m.put("state", rs.getString(5));
                        m.put("query", rs.getString(6));
                        m.put("waitEvent", rs.getString(7));
                        m.put("seconds", round1(rs.getDouble(8)));
                        m.put("xactSeconds", round1(rs.getDouble(9)));
                        out.add(m);
                    }
                }
                return out;
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("queries", rows);
            out.put("count", (long) rows.size());
            out.put("longestPid", rows.isEmpty() ? 0L : rows.get(0).get("pid"));
            out.put("longestSeconds", rows.isEmpty() ? 0.0 : rows.get(0).get("seconds"));
            String summary = rows.isEmpty()
                    ? "nothing running longer than " + dev.runbook.model.Durations.format(threshold)
                    : rows.size() + " over " + dev.runbook.model.Durations.format(threshold) + "; longest pid " + rows.get(0).get("pid")
                            + " (" + rows.get(0).get("user") + ", " + rows.get(0).get("state") + ", " + rows.get(0).get("seconds")
                            + "s): " + oneLine(ctx, (String) rows.get(0).get("query"), 120);
            return new Result(out, summary);
        }
    }
}
