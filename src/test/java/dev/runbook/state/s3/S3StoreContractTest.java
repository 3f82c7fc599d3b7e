package dev.runbook.state.s3;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.ObjectStoreContract;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance suite against Adobe S3Mock 4.11.0 in this JVM (Apache-2.0; 4.0.0 ignored If-None-Match), reached
 * through {@link SerialS3}, which hands S3Mock one request at a time as Amazon S3 orders racing conditional writes (S3Mock
 * alone lets several racing If-None-Match PUTs win); each "machine" with its own S3 client. Lists use pages of 7 keys, so paging is crossed many times cheaply (1,001 keys
 * against S3's own 1,000-key page took 36 s on S3Mock here, too slow for every build); S3StoreWireTest checks that
 * continuation tokens are followed on the wire.
 */
class S3StoreContractTest extends ObjectStoreContract {
    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("team-state").build();

    static SerialS3 serial;

    @org.junit.jupiter.api.BeforeAll
    static void serial() {
        serial = SerialS3.inFrontOf(S3.getHttpPort());
    }

    @org.junit.jupiter.api.AfterAll
    static void stopSerial() {
        if (serial != null) serial.close();
    }

    static Map<String, String> env() {
        return Map.of("AWS_ENDPOINT_URL_S3", serial.endpoint(), "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test-key-id", "AWS_SECRET_ACCESS_KEY", "test-secret");
    }

    @Override
    protected ObjectStore open() {
        return new S3Store(S3StoreFactory.client(env()), "team-state", "oncall/", 7);
    }

    @Override
    protected boolean versionsNameContent() {
        return true;
    }

    /** Through the factory, as the CLI opens it: the URL's prefix and the environment's endpoint. */
    @org.junit.jupiter.api.Test
    void the_factory_opens_the_url_with_the_endpoint_from_the_environment() {
        try (ObjectStore s = new S3StoreFactory().open(URI.create("s3://team-state/oncall"), env())) {
            org.assertj.core.api.Assertions.assertThat(s.describe()).isEqualTo("s3://team-state/oncall/");
            String v = s.createIfAbsent(ns + "via-factory", new byte[] {1}).orElseThrow();
            org.assertj.core.api.Assertions.assertThat(store.get(ns + "via-factory").orElseThrow().version()).isEqualTo(v);
        }
    }
}
