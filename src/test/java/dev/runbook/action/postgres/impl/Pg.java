package dev.runbook.action.postgres.impl;

import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers shared by the tests that run against a real embedded PostgreSQL. */
final class Pg {
    private Pg() {}

    static String url(EmbeddedPostgres pg) {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres";
    }

    static Connection connect(EmbeddedPostgres pg, String application) throws SQLException {
        return DriverManager.getConnection(url(pg) + "&ApplicationName=" + application);
    }

    static Args args(EmbeddedPostgres pg, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connection", url(pg));
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Args.of(m);
    }

    static int pid(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static boolean alive(EmbeddedPostgres pg, int pid) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(pg));
             var st = c.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
            st.setInt(1, pid);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void waitUntil(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(50);
        }
    }

    interface Call<T> {
        T call() throws ActionException;
    }

    static ActionException failure(Call<?> call) {
        try {
            call.call();
        } catch (ActionException e) {
            return e;
        }
        throw new AssertionError("expected an ActionException");
    }
}
