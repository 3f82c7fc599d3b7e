package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Result;
import java.sql.Array;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** postgres.blocking: the lock-wait graph from pg_blocking_pids, with the root blockers an operator would kill. */
final class BlockingAction extends ReadAction {
    private static final String BLOCKED = "SELECT a.pid, coalesce(a.usename::text, ''), coalesce(a.application_name, ''),"
            + " coalesce(a.datname::text, ''), coalesce(a.query, ''), coalesce(a.wait_event_type || ':' || a.wait_event, ''),"
            + " extract(epoch FROM now() - coalesce(%s, a.query_start, now()))::float8, pg_blocking_pids(a.pid)"
            + " FROM pg_stat_activity a WHERE a.pid <> pg_backend_pid() AND cardinality(pg_blocking_pids(a.pid)) > 0";
    // pg_locks.waitstart exists from PostgreSQL 14; before that the query's start is the best estimate of the wait.
    private static final String WAIT_START = "(SELECT min(l.waitstart) FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted)";

    private static final String BLOCKERS = "SELECT pid, coalesce(usename::text, ''), coalesce(application_name, ''),"
            + " coalesce(datname::text, ''), coalesce(state, ''), coalesce(query, ''),"
            + " coalesce(extract(epoch FROM now() - query_start), 0)::float8, coalesce(extract(epoch FROM now() - xact_start), 0)::float8"
            + " FROM pg_stat_activity WHERE pid = ANY(?)";

    BlockingAction(ActionSpec spec) {
        super(spec);
    }

