package dev.runbook.action.postgres.impl;

import static dev.runbook.action.postgres.impl.Pg.args;
import static dev.runbook.action.postgres.impl.Pg.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresQueryTest {
    static EmbeddedPostgres pg;
    static final Action query = Catalogue.standard().action("postgres.query");

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        try (Connection c = Pg.connect(pg, "setup"); var st = c.createStatement()) {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance numeric(12,2), tags text[],"
                    + " meta jsonb, opened timestamptz, day date)");
            st.execute("INSERT INTO accounts SELECT g, 'owner-' || g, g * 10.5, ARRAY['a', 'b'], '{\"tier\": \"gold\", \"n\": 2}',"
                    + " '2024-01-02 03:04:05+00', '2024-01-02' FROM generate_series(1, 250) g");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void returns_rows_as_plain_values() throws Exception {
        Result r = query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "SELECT id, owner, balance, tags, meta, opened, day, id::bigint * 2 AS twice, 0.25::float8 AS q,"
                        + " NULL AS nothing FROM accounts WHERE id = ?", "params", List.of(3L)));
        assertThat(r.outputs().get("rowCount")).isEqualTo(1L);
        assertThat(r.outputs().get("columns")).isEqualTo(List.of("id", "owner", "balance", "tags", "meta", "opened", "day", "twice", "q", "nothing"));
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) r.outputs().get("first");
        assertThat(row).containsEntry("id", 3L).containsEntry("owner", "owner-3").containsEntry("balance", 31.5)
                .containsEntry("tags", List.of("a", "b")).containsEntry("meta", Map.of("tier", "gold", "n", 2L))
                .containsEntry("opened", "2024-01-02T03:04:05Z").containsEntry("day", "2024-01-02")
                .containsEntry("twice", 6L).containsEntry("q", 0.25).containsEntry("nothing", null);
        assertThat(r.summary()).isEqualTo("1 row");
    }

    @Test
    void string_params_are_typed_by_the_server() throws Exception {
        Result r = query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "SELECT count(*) AS n FROM accounts WHERE id <= ?", "params", List.of("10")));
        assertThat(((Map<?, ?>) r.outputs().get("first")).get("n")).isEqualTo(10L);
    }

    @Test
    void runbook_durations_bind_as_intervals() throws Exception {
        // db-connection-pool-exhausted passes a duration parameter straight to ?::interval
        Result r = query.execute(TestContext.of(Duration.ofSeconds(20)), args(pg,
                "sql", "SELECT extract(epoch FROM ?::interval)::int AS a, extract(epoch FROM ?::interval)::int AS b,"
                        + " extract(epoch FROM ?::interval)::int AS c, extract(epoch FROM ?::interval)::float8 AS d",
                "params", List.of("5m", "1h30m", "2d", "500ms")));
        assertThat(first(r)).containsEntry("a", 300L).containsEntry("b", 5400L).containsEntry("c", 172800L).containsEntry("d", 0.5);
    }

    @Test
    void bounds_rows_and_says_so() throws Exception {
        Result r = query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "SELECT id FROM accounts ORDER BY id", "maxRows", 7L));
        assertThat(r.outputs().get("rowCount")).isEqualTo(7L);
        assertThat((List<?>) r.outputs().get("rows")).hasSize(7);
        assertThat(r.outputs().get("truncated")).isEqualTo(true);
        assertThat(r.summary()).contains("more exist");

        Result all = query.execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "sql", "SELECT id FROM accounts"));
        assertThat(all.outputs().get("rowCount")).isEqualTo(100L);
        assertThat(all.outputs().get("truncated")).isEqualTo(true);

        Result exact = query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "SELECT id FROM accounts WHERE id <= 5", "maxRows", 5L));
        assertThat(exact.outputs().get("truncated")).isEqualTo(false);
    }

    @Test
    void duplicate_column_names_keep_every_value() throws Exception {
        Result r = query.execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "sql", "SELECT 1 AS n, 2 AS n"));
        assertThat(first(r)).containsEntry("n", 1L).containsEntry("n_2", 2L);
    }

    @Test
    void refuses_writes_with_a_clear_message() throws Exception {
        ActionException e = failure(() -> query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "UPDATE accounts SET balance = 0 WHERE id = 1")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).startsWith("postgres.query is read-only; use").contains("cannot execute UPDATE in a read-only transaction");

        ActionException create = failure(() -> query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "CREATE TABLE sneaky (x int)")));
        assertThat(create.getMessage()).startsWith("postgres.query is read-only");

        Result r = query.execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "sql", "SELECT balance FROM accounts WHERE id = 1"));
        assertThat(((Map<?, ?>) r.outputs().get("first")).get("balance")).isEqualTo(10.5);
    }

    @Test
    void refuses_a_second_statement_that_could_escape_the_read_only_transaction() throws Exception {
        ActionException e = failure(() -> query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "COMMIT; DELETE FROM accounts")));
        assertThat(e.getMessage()).contains("runs one statement").contains("character 7");
        Result r = query.execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "sql", "SELECT count(*) AS n FROM accounts"));
        assertThat(((Map<?, ?>) r.outputs().get("first")).get("n")).isEqualTo(250L);
    }

    @Test
    void a_trailing_semicolon_and_quoted_semicolons_are_one_statement() throws Exception {
        Result r = query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "SELECT 'a;b' AS s, $x$;$x$ AS d /* ; */ -- ;\n;  "));
        assertThat(first(r)).containsEntry("s", "a;b").containsEntry("d", ";");
    }

    @Test
    void step_timeout_cancels_the_statement_on_the_server() throws Exception {
        long start = System.nanoTime();
        ActionException e = failure(() -> query.execute(TestContext.of(Duration.ofMillis(1500)),
                args(pg, "sql", "SELECT pg_sleep(10)")));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.kind()).isEqualTo(ActionException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("timed out after 1s500ms");
        assertThat(ms).isLessThan(5000);
        assertThat(sleepers()).isZero();
    }

    @Test
    void cancellation_cancels_the_statement_on_the_server() throws Exception {
        TestContext ctx = TestContext.of(Duration.ofSeconds(30));
        CompletableFuture<ActionException> run = CompletableFuture.supplyAsync(
                () -> failure(() -> query.execute(ctx, args(pg, "sql", "SELECT pg_sleep(10)"))));
        Pg.waitUntil("the query is running", () -> sleepersUnchecked() == 1);
        long start = System.nanoTime();
        ctx.cancellation.cancel();
        ActionException e = run.get();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        assertThat(e.kind()).isEqualTo(ActionException.Kind.CANCELLED);
        assertThat(sleepers()).isZero();
    }

    @Test
    void invalid_sql_is_a_permanent_failure_naming_the_error() {
        ActionException e = failure(() -> query.execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "sql", "SELEC 1")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("not valid").contains("syntax error at or near \"SELEC\"");
    }

    @Test
    void rejects_bad_max_rows_and_unbindable_params() {
        assertThat(failure(() -> query.execute(TestContext.of(Duration.ofSeconds(20)), args(pg, "sql", "SELECT 1", "maxRows", 0L)))
                .getMessage()).contains("'maxRows' must be between 1 and 10000");
        assertThat(failure(() -> query.execute(TestContext.of(Duration.ofSeconds(20)),
                args(pg, "sql", "SELECT ?", "params", List.of(List.of(1L))))).getMessage()).contains("params[0] is a list");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Result r) {
        return (Map<String, Object>) r.outputs().get("first");
    }

    private static long sleepers() throws Exception {
        try (Connection c = Pg.connect(pg, "probe"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(10)' AND state = 'active'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long sleepersUnchecked() {
        try {
            return sleepers();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
