package dev.runbook.state.postgres;

import dev.runbook.state.ObjectStore;
import dev.runbook.state.ObjectStoreContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite against a real PostgreSQL 16 (embedded), each "machine" on its own connection. */
class PgStoreContractTest extends ObjectStoreContract {
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
    protected ObjectStore open() {
        return new PgStoreFactory().open(URI.create("postgres://postgres@127.0.0.1:" + pg.getPort() + "/postgres"),
                Map.of("HOME", "/nonexistent"));
    }

    @Override
    protected int manyKeys() {
        return 1100; // more than the driver's fetch size
    }
}
