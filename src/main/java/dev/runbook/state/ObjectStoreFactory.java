package dev.runbook.state;

import java.net.URI;
import java.util.Map;

/**
 * Opens one kind of team store. Implementations live in sub-packages that import their SDK
 * ({@code dev.runbook.state.s3.S3StoreFactory}, {@code dev.runbook.state.azblob.BlobStoreFactory},
 * {@code dev.runbook.state.postgres.PgStoreFactory}), are packaged in the matching provider folder
 * (aws, azure, postgres) and are only ever loaded by class name through
 * {@link dev.runbook.action.ProviderLoader#forProvider}, so {@code --help}, {@code validate}, {@code list}
 * and {@code show} never load them.
 */
public interface ObjectStoreFactory {

    /**
     * Opens the store named by {@code url} ({@code s3://bucket/prefix}, {@code azblob://account/container/prefix},
     * {@code postgres://user@host:port/db}); {@code env} is the process environment (credentials, endpoints).
     * Throws {@link StoreException} (kind CONFIG, DENIED, MISSING or UNAVAILABLE) with a message that says what to do.
     */
    ObjectStore open(URI url, Map<String, String> env);
}
