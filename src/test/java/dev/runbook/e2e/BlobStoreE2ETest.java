package dev.runbook.e2e;

import dev.runbook.state.azblob.Azurite;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared-state suite on Azure Blob: Azurite on 127.0.0.1, a prefix of its own per test. */
class BlobStoreE2ETest extends SharedStateE2E {
    static Azurite azurite;
    final String prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        azurite = Azurite.startOrSkip();
        azurite.createContainer("team-state");
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
