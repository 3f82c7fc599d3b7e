package dev.runbook.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The shared-state suite on PostgreSQL (embedded server on 127.0.0.1, a fresh database per test). */
class PgStoreE2ETest extends SharedStateE2E {
    static EmbeddedPostgres pg;
    static final AtomicInteger DBS = new AtomicInteger();
    String db;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    @BeforeEach
    void database() throws Exception {
        db = "team" + DBS.incrementAndGet();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
    }

    @Override
    protected String stateUrl() {
        return "postgres://postgres@127.0.0.1:" + pg.getPort() + "/" + db;
    }
}
