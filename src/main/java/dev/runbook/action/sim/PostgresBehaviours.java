package dev.runbook.action.sim;

import dev.runbook.action.ActionException;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Behaviours of the {@code postgres.*} actions against {@code postgres.server/<host>}: {@code maxConnections},
 * {@code reserved} and {@code backends}, a list of sessions {pid, user, database, application, state,
 * query, querySeconds, xactSeconds, blockedBy, waitSeconds}. Reports are computed from the sessions, and
 * cancelling or terminating a session releases the ones it blocked.
 */
final class PostgresBehaviours {
    private PostgresBehaviours() {}

    static final String SERVER = "postgres.server";

    static void register(Map<String, Behaviours.Entry> into) {
        List<String> kinds = List.of(SERVER);
        into.put("postgres.query", new Behaviours.Entry(kinds, s -> Observations.rows(SERVER, "rowCount")));
        into.put("postgres.connections", new Behaviours.Entry(kinds, s -> report(PostgresBehaviours::connections)));
        into.put("postgres.blocking", new Behaviours.Entry(kinds, s -> report(PostgresBehaviours::blocking)));
        into.put("postgres.long-running", new Behaviours.Entry(kinds, s -> report(PostgresBehaviours::longRunning)));
        into.put("postgres.cancel", new Behaviours.Entry(kinds, s -> signal(false)));
        into.put("postgres.terminate", new Behaviours.Entry(kinds, s -> signal(true)));
        into.put("postgres.dump", new Behaviours.Entry(kinds, s -> dump()));
    }

    @FunctionalInterface
    private interface Report {
        Map<String, Object> of(SimCall call, Map<String, Object> server, List<Map<String, Object>> backends) throws ActionException;
    }

