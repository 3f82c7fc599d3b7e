package dev.runbook.state.azblob;

import dev.runbook.e2e.SharedStateE2E;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared-state suite through the CLI against Azurite (skipped loudly where Node is absent). */
class BlobStoreE2ETest extends SharedStateE2E {
    static Azurite azurite;
    private final String prefix = "e2e-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        azurite = Azurite.startOrSkip();
        BlobStoreFactory.container(Azurite.ACCOUNT, "team-state", azurite.env()).createIfNotExists();
    }

    @AfterAll
    static void stop() throws Exception {
        if (azurite != null) azurite.close();
    }

    @Override
    protected String stateUrl() {
        return "azblob://" + Azurite.ACCOUNT + "/team-state/" + prefix;
    }

    @Override
    protected Map<String, String> storeEnv() {
        return azurite.env();
    }
}
