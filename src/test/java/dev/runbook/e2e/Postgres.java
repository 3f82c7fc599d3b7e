package dev.runbook.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A real PostgreSQL for end-to-end runs, set up the way production is: the runbook connects as {@code ops}
 * (pg_signal_backend, pg_read_all_stats) with a password that the server checks (scram-sha-256), while the
 * application's sessions run as the unprivileged {@code app}. The test itself connects as the superuser.
 */
final class Postgres implements AutoCloseable {
    final EmbeddedPostgres pg;
    final String opsPassword = "ops-" + UUID.randomUUID();
    private final List<Connection> opened = new ArrayList<>();

    private Postgres(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    static Postgres start(Map<String, String> serverConfig) throws IOException, SQLException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
        serverConfig.forEach(b::setServerConfig);
        Postgres p = new Postgres(b.start());
        try (Connection c = p.superuser(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE ops LOGIN PASSWORD '" + p.opsPassword + "'");
            st.execute("GRANT pg_signal_backend, pg_read_all_stats TO ops");
            st.execute("CREATE ROLE app LOGIN");
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, status text)");
            st.execute("INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 10) g");
            st.execute("GRANT SELECT, UPDATE ON orders TO app");
            String hba;
            try (var rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = rs.getString(1);
            }
            // ops must prove its password; everyone else is trusted, as in the embedded server's default
            Files.writeString(Path.of(hba), "host all ops 127.0.0.1/32 scram-sha-256\n"
                    + "host all all 127.0.0.1/32 trust\nlocal all all trust\n");
            st.execute("SELECT pg_reload_conf()");
        }
        return p;
    }

    /** The connection parameter a runbook gets: no password in it. */
    String opsUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=ops";
    }

    Connection superuser() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres");
    }

    /** An application session, closed by {@link #closeSessions()}. */
    Connection app(String applicationName) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort()
                + "/postgres?user=app&ApplicationName=" + applicationName);
        synchronized (opened) {
            opened.add(c);
        }
        return c;
    }

    static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    boolean alive(int pid) {
        return query("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) > 0;
    }

    boolean blocked(int pid) {
        return query("SELECT cardinality(pg_blocking_pids(" + pid + "))") > 0;
    }

    long query(String sql) {
        try (Connection c = superuser(); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    static void waitUntil(String what, BooleanSupplier cond) throws InterruptedException {
        long until = System.nanoTime() + 15_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(50);
        }
    }

    /** Closes every application session (terminated ones are already gone) and waits until the server agrees. */
    void closeSessions() throws InterruptedException {
        synchronized (opened) {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // a terminated session cannot be closed cleanly; it is gone either way
                }
            }
            opened.clear();
        }
        waitUntil("no application session is left", () -> query("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'") == 0);
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