    static ResourceId server(SimCall call) throws ActionException {
        List<ResourceId> all = call.world().ofKind(SERVER);
        if (all.size() == 1) return all.get(0);
        Object c = call.args().get("connection");
        String host = null;
        if (c instanceof Map<?, ?> m && m.get("host") != null) {
            host = String.valueOf(m.get("host"));
        } else if (c != null) {
            String s = String.valueOf(c).replaceFirst("^jdbc:", "");
            try {
                host = URI.create(s).getHost();
            } catch (IllegalArgumentException e) {
                host = null;
            }
        }
        if (host == null) throw ActionException.permanent("cannot tell which server 'connection' names (simulated)", "give a host in the connection");
        return new ResourceId(SERVER, host);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> backends(Map<String, Object> server) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (server.get("backends") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) Values.normalize(m));
            }
        }
        return out;
    }

    private static SimBehaviour report(Report r) {
        return new Custom(call -> call.readPlan("read sessions", Map.of()), call -> {
            Map<String, Object> server = call.require(server(call));
            Map<String, Object> out = r.of(call, server, backends(server));
            Map<String, Object> typed = new LinkedHashMap<>();
            call.spec().outputs().forEach(o -> typed.put(o.name(), Values.coerce(out.get(o.name()), o.type())));
            return new Result(typed, null);
        });
    }

    private static double num(Map<String, Object> b, String k) {
        return b.get(k) instanceof Number n ? n.doubleValue() : 0;
    }

    private static String str(Map<String, Object> b, String k, String dflt) {
        Object v = b.get(k);
        return v == null ? dflt : String.valueOf(v);
    }

    private static Map<String, Object> connections(SimCall call, Map<String, Object> server, List<Map<String, Object>> backends) throws ActionException {
        long max = (long) num(server, "maxConnections") == 0 ? 100 : (long) num(server, "maxConnections");
        long reserved = server.containsKey("reserved") ? (long) num(server, "reserved") : 3;
        long total = backends.size();
        Map<String, Object> byState = new TreeMap<>();
        Map<String, Object> byDb = new TreeMap<>();
        Map<String, Map<String, Object>> byApp = new LinkedHashMap<>();
        long iit = 0;
        double longestIit = 0;
        for (Map<String, Object> b : backends) {
            String state = str(b, "state", "idle");
            byState.merge(state, 1L, (a, x) -> (Long) a + 1);
            byDb.merge(str(b, "database", "postgres"), 1L, (a, x) -> (Long) a + 1);
            Map<String, Object> app = byApp.computeIfAbsent(str(b, "application", "") + "\u0000" + str(b, "user", ""), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("application", str(b, "application", ""));
                m.put("user", str(b, "user", ""));
                m.put("total", 0L);
                m.put("active", 0L);
                m.put("idle", 0L);
                m.put("idleInTransaction", 0L);
                return m;
            });
            app.merge("total", 1L, (a, x) -> (Long) a + 1);
            String key = switch (state) {
                case "active" -> "active";
                case "idle in transaction", "idle in transaction (aborted)" -> "idleInTransaction";
                default -> "idle";
            };
            app.merge(key, 1L, (a, x) -> (Long) a + 1);
            if (key.equals("idleInTransaction")) {
                iit++;
                longestIit = Math.max(longestIit, num(b, "xactSeconds"));
            }
        }
        List<Map<String, Object>> apps = new ArrayList<>(byApp.values());
        apps.sort(Comparator.comparingLong((Map<String, Object> m) -> (Long) m.get("total")).reversed());
        long usable = Math.max(1, max - reserved);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        out.put("maxConnections", max);
        out.put("reserved", reserved);
        out.put("available", Math.max(0, usable - total));
        out.put("utilisation", Math.round(1000.0 * total / usable) / 10.0);
        out.put("byState", byState);
        out.put("byApplication", apps);
        out.put("byDatabase", byDb);
        out.put("idleInTransaction", iit);
        out.put("longestIdleInTransactionSeconds", longestIit);
        Optional<Double> limit = call.args().optNumber("maxUtilisation");
        double utilisation = (Double) out.get("utilisation");
        if (limit.isPresent() && utilisation > limit.get()) {
            // transient like the real action, so retry: polls until the pool drains
            throw ActionException.transientFailure("connection utilisation is " + utilisation + "%, above " + limit.get() + "% ("
                    + total + " of " + usable + " usable connections)", null);
        }
        return out;
    }

    private static List<Long> blockers(Map<String, Object> b) {
        Object v = b.get("blockedBy");
        List<Long> out = new ArrayList<>();
        for (Object o : v instanceof List<?> l ? l : v == null ? List.of() : List.of(v)) {
            if (o instanceof Number n) out.add(n.longValue());
        }
        return out;
    }

    private static Map<String, Object> blocking(SimCall call, Map<String, Object> server, List<Map<String, Object>> backends) throws ActionException {
        double minWait = call.args().optDuration("minWait").orElse(Duration.ZERO).toSeconds();
        Map<Long, Map<String, Object>> byPid = new LinkedHashMap<>();
        backends.forEach(b -> byPid.put((long) num(b, "pid"), b));
        List<Object> blocked = new ArrayList<>();
        Map<Long, Long> blocks = new LinkedHashMap<>();
        double longest = 0;
        for (Map<String, Object> b : backends) {
            List<Long> by = blockers(b);
            if (by.isEmpty() || num(b, "waitSeconds") < minWait) continue;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("pid", (long) num(b, "pid"));
            e.put("user", str(b, "user", ""));
            e.put("application", str(b, "application", ""));
            e.put("query", str(b, "query", ""));
            e.put("waitSeconds", num(b, "waitSeconds"));
            e.put("waitEvent", str(b, "waitEvent", "transactionid"));
            e.put("blockedBy", by);
            blocked.add(e);
            longest = Math.max(longest, num(b, "waitSeconds"));
            by.forEach(p -> blocks.merge(p, 1L, Long::sum));
        }
        List<Object> blockerList = new ArrayList<>();
        List<Object> roots = new ArrayList<>();
        long rootBlocker = 0;
        long most = -1;
        for (Map.Entry<Long, Long> e : blocks.entrySet()) {
            Map<String, Object> b = byPid.getOrDefault(e.getKey(), Map.of("pid", e.getKey()));
            boolean root = blockers(b).isEmpty();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("pid", e.getKey());
            x.put("user", str(b, "user", ""));
            x.put("application", str(b, "application", ""));
            x.put("state", str(b, "state", ""));
            x.put("query", str(b, "query", ""));
            x.put("querySeconds", num(b, "querySeconds"));
            x.put("xactSeconds", num(b, "xactSeconds"));
            x.put("blocks", e.getValue());
            x.put("root", root);
            blockerList.add(x);
            if (root) {
                roots.add(e.getKey());
                if (e.getValue() > most) {
                    most = e.getValue();
                    rootBlocker = e.getKey();
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("blocked", blocked);
        out.put("blockers", blockerList);
        out.put("blockedCount", (long) blocked.size());
        out.put("blockerCount", (long) blockerList.size());
        out.put("rootBlockers", roots);
        out.put("rootBlocker", rootBlocker);
        out.put("longestWaitSeconds", longest);
        if (call.args().bool("expectClear", false) && !blocked.isEmpty()) {
            // like the real action: transient, so a verify step's retry polls until the locks are released
            throw new ActionException(ActionException.Kind.TRANSIENT, "still blocked: " + blocked.size() + " session(s) waiting, root blocker "
                    + (rootBlocker == 0 ? "unknown" : rootBlocker), "the blocker may have been replaced by another; re-run diagnose", null);
        }
        return out;
    }

    private static Map<String, Object> longRunning(SimCall call, Map<String, Object> server, List<Map<String, Object>> backends) throws ActionException {
        double threshold = call.args().optDuration("threshold").orElse(Duration.ofMinutes(5)).toSeconds();
        boolean iit = call.args().bool("includeIdleInTransaction", true);
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> b : backends) {
            String state = str(b, "state", "idle");
            double seconds = state.startsWith("idle in transaction") ? (iit ? num(b, "xactSeconds") : -1) : state.equals("active") ? num(b, "querySeconds") : -1;
            if (seconds < threshold) continue;
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("pid", (long) num(b, "pid"));
            q.put("user", str(b, "user", ""));
            q.put("application", str(b, "application", ""));
            q.put("database", str(b, "database", ""));
            q.put("state", state);
            q.put("query", str(b, "query", ""));
            q.put("seconds", seconds);
            q.put("waitEvent", str(b, "waitEvent", ""));
            found.add(q);
        }
        found.sort(Comparator.comparingDouble((Map<String, Object> m) -> (Double) m.get("seconds")).reversed());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queries", new ArrayList<Object>(found));
        out.put("count", (long) found.size());
        out.put("longestPid", found.isEmpty() ? 0L : found.get(0).get("pid"));
        out.put("longestSeconds", found.isEmpty() ? 0.0 : found.get(0).get("seconds"));
        return out;
    }

    private static Optional<Map<String, Object>> backend(List<Map<String, Object>> backends, long pid) {
        return backends.stream().filter(b -> (long) num(b, "pid") == pid).findFirst();
    }

    /** cancel ends an active query (a transaction left idle keeps its locks); terminate ends the session. */
    private static SimBehaviour signal(boolean terminate) {
        return new Custom(call -> {
            Map<String, Object> server = call.require(server(call));
            long pid = call.args().integer("pid");
            Optional<Map<String, Object>> b = backend(backends(server), pid);
            Map<String, Object> before = new LinkedHashMap<>();
            b.ifPresent(x -> {
                before.putAll(x);
                before.remove("blockedBy");
                before.remove("waitSeconds");
            });
            return new Plan((terminate ? "terminate" : "cancel") + " backend " + pid + b.map(x -> " (" + str(x, "application", "") + ", "
                    + str(x, "state", "") + ")").orElse(" (no such backend)"), call.beforeFrom(before), Map.of(), String.valueOf(pid), Map.of(), List.of());
        }, call -> {
            ResourceId id = server(call);
            Map<String, Object> server = call.require(id);
            long pid = call.args().integer("pid");
            List<Map<String, Object>> all = backends(server);
            Optional<Map<String, Object>> target = backend(all, pid);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("pid", pid);
            out.put("signalled", target.isPresent());
            if (target.isEmpty()) {
                if (terminate) out.put("gone", true);
                return new Result(out, "no backend " + pid);
            }
            boolean releases = terminate || str(target.get(), "state", "").equals("active");
            List<Object> next = new ArrayList<>();
            for (Map<String, Object> b : all) {
                if ((long) num(b, "pid") == pid) {
                    if (terminate) continue;
                    if (releases) {
                        Map<String, Object> x = new LinkedHashMap<>(b);
                        x.put("state", str(b, "xactSeconds", "0").equals("0") ? "idle" : "idle in transaction (aborted)");
                        x.put("querySeconds", 0L);
                        next.add(x);
                        continue;
                    }
                }
                List<Long> by = blockers(b);
                if (releases && by.contains(pid)) {
                    Map<String, Object> x = new LinkedHashMap<>(b);
                    List<Long> rest = new ArrayList<>(by);
                    rest.remove(pid);
                    if (rest.isEmpty()) {
                        x.remove("blockedBy");
                        x.remove("waitSeconds");
                    } else {
                        x.put("blockedBy", rest);
                    }
                    next.add(x);
                } else {
                    next.add(b);
                }
            }
            call.world().update(id, Map.of("backends", next), call.who());
            if (terminate) out.put("gone", true);
            return new Result(out, (terminate ? "terminated " : "cancelled ") + pid);
        });
    }

    private static SimBehaviour dump() {
        return new Custom(call -> {
            Map<String, Object> server = call.require(server(call));
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("exists", false);
            before.put("serverVersion", server.getOrDefault("serverVersion", "16"));
            before.put("databaseBytes", server.getOrDefault("databaseBytes", 0L));
            return new Plan("dump to " + call.args().string("file") + " (simulated: no file is written)", call.beforeFrom(before), Map.of(), null, Map.of(), List.of());
        }, call -> {
            Map<String, Object> server = call.require(server(call));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("path", call.ctx().workDir().resolve(call.args().string("file")).toAbsolutePath().normalize().toString());
            out.put("bytes", server.getOrDefault("databaseBytes", 0L));
            out.put("sha256", "0".repeat(64));
            out.put("format", call.args().optString("format").orElse("custom"));
            out.put("seconds", 0.0);
            return new Result(call.outputsFrom(out), "dump simulated, nothing written");
        });
    }
}
