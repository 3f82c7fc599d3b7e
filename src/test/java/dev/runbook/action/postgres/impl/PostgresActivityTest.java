package dev.runbook.action.postgres.impl;

import static dev.runbook.action.postgres.impl.Pg.args;
import static dev.runbook.action.postgres.impl.Pg.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresActivityTest {
    static EmbeddedPostgres pg;
    static final Catalogue catalogue = Catalogue.standard();
    final List<Connection> opened = new ArrayList<>();
    final List<CompletableFuture<?>> background = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        try (Connection c = Pg.connect(pg, "setup"); var st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, status text)");
            st.execute("INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 10) g");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @AfterEach
    void closeSessions() {
        for (Connection c : opened) {
            try {
                c.close();
            } catch (SQLException e) {
                // terminated sessions are already gone
            }
        }
        background.forEach(f -> f.cancel(true));
    }

    static Action action(String name) {
        return catalogue.action(name);
    }

    Connection session(String application) throws SQLException {
        Connection c = Pg.connect(pg, application);
        opened.add(c);
        return c;
    }

    /** A transaction holding a row lock, and a second session waiting for it: the incident in miniature. */
    record Lock(Connection holder, int holderPid, Connection waiter, int waiterPid) {}

    Lock blockingLock() throws Exception {
        Connection holder = session("billing-worker");
        int holderPid = Pg.pid(holder);
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
            st.executeUpdate("UPDATE orders SET status = 'paid' WHERE id = 1");
        }
        Connection waiter = session("api");
        int waiterPid = Pg.pid(waiter);
        background.add(CompletableFuture.runAsync(() -> {
            try (Statement st = waiter.createStatement()) {
                st.executeUpdate("UPDATE orders SET status = 'cancelled' WHERE id = 1");
            } catch (SQLException e) {
                // ends when the test releases or kills the lock
            }
        }));
        Pg.waitUntil("the waiter blocks", () -> {
            try (Connection c = Pg.connect(pg, "probe"); var st = c.prepareStatement(
                    "SELECT cardinality(pg_blocking_pids(?)) > 0")) {
                st.setInt(1, waiterPid);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Lock(holder, holderPid, waiter, waiterPid);
    }

    @Test
    void blocking_finds_the_blocker_and_terminate_kills_it_and_frees_the_lock() throws Exception {
        Lock lock = blockingLock();

        Result found = action("postgres.blocking").execute(TestContext.of(Duration.ofSeconds(20)), args(pg));
        assertThat(found.outputs().get("blockedCount")).isEqualTo(1L);
        assertThat(found.outputs().get("rootBlocker")).isEqualTo((long) lock.holderPid());
        assertThat(found.outputs().get("rootBlockers")).isEqualTo(List.of((long) lock.holderPid()));
        Map<?, ?> blocked = (Map<?, ?>) ((List<?>) found.outputs().get("blocked")).get(0);
        assertThat(blocked.get("pid")).isEqualTo((long) lock.waiterPid());
        assertThat(blocked.get("application")).isEqualTo("api");
        assertThat(blocked.get("user")).isEqualTo("postgres");
        assertThat((String) blocked.get("query")).contains("SET status = 'cancelled'");
        assertThat(blocked.get("blockedBy")).isEqualTo(List.of((long) lock.holderPid()));
        assertThat((String) blocked.get("waitEvent")).startsWith("Lock:");
        assertThat((Double) blocked.get("waitSeconds")).isGreaterThanOrEqualTo(0.0);
        Map<?, ?> blocker = (Map<?, ?>) ((List<?>) found.outputs().get("blockers")).get(0);
        assertThat(blocker.get("application")).isEqualTo("billing-worker");
        assertThat(blocker.get("state")).isEqualTo("idle in transaction");
        assertThat((String) blocker.get("query")).contains("SET status = 'paid'");
        assertThat(blocker.get("blocks")).isEqualTo(1L);
        assertThat(blocker.get("root")).isEqualTo(true);
        assertThat(found.summary()).contains("1 session blocked").contains("root blocker pid " + lock.holderPid());

        ActionException still = failure(() -> action("postgres.blocking").execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "expectClear", true)));
        assertThat(still.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
        assertThat(still.getMessage()).startsWith("still blocked: 1 session blocked");

        Action terminate = action("postgres.terminate");
        Args target = args(pg, "pid", (long) lock.holderPid());
        Plan plan = terminate.plan(TestContext.of(Duration.ofSeconds(20)), target);
        assertThat(plan.target()).isEqualTo(String.valueOf(lock.holderPid()));
        assertThat(plan.before()).containsEntry("user", "postgres").containsEntry("application", "billing-worker")
                .containsEntry("state", "idle in transaction");
        assertThat((String) plan.before().get("query")).contains("SET status = 'paid'");
        // the age is rounded, so a transaction opened a few milliseconds ago may read 0.0
        assertThat((Double) plan.before().get("xactSeconds")).isGreaterThanOrEqualTo(0.0);
        assertThat(plan.summary()).startsWith("terminate backend " + lock.holderPid()).contains("billing-worker");
        assertThat(plan.details()).anyMatch(d -> d.startsWith("query:") && d.contains("SET status = 'paid'"));
        assertThat(Pg.alive(pg, lock.holderPid())).as("plan changes nothing").isTrue();

        Result killed = terminate.execute(TestContext.of(Duration.ofSeconds(20)), target);
        assertThat(killed.outputs()).containsEntry("signalled", true).containsEntry("gone", true)
                .containsEntry("pid", (long) lock.holderPid());
        assertThat(Pg.alive(pg, lock.holderPid())).isFalse();

        Pg.waitUntil("the waiter got the lock", () -> background.get(0).isDone());
        Result after = action("postgres.blocking").execute(TestContext.of(Duration.ofSeconds(20)), args(pg));
        assertThat(after.outputs().get("blockedCount")).isEqualTo(0L);
        assertThat(after.outputs().get("rootBlocker")).isEqualTo(0L);
        assertThat(after.summary()).isEqualTo("no blocked sessions");
        assertThat(action("postgres.blocking").execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "expectClear", true))
                .outputs().get("blockedCount")).isEqualTo(0L);
    }

    @Test
    void blocking_reports_chains_with_the_root_first() throws Exception {
        Lock lock = blockingLock();
        Connection third = session("reports");
        int thirdPid = Pg.pid(third);
        third.setAutoCommit(false);
        background.add(CompletableFuture.runAsync(() -> {
            try (Statement st = third.createStatement()) {
                st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            } catch (SQLException e) {
                // ends with the test
            }
        }));
        Pg.waitUntil("the third session blocks", () -> {
            try {
                Result r = action("postgres.blocking").execute(TestContext.of(Duration.ofSeconds(20)), args(pg));
                return ((Long) r.outputs().get("blockedCount")) == 2L;
            } catch (ActionException e) {
                throw new IllegalStateException(e);
            }
        });
        Result r = action("postgres.blocking").execute(TestContext.of(Duration.ofSeconds(20)), args(pg));
        assertThat(r.outputs().get("rootBlocker")).isEqualTo((long) lock.holderPid());
        assertThat(r.outputs().get("rootBlockers")).isEqualTo(List.of((long) lock.holderPid()));
        Map<?, ?> root = (Map<?, ?>) ((List<?>) r.outputs().get("blockers")).get(0);
        assertThat(root.get("pid")).isEqualTo((long) lock.holderPid());
        assertThat(root.get("blocksTotal")).isEqualTo(2L);
        assertThat(thirdPid).isPositive();

        Result filtered = action("postgres.blocking").execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "minWait", "1h"));
        assertThat(filtered.outputs().get("blockedCount")).isEqualTo(0L);
        assertThat(filtered.outputs().get("blockerCount")).isEqualTo(0L);
    }

    @Test
    void cancel_stops_a_running_query_and_keeps_the_session() throws Exception {
        Connection busy = session("etl");
        int pid = Pg.pid(busy);
        CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> {
            try (Statement st = busy.createStatement()) {
                st.execute("SELECT pg_sleep(30)");
                return "finished";
            } catch (SQLException e) {
                return e.getSQLState();
            }
        });
        background.add(outcome);
        Pg.waitUntil("the query runs", () -> running(pid));

        Plan plan = action("postgres.cancel").plan(TestContext.of(Duration.ofSeconds(20)), args(pg, "pid", (long) pid));
        assertThat(plan.before()).containsEntry("state", "active").containsEntry("application", "etl");
        assertThat(plan.summary()).startsWith("cancel the query of backend " + pid).contains("pg_sleep(30)");

        Result r = action("postgres.cancel").execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "pid", String.valueOf(pid)));
        assertThat(r.outputs()).containsEntry("signalled", true).containsEntry("pid", (long) pid);
        assertThat(outcome.get()).isEqualTo("57014");
        assertThat(Pg.alive(pg, pid)).isTrue();
    }

    @Test
    void long_running_lists_queries_and_open_transactions_over_the_threshold() throws Exception {
        Connection busy = session("etl");
        int busyPid = Pg.pid(busy);
        background.add(CompletableFuture.runAsync(() -> {
            try (Statement st = busy.createStatement()) {
                st.execute("SELECT pg_sleep(30)");
            } catch (SQLException e) {
                // cancelled below
            }
        }));
        Connection idle = session("leaky-pool");
        idle.setAutoCommit(false);
        try (Statement st = idle.createStatement()) {
            st.execute("SELECT 1");
        }
        int idlePid = Pg.pid(idle);
        Pg.waitUntil("the query runs", () -> running(busyPid));
        Thread.sleep(1100);

        Result r = action("postgres.long-running").execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "threshold", "1s"));
        List<?> queries = (List<?>) r.outputs().get("queries");
        assertThat(pids(queries)).contains((long) busyPid, (long) idlePid);
        Map<?, ?> busyRow = queries.stream().map(q -> (Map<?, ?>) q).filter(q -> q.get("pid").equals((long) busyPid)).findFirst().orElseThrow();
        assertThat(busyRow.get("state")).isEqualTo("active");
        assertThat((Double) busyRow.get("seconds")).isGreaterThanOrEqualTo(1.0);
        assertThat(r.outputs().get("longestSeconds")).isInstanceOf(Double.class);

        Result activeOnly = action("postgres.long-running").execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "threshold", "1s", "includeIdleInTransaction", false));
        assertThat(pids((List<?>) activeOnly.outputs().get("queries"))).contains((long) busyPid).doesNotContain((long) idlePid);

        Result none = action("postgres.long-running").execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "threshold", "1h"));
        assertThat(none.outputs()).containsEntry("count", 0L).containsEntry("longestPid", 0L);
        assertThat(none.summary()).isEqualTo("nothing running longer than 1h");
        action("postgres.cancel").execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "pid", (long) busyPid));
    }

    @Test
    void connections_counts_by_state_and_application_against_max_connections() throws Exception {
        for (int i = 0; i < 3; i++) session("checkout-api");
        Connection leaky = session("checkout-api");
        leaky.setAutoCommit(false);
        try (Statement st = leaky.createStatement()) {
            st.execute("SELECT 1");
        }
        session("admin-console");

        Result r = action("postgres.connections").execute(TestContext.of(Duration.ofSeconds(20)), args(pg));
        Map<String, Object> out = r.outputs();
        long max = (Long) out.get("maxConnections");
        long reserved = (Long) out.get("reserved");
        long total = (Long) out.get("total");
        assertThat(max).isPositive();
        assertThat(total).isGreaterThanOrEqualTo(5L);
        assertThat(out.get("available")).isEqualTo(max - reserved - total);
        assertThat((Double) out.get("utilisation")).isCloseTo(100.0 * total / (max - reserved), org.assertj.core.data.Offset.offset(0.06));
        assertThat(out.get("idleInTransaction")).isEqualTo(1L);
        assertThat(((Map<?, ?>) out.get("byState")).get("idle in transaction")).isEqualTo(1L);
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) ((List<?>) out.get("byApplication")).get(0);
        assertThat(top).containsEntry("application", "checkout-api").containsEntry("total", 4L)
                .containsEntry("idle", 3L).containsEntry("idleInTransaction", 1L);
        assertThat(r.summary()).contains("connections in use").contains("most from checkout-api");

        ActionException over = failure(() -> action("postgres.connections").execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "maxUtilisation", 0.5)));
        assertThat(over.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
        assertThat(over.getMessage()).startsWith("connection utilisation is ").contains("above 0.5%");
        // a backend of the previous call may still be listed while it exits (seen under load): at least the five sessions
        assertThat((Long) action("postgres.connections").execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "maxUtilisation", 100L))
                .outputs().get("total")).isGreaterThanOrEqualTo(5L);
    }

    @Test
    void signal_actions_refuse_missing_zero_and_own_pids() throws Exception {
        for (String name : List.of("postgres.cancel", "postgres.terminate")) {
            ActionException missing = failure(() -> action(name).plan(TestContext.of(Duration.ofSeconds(20)), args(pg, "pid", 999_999L)));
            assertThat(missing.getMessage()).contains("no backend with pid 999999").contains("nothing was signalled");
            ActionException zero = failure(() -> action(name).execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "pid", 0L)));
            assertThat(zero.getMessage()).contains("must be a backend process id, got 0");
            assertThat(zero.hint()).contains("rootBlocker 0");
        }
        Connection c = session("probe");
        int pid = Pg.pid(c);
        Session s = Session.open(TestContext.of(Duration.ofSeconds(20)), args(pg), "postgres.terminate");
        try (s) {
            assertThat(s.pid()).isNotEqualTo(pid);
        }
    }

    private static List<Object> pids(List<?> rows) {
        return rows.stream().map(q -> ((Map<?, ?>) q).get("pid")).map(Object.class::cast).toList();
    }

    private static boolean running(int pid) {
        try (Connection c = Pg.connect(pg, "probe"); var st = c.prepareStatement(
                "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND state = 'active' AND query LIKE '%pg_sleep%'")) {
            st.setInt(1, pid);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