    private record Waiter(int pid, String user, String application, String database, String query, String waitEvent,
                          double waitSeconds, List<Integer> blockedBy) {}

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        Duration minWait = args.optDuration("minWait").orElse(Duration.ZERO);
        boolean expectClear = args.bool("expectClear", false);
        try (Session s = Session.open(ctx, args, "postgres.blocking")) {
            String sql = String.format(BLOCKED, s.serverVersion() >= 140000 ? WAIT_START : "NULL::timestamptz");
            List<Waiter> all = s.run(sql, st -> {
                List<Waiter> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Array arr = rs.getArray(8);
                        List<Integer> by = new ArrayList<>();
                        for (Object o : (Object[]) arr.getArray()) by.add(((Number) o).intValue());
                        arr.free();
                        out.add(new Waiter(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), round1(rs.getDouble(7)), by));
                    }
                }
                return out;
            });
            Map<Integer, Waiter> waiting = new LinkedHashMap<>();
            for (Waiter w : all) waiting.put(w.pid(), w);
            List<Waiter> reported = all.stream().filter(w -> w.waitSeconds() >= minWait.toMillis() / 1000.0)
                    .sorted((a, b) -> Double.compare(b.waitSeconds(), a.waitSeconds())).toList();

            // Every session reachable from a reported waiter through "blocked by" edges is a blocker worth showing.
            Map<Integer, Set<Integer>> victims = new LinkedHashMap<>();
            for (Waiter w : reported) {
                Deque<Integer> todo = new ArrayDeque<>(w.blockedBy());
                Set<Integer> seen = new HashSet<>();
                while (!todo.isEmpty()) {
                    int b = todo.pop();
                    if (!seen.add(b)) continue;
                    victims.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(w.pid());
                    Waiter up = waiting.get(b);
                    if (up != null) todo.addAll(up.blockedBy());
                }
            }
            Map<Integer, Map<String, Object>> blockerInfo = readBlockers(s, victims.keySet());

            List<Map<String, Object>> blockers = new ArrayList<>();
            List<Long> roots = new ArrayList<>();
            long rootBlocker = 0;
            int mostVictims = -1;
            for (Map.Entry<Integer, Set<Integer>> e : victims.entrySet()) {
                int pid = e.getKey();
                boolean root = !waiting.containsKey(pid);
                long direct = reported.stream().filter(w -> w.blockedBy().contains(pid)).count();
                Map<String, Object> b = new LinkedHashMap<>(blockerInfo.getOrDefault(pid, unknownBackend(pid)));
                b.put("blocks", direct);
                b.put("blocksTotal", (long) e.getValue().size());
                b.put("root", root);
                blockers.add(b);
                if (root) {
                    roots.add((long) pid);
                    if (e.getValue().size() > mostVictims) {
                        mostVictims = e.getValue().size();
                        rootBlocker = pid;
                    }
                }
            }
            blockers.sort((a, b) -> Long.compare((Long) b.get("blocksTotal"), (Long) a.get("blocksTotal")));

            List<Map<String, Object>> blocked = new ArrayList<>();
            for (Waiter w : reported) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pid", (long) w.pid());
                m.put("user", w.user());
                m.put("application", w.application());
                m.put("database", w.database());
                m.put("query", w.query());
                m.put("waitEvent", w.waitEvent());
                m.put("waitSeconds", w.waitSeconds());
                m.put("blockedBy", w.blockedBy().stream().map(Integer::longValue).toList());
                blocked.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("blocked", blocked);
            out.put("blockers", blockers);
            out.put("blockedCount", (long) blocked.size());
            out.put("blockerCount", (long) blockers.size());
            out.put("rootBlockers", roots);
            out.put("rootBlocker", rootBlocker);
            out.put("longestWaitSeconds", reported.isEmpty() ? 0.0 : reported.get(0).waitSeconds());
            String summary = summary(ctx, reported, blockers, rootBlocker);
            if (expectClear && !reported.isEmpty()) {
                throw new ActionException(ActionException.Kind.TRANSIENT, "still blocked: " + summary,
                        "the blocker may have been replaced by another; re-run diagnose", null);
            }
            return new Result(out, summary);
        }
    }

    private static Map<Integer, Map<String, Object>> readBlockers(Session s, Set<Integer> pids) throws ActionException {
        if (pids.isEmpty()) return Map.of();
        return s.run(BLOCKERS, st -> {
            st.setArray(1, s.connection().createArrayOf("int4", pids.toArray()));
            Map<Integer, Map<String, Object>> out = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("pid", (long) rs.getInt(1));
                    m.put("user", rs.getString(2));
                    m.put("application", rs.getString(3));
                    m.put("database", rs.getString(4));
                    m.put("state", rs.getString(5));
                    m.put("query", rs.getString(6));
                    m.put("querySeconds", round1(rs.getDouble(7)));
                    m.put("xactSeconds", round1(rs.getDouble(8)));
                    out.put(rs.getInt(1), m);
                }
            }
            return out;
        });
    }

    /** pid 0 is a prepared transaction; any other missing pid exited between the two reads. */
    private static Map<String, Object> unknownBackend(int pid) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", (long) pid);
        m.put("user", "");
        m.put("application", "");
        m.put("database", "");
        m.put("state", pid == 0 ? "prepared transaction" : "exited");
        m.put("query", pid == 0 ? "(a prepared transaction holds the lock: see pg_prepared_xacts)" : "");
        m.put("querySeconds", 0.0);
        m.put("xactSeconds", 0.0);
        return m;
    }

    private static String summary(ActionContext ctx, List<Waiter> blocked, List<Map<String, Object>> blockers, long rootBlocker) {
        if (blocked.isEmpty()) return "no blocked sessions";
        StringBuilder sb = new StringBuilder();
        sb.append(blocked.size()).append(blocked.size() == 1 ? " session" : " sessions").append(" blocked (longest ")
                .append(blocked.get(0).waitSeconds()).append("s)");
        for (Map<String, Object> b : blockers) {
            if (((Long) b.get("pid")) == rootBlocker) {
                sb.append("; root blocker pid ").append(rootBlocker).append(" (").append(b.get("user")).append(", ")
                        .append(b.get("state")).append(", transaction open ").append(b.get("xactSeconds")).append("s): ")
                        .append(oneLine(ctx, (String) b.get("query"), 120));
            }
        }
        return sb.toString();
    }
}
