package dev.runbook.e2e;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared-state suite on S3: Adobe S3Mock 4.11.0 in this JVM, a prefix of its own per test. */
class S3StoreE2ETest extends SharedStateE2E {
    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("team-state").build();
    final String prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    protected String stateUrl() {
        return "s3://team-state/" + prefix;
    }

    @Override
    protected Map<String, String> storeEnv() {
        return Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + S3.getHttpPort(), "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test-key-id", "AWS_SECRET_ACCESS_KEY", "test-secret");
    }

    /**
     * Two machines racing for the lease are two racing If-None-Match PUTs of one key, which S3Mock does not serialise
     * (S3StoreContractTest: several of 8 can win). Amazon S3 does; on S3Mock this test would pass or fail by timing.
     */
    @Test
    @Override
    void two_runs_started_at_once_on_two_machines_exactly_one_runs() {
        Assumptions.abort("S3Mock 4.11.0 does not serialise racing conditional PUTs; the lease race is proven on PostgreSQL"
                + " and Azurite (see docs/state.md, 'S3')");
    }
}
