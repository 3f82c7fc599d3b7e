package dev.runbook.action.postgres.impl;

import static dev.runbook.action.postgres.impl.Pg.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection forms, password sources and failure messages, against a server that demands SCRAM passwords for 'app'. */
class PostgresConnectionTest {
    static final String SECRET = "correct horse battery";
    static EmbeddedPostgres pg;
    static final Action query = Catalogue.standard().action("postgres.query");

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        try (Connection c = Pg.connect(pg, "setup"); var st = c.createStatement()) {
            st.execute("CREATE ROLE app LOGIN PASSWORD '" + SECRET + "'");
            st.execute("CREATE DATABASE appdb OWNER app");
            String hba;
            try (var rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = rs.getString(1);
            }
            Files.writeString(Path.of(hba), "local all all trust\n"
                    + "host all postgres 127.0.0.1/32 trust\n"
                    + "host all all 127.0.0.1/32 scram-sha-256\n"
                    + "host all all ::1/128 scram-sha-256\n");
            st.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    String app() {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/appdb?user=app";
    }

    TestContext ctx(Map<String, String> env) {
        return TestContext.withEnv(Duration.ofSeconds(20), env, tmp);
    }

    static Args args(Object connection, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connection", connection);
        m.put("sql", "SELECT current_user AS who, current_database() AS db");
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Args.of(m);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> first(Result r) {
        return (Map<String, Object>) r.outputs().get("first");
    }

    @Test
    void wrong_password_is_a_permanent_failure_that_says_where_to_look() {
        ActionException e = failure(() -> query.execute(ctx(Map.of()), args(app(), "password", "wrong")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).startsWith("password authentication failed for user app on app@127.0.0.1:" + pg.getPort() + "/appdb")
                .contains("check the secret parameter or PGPASSWORD").contains("password taken from the password argument")
                .doesNotContain("wrong");
        // it checked nothing: the read's result is unknown (not a finding about the database)
        assertThat(e.reach()).contains(ActionException.Reach.SIGN_IN);
    }

    @Test
    void missing_password_says_none_was_given() {
        ActionException e = failure(() -> query.execute(ctx(Map.of()), args(app())));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("asks user app for a password and none was given");
        assertThat(e.hint()).contains("PGPASSWORD");
        assertThat(e.reach()).contains(ActionException.Reach.SIGN_IN);
    }

    @Test
    void password_comes_from_the_argument_then_pgpassword_then_pgpass() throws Exception {
        assertThat(first(query.execute(ctx(Map.of()), args(app(), "password", SECRET)))).containsEntry("who", "app");
        assertThat(first(query.execute(ctx(Map.of("PGPASSWORD", SECRET)), args(app())))).containsEntry("who", "app");
        assertThat(first(query.execute(ctx(Map.of("PGPASSWORD", "stale")), args(app(), "password", SECRET)))).containsEntry("db", "appdb");

        Path pgpass = tmp.resolve("pgpass");
        Files.writeString(pgpass, "# comment\nother:*:*:*:nope\n127.0.0.1:" + pg.getPort() + ":appdb:app:" + SECRET + "\n");
        Map<String, String> env = new HashMap<>();
        env.put("PGPASSFILE", pgpass.toString());
        assertThat(first(query.execute(ctx(env), args(app())))).containsEntry("who", "app");
        env.put("PGPASSFILE", tmp.resolve("absent").toString());
        env.put("HOME", tmp.toString());
        Files.writeString(tmp.resolve(".pgpass"), "*:*:appdb:app:" + SECRET + "\n");
        assertThat(first(query.execute(ctx(Map.of("HOME", tmp.toString())), args(app())))).containsEntry("who", "app");
    }

    @Test
    void accepts_a_mapping_and_a_postgresql_uri() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("host", "127.0.0.1");
        map.put("port", (long) pg.getPort());
        map.put("database", "appdb");
        map.put("user", "app");
        map.put("sslmode", "disable");
        assertThat(first(query.execute(ctx(Map.of()), args(map, "password", SECRET)))).containsEntry("who", "app").containsEntry("db", "appdb");

        String uri = "postgresql://app@127.0.0.1:" + pg.getPort() + "/appdb?sslmode=disable&application_name=oncall";
        Result r = query.execute(ctx(Map.of("PGPASSWORD", SECRET)),
                args(uri, "sql", "SELECT current_setting('application_name') AS app"));
        assertThat(first(r)).containsEntry("app", "oncall");
    }

    @Test
    void rejects_unknown_and_dangerous_properties_and_inline_passwords() {
        Map<String, Object> typo = new LinkedHashMap<>(Map.of("host", "127.0.0.1", "sslmod", "require"));
        ActionException e = failure(() -> query.execute(ctx(Map.of()), args(typo)));
        assertThat(e.getMessage()).contains("connection.sslmod is not a PostgreSQL connection property");
        assertThat(e.hint()).isEqualTo("did you mean 'sslmode'?");

        ActionException factory = failure(() -> query.execute(ctx(Map.of()),
                args(app() + "&socketFactory=com.example.Evil")));
        assertThat(factory.getMessage()).contains("socketFactory").contains("not allowed");

        ActionException inline = failure(() -> query.execute(ctx(Map.of()),
                args(Map.of("host", "127.0.0.1", "password", SECRET))));
        assertThat(inline.getMessage()).contains("connection.password is not accepted").doesNotContain(SECRET);

        ActionException garbage = failure(() -> query.execute(ctx(Map.of()), args("mysql://db:3306/x")));
        assertThat(garbage.getMessage()).contains("not a PostgreSQL address");
    }

    @Test
    void a_closed_port_is_a_transient_connection_failure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ActionException e = failure(() -> query.execute(ctx(Map.of()),
                args("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
        assertThat(e.getMessage()).startsWith("cannot connect to PostgreSQL at postgres@127.0.0.1:" + port + "/postgres");
        assertThat(e.hint()).contains("reachable");
    }

    @Test
    void a_missing_database_is_permanent() {
        ActionException e = failure(() -> query.execute(ctx(Map.of()),
                args("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/nosuchdb?user=postgres")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).isEqualTo("database nosuchdb does not exist on 127.0.0.1:" + pg.getPort());
    }

    @Test
    void an_expired_deadline_is_a_timeout_before_connecting() {
        TestContext late = TestContext.withEnv(Duration.ofMillis(-1), Map.of(), tmp);
        ActionException e = failure(() -> query.execute(late, args(app(), "password", SECRET)));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.TIMEOUT);
    }

    @Test
    void signalling_another_roles_backend_without_privilege_says_which_role_is_needed() throws Exception {
        try (Connection victim = Pg.connect(pg, "victim")) {
            int pid = Pg.pid(victim);
            Action terminate = Catalogue.standard().action("postgres.terminate");
            ActionException e = failure(() -> terminate.execute(ctx(Map.of("PGPASSWORD", SECRET)),
                    Args.of(Map.of("connection", app(), "pid", (long) pid))));
            assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
            assertThat(e.getMessage()).contains("permission denied for app");
            assertThat(e.hint()).contains("pg_signal_backend");
            assertThat(Pg.alive(pg, pid)).isTrue();
        }
    }
}
