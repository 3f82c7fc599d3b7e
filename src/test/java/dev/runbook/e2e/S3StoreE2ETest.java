package dev.runbook.e2e;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.runbook.state.s3.SerialS3;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared-state suite on S3: Adobe S3Mock 4.11.0 in this JVM, reached through {@link SerialS3} (one request at a
 * time, as Amazon S3 decides racing conditional writes; S3Mock alone lets several win), a prefix of its own per test.
 */
class S3StoreE2ETest extends SharedStateE2E {
    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("team-state").build();
    static SerialS3 serial;
    final String prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void serial() {
        serial = SerialS3.inFrontOf(S3.getHttpPort());
    }

    @AfterAll
    static void stopSerial() {
        if (serial != null) serial.close();
    }

    @Override
    protected String stateUrl() {
        return "s3://team-state/" + prefix;
    }

    @Override
    protected Map<String, String> storeEnv() {
        return Map.of("AWS_ENDPOINT_URL_S3", serial.endpoint(), "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test-key-id", "AWS_SECRET_ACCESS_KEY", "test-secret");
    }
}
