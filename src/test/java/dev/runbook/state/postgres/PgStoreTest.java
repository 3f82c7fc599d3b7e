package dev.runbook.state.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runbook.state.CuttingProxy;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.StoreException;
import dev.runbook.state.StoreException.Kind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postgres:// store's own promises on a real server: where the password comes from (never the URL), what each
 * failure is called, the team setup of docs/state.md (tables made by the owner, responders with DML rights only),
 * first use by several machines at once, a connection the server ended, and an answer lost on the wire.
 */
class PgStoreTest {
    static EmbeddedPostgres pg;
    static final String PASSWORD = "pw-" + java.util.UUID.randomUUID();
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE alice LOGIN PASSWORD '" + PASSWORD + "'");
            st.execute("CREATE ROLE mallory LOGIN PASSWORD '" + PASSWORD + "'");
            String hba;
            try (var rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = rs.getString(1);
            }
            Files.writeString(Path.of(hba), "host all alice 127.0.0.1/32 scram-sha-256\nhost all mallory 127.0.0.1/32 scram-sha-256\n"
                    + "host all all 127.0.0.1/32 trust\nlocal all all trust\n");
            st.execute("SELECT pg_reload_conf()");
        }
        // the tables of the database 'postgres', made on first use by the superuser, granted to alice
        new PgStoreFactory().open(URI.create("postgres://postgres@127.0.0.1:" + pg.getPort() + "/postgres"), Map.of()).close();
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("GRANT SELECT ON runbook_state_schema TO alice");
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON runbook_state TO alice");
            st.execute("GRANT USAGE ON SEQUENCE runbook_state_version TO alice");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    static Connection superuser(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + db + "?user=postgres");
    }

    static String freshDatabase() throws SQLException {
        String db = "s" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = superuser("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        return db;
    }

    URI url(String userAndDb) {
        return URI.create("postgres://" + userAndDb.replace("@", "@127.0.0.1:" + pg.getPort() + "/"));
    }

    Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
        return env;
    }

    static StoreException failure(Runnable r) {
        StoreException e = catchThrowableOfType(StoreException.class, r::run);
        assertThat(e).as("a StoreException").isNotNull();
        return e;
    }

    @Test
    void a_password_in_the_url_is_refused_without_repeating_it() {
        StoreException e = failure(() -> new PgStoreFactory().open(
                URI.create("postgres://alice:hunter2@127.0.0.1:" + pg.getPort() + "/postgres"), env()));
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("holds a password", "PGPASSWORD", "~/.pgpass").doesNotContain("hunter2");

        StoreException q = failure(() -> new PgStoreFactory().open(
                URI.create("postgres://alice@127.0.0.1:" + pg.getPort() + "/postgres?password=hunter2"), env()));
        assertThat(q.kind()).isEqualTo(Kind.CONFIG);
        assertThat(q.getMessage()).contains("password").doesNotContain("hunter2");
    }

    @Test
    void urls_that_are_not_state_urls_say_what_is_expected() {
        assertThat(failure(() -> new PgStoreFactory().open(URI.create("postgres:///postgres"), env())).getMessage())
                .contains("names no host", "postgres://USER@HOST:5432/DATABASE");
        StoreException e = failure(() -> new PgStoreFactory().open(url("alice@postgres?sslmod=require"), env("PGPASSWORD", PASSWORD)));
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("'sslmod'", "sslmode");
        assertThat(failure(() -> new PgStoreFactory().open(url("alice@postgres/extra"), env())).getMessage()).contains("a path after");
    }

    @Test
    void the_password_comes_from_pgpassword() {
        try (ObjectStore s = new PgStoreFactory().open(url("alice@postgres"), env("PGPASSWORD", PASSWORD))) {
            assertThat(s.describe()).isEqualTo("postgres://alice@127.0.0.1:" + pg.getPort() + "/postgres").doesNotContain(PASSWORD);
            assertThat(s.get("x")).isEmpty();
        }
    }

    @Test
    void the_password_comes_from_the_pgpass_file() throws Exception {
        Path pgpass = tmp.resolve(".pgpass");
        Files.writeString(pgpass, "# team\nother:*:*:*:nope\n127.0.0.1:" + pg.getPort() + ":postgres:alice:" + PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        try (ObjectStore s = new PgStoreFactory().open(url("alice@postgres"), env())) {
            assertThat(s.get("x")).isEmpty();
        }
        Path elsewhere = tmp.resolve("elsewhere");
        Files.move(pgpass, elsewhere);
        try (ObjectStore s = new PgStoreFactory().open(url("alice@postgres"), env("PGPASSFILE", elsewhere.toString()))) {
            assertThat(s.get("x")).isEmpty();
        }
    }

    @Test
    void a_wrong_or_missing_password_is_denied_and_says_where_a_password_comes_from() {
        StoreException wrong = failure(() -> new PgStoreFactory().open(url("alice@postgres"), env("PGPASSWORD", "wrong-one")));
        assertThat(wrong.kind()).isEqualTo(Kind.DENIED);
        assertThat(wrong.getMessage()).contains("alice", "PGPASSWORD").doesNotContain("wrong-one");

        StoreException none = failure(() -> new PgStoreFactory().open(url("alice@postgres"), env()));
        assertThat(none.kind()).isEqualTo(Kind.DENIED);
        assertThat(none.getMessage()).contains("set PGPASSWORD or add a line 127.0.0.1:" + pg.getPort() + ":postgres:alice:PASSWORD to ~/.pgpass");
    }

    @Test
    void a_missing_database_is_missing_and_a_dead_port_is_unavailable() throws Exception {
        StoreException missing = failure(() -> new PgStoreFactory().open(url("postgres@no_such_db"), env()));
        assertThat(missing.kind()).isEqualTo(Kind.MISSING);
        assertThat(missing.getMessage()).contains("no_such_db", "does not exist");

        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        StoreException down = failure(() -> new PgStoreFactory().open(URI.create("postgres://postgres@127.0.0.1:" + dead + "/postgres"), env()));
        assertThat(down.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(down.getMessage()).contains("127.0.0.1:" + dead, "cannot reach");
    }

    /** docs/state.md's team setup, run as written: the owner makes the tables, a responder has DML rights only. */
    @Test
    void the_team_setup_from_the_docs_works_for_a_responder_who_may_not_create_tables() throws Exception {
        String db = freshDatabase();
        // before the setup: a responder may not create the tables, and is told what to do
        StoreException denied = failure(() -> new PgStoreFactory().open(url("alice@" + db), env("PGPASSWORD", PASSWORD)));
        assertThat(denied.kind()).isEqualTo(Kind.DENIED);
        assertThat(denied.getMessage()).contains("may not create the state tables", "docs/state.md");

        String sql = docsBlock("pg-team-setup");
        try (Connection c = superuser(db); Statement st = c.createStatement()) {
            st.execute(sql);
            st.execute("GRANT oncall TO alice");
        }
        try (ObjectStore s = new PgStoreFactory().open(url("alice@" + db), env("PGPASSWORD", PASSWORD))) {
            String v = s.createIfAbsent("locks/a.json", "lease".getBytes(UTF_8)).orElseThrow();
            assertThat(s.replaceIfMatch("locks/a.json", "renewed".getBytes(UTF_8), v)).isPresent();
            assertThat(s.list("locks/")).containsExactly("locks/a.json");
        }
        // a login outside the team role can connect but not read the state, and is told which grants are missing
        StoreException e = failure(() -> {
            try (ObjectStore s = new PgStoreFactory().open(url("mallory@" + db), env("PGPASSWORD", PASSWORD))) {
                s.get("locks/a.json");
            }
        });
        assertThat(e.kind()).isEqualTo(Kind.DENIED);
        assertThat(e.getMessage()).contains("permission denied", "grant user mallory");
    }

    @Test
    void tables_made_by_a_newer_runbook_are_refused() throws Exception {
        String db = freshDatabase();
        new PgStoreFactory().open(url("postgres@" + db), env()).close();
        try (Connection c = superuser(db); Statement st = c.createStatement()) {
            st.execute("UPDATE runbook_state_schema SET version = 2");
        }
        StoreException e = failure(() -> new PgStoreFactory().open(url("postgres@" + db), env()));
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("schema 2", "newer runbook", "upgrade");
    }

    @Test
    void eight_machines_using_a_fresh_database_for_the_first_time_at_once_all_succeed() throws Exception {
        String db = freshDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<ObjectStore> stores = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ObjectStore>> f = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                f.add(pool.submit(() -> {
                    go.await();
                    return new PgStoreFactory().open(url("postgres@" + db), env());
                }));
            }
            go.countDown();
            for (Future<ObjectStore> x : f) stores.add(x.get());
            int wins = 0;
            for (ObjectStore s : stores) if (s.createIfAbsent("k", new byte[] {1}).isPresent()) wins++;
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            for (ObjectStore s : stores) s.close();
        }
        try (Connection c = superuser(db); Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM runbook_state_schema")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void a_connection_the_server_ended_is_replaced_and_the_write_happens_once() throws Exception {
        String db = freshDatabase();
        try (ObjectStore s = new PgStoreFactory().open(url("postgres@" + db), env())) {
            s.createIfAbsent("first", new byte[] {1}).orElseThrow();
            try (Connection c = superuser(db); Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'runbook state' AND datname = '" + db + "'");
            }
            assertThat(s.createIfAbsent("second", new byte[] {2})).isPresent();
            assertThat(s.list("")).containsExactly("first", "second");
        }
    }

    /** The self-lock trap's cause: the INSERT ran, its answer never came back. The store must not guess. */
    @Test
    void an_answer_lost_after_a_write_was_sent_is_unknown_outcome_and_the_next_call_reconnects() throws Exception {
        String db = freshDatabase();
        try (CuttingProxy proxy = new CuttingProxy(pg.getPort());
             ObjectStore s = new PgStoreFactory().open(URI.create("postgres://postgres@127.0.0.1:" + proxy.port() + "/" + db), env())) {
            s.createIfAbsent("before", new byte[] {1}).orElseThrow();
            proxy.cutNextAnswer();
            StoreException e = failure(() -> s.createIfAbsent("locks/a.json", "mine".getBytes(UTF_8)));
            assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
            assertThat(e.getMessage()).contains("locks/a.json", "may or may not have happened");
            // it did happen: reading back is how the caller finds out (state-core compares the lease's id)
            assertThat(new String(s.get("locks/a.json").orElseThrow().bytes(), UTF_8)).isEqualTo("mine");
            assertThat(s.createIfAbsent("locks/a.json", "retry".getBytes(UTF_8))).isEmpty();
        }
    }

    /** The SQL block after the marker in docs/state.md, so the docs cannot drift from what is tested. */
    static String docsBlock(String marker) throws IOException {
        String md = Files.readString(Path.of("docs/state.md"));
        Matcher m = Pattern.compile("<!-- " + Pattern.quote(marker) + " -->\\s*```sql\\n(.*?)```", Pattern.DOTALL).matcher(md);
        assertThat(m.find()).as("docs/state.md has a ```sql block after <!-- %s -->", marker).isTrue();
        return m.group(1);
    }
}
