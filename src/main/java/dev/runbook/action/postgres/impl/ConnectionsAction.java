package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** postgres.connections: who holds the server's connection slots, against max_connections. */
final class ConnectionsAction extends ReadAction {
    private static final String SETTINGS = "SELECT current_setting('max_connections')::int,"
            + " current_setting('superuser_reserved_connections')::int,"
            + " coalesce(current_setting('reserved_connections', true), '0')::int";

    // This check's own connection is left out, and so is every other session of this run (the target-identity lookup
    // and parallel steps name themselves 'runbook RUN-ID STEP'): the numbers describe the applications, not the observer.
    private static final String ACTIVITY = "SELECT coalesce(state, 'unknown'), coalesce(application_name, ''),"
            + " coalesce(usename::text, ''), coalesce(datname::text, ''), count(*),"
            + " coalesce(max(CASE WHEN state LIKE 'idle in transaction%' THEN extract(epoch FROM now() - state_change) END), 0)::float8"
            + " FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            + " AND left(coalesce(application_name, ''), length(?)) IS DISTINCT FROM ?"
            + " GROUP BY 1, 2, 3, 4";

    ConnectionsAction(ActionSpec spec) {
        super(spec);
    }

    private static final class App {
        final String application;
        final String user;
        long total;
        long active;
        long idle;
        long idleInTransaction;

        App(String application, String user) {
            this.application = application;
            this.user = user;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("application", application);
            m.put("user", user);
            m.put("total", total);
            m.put("active", active);
            m.put("idle", idle);
            m.put("idleInTransaction", idleInTransaction);
            return m;
        }
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        Optional<Double> maxUtilisation = args.optNumber("maxUtilisation");
        try (Session s = Session.open(ctx, args, "postgres.connections")) {
            int[] settings = s.run(SETTINGS, st -> {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)};
                }
            });
            Map<String, Long> byState = new TreeMap<>();
            Map<String, Long> byDatabase = new TreeMap<>();
            Map<String, App> apps = new LinkedHashMap<>();
            double[] longestIdleInTx = {0};
            String ours = "runbook " + ctx.runId() + " ";
            long total = s.run(ACTIVITY, st -> {
                st.setString(1, ours);
                st.setString(2, ours);
                long sum = 0;
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString(1);
                        long n = rs.getLong(5);
                        sum += n;
                        byState.merge(state, n, Long::sum);
                        byDatabase.merge(rs.getString(4), n, Long::sum);
                        String application = rs.getString(2);
                        String user = rs.getString(3);
                        App app = apps.computeIfAbsent(application + "\u0000" + user, k -> new App(application, user));
                        app.total += n;
                        if (state.equals("active")) app.active += n;
                        else if (state.equals("idle")) app.idle += n;
                        else if (state.startsWith("idle in transaction")) app.idleInTransaction += n;
                        longestIdleInTx[0] = Math.max(longestIdleInTx[0], rs.getDouble(6));
                    }
                }
                return sum;
            });
            int max = settings[0];
            int reserved = settings[1] + settings[2];
            int usable = Math.max(1, max - reserved);
            long idleInTx = byState.entrySet().stream().filter(e -> e.getKey().startsWith("idle in transaction"))
                    .mapToLong(Map.Entry::getValue).sum();
            List<App> sorted = new ArrayList<>(apps.values());
            sorted.sort(Comparator.comparingLong((App a) -> a.total).reversed().thenComparing(a -> a.application));
            double utilisation = round1(100.0 * total / usable);

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", total);
            out.put("maxConnections", (long) max);
            out.put("reserved", (long) reserved);
            out.put("available", Math.max(0L, usable - total));
            out.put("utilisation", utilisation);
            out.put("byState", new LinkedHashMap<String, Object>(byState));
            out.put("byApplication", sorted.stream().map(App::toMap).toList());
            out.put("byDatabase", new LinkedHashMap<String, Object>(byDatabase));
            out.put("idleInTransaction", idleInTx);
            out.put("longestIdleInTransactionSeconds", round1(longestIdleInTx[0]));

            StringBuilder summary = new StringBuilder();
            summary.append(total).append('/').append(usable).append(" connections in use (").append(utilisation).append("%)");
            if (!byState.isEmpty()) {
                summary.append(": ");
                byState.forEach((k, v) -> summary.append(v).append(' ').append(k).append(", "));
                summary.setLength(summary.length() - 2);
            }
            if (!sorted.isEmpty()) {
                App top = sorted.get(0);
                summary.append("; most from ").append(top.application.isEmpty() ? "(no application_name)" : top.application)
                        .append(" as ").append(top.user).append(" (").append(top.total).append(')');
            }
            if (maxUtilisation.isPresent() && utilisation > maxUtilisation.get()) {
                throw new ActionException(ActionException.Kind.TRANSIENT, "connection utilisation is " + utilisation
                        + "%, above " + maxUtilisation.get() + "%: " + summary, null, null);
            }
            return new Result(out, summary.toString());
        }
    }
}
