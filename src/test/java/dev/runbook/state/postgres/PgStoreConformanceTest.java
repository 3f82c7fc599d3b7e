package dev.runbook.state.postgres;

import dev.runbook.state.ObjectStore;
import dev.runbook.state.StoreConformance;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** state-core's StoreConformance against PostgreSQL: each test starts from empty tables. */
class PgStoreConformanceTest extends StoreConformance {
    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    @Override
    protected ObjectStore newStore() throws Exception {
        ObjectStore s = new PgStoreFactory().open(URI.create("postgres://postgres@127.0.0.1:" + pg.getPort() + "/postgres"), Map.of());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres");
             Statement st = c.createStatement()) {
            st.execute("DELETE FROM runbook_state");
        }
        return s;
    }
}
