package dev.runbook.state.azblob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.state.ObjectStore;
import dev.runbook.state.ObjectStoreContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conformance suite against Azurite, each "machine" with its own client. */
class BlobStoreContractTest extends ObjectStoreContract {
    static Azurite azurite;

    @BeforeAll
    static void start() throws Exception {
        azurite = Azurite.startOrSkip();
        BlobStoreFactory.container(Azurite.ACCOUNT, "team-state", azurite.env()).create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (azurite != null) azurite.close();
    }

    @Override
    protected ObjectStore open() {
        return new BlobStore(BlobStoreFactory.container(Azurite.ACCOUNT, "team-state", azurite.env()), Azurite.ACCOUNT, "team-state",
                "oncall/", 7);
    }

    @Test
    void the_factory_opens_the_url_with_the_connection_string_from_the_environment() {
        try (ObjectStore s = new BlobStoreFactory().open(URI.create("azblob://" + Azurite.ACCOUNT + "/team-state/oncall"), azurite.env())) {
            assertThat(s.describe()).isEqualTo("azblob://devstoreaccount1/team-state/oncall/").doesNotContain(Azurite.KEY);
            String v = s.createIfAbsent(ns + "via-factory", new byte[] {1}).orElseThrow();
            assertThat(store.get(ns + "via-factory").orElseThrow().version()).isEqualTo(v);
        }
    }
}
