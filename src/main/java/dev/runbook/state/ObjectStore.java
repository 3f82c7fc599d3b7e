package dev.runbook.state;

import java.util.List;
import java.util.Optional;

/**
 * The few operations a team state store must offer, over keys like {@code runs/<id>/events/0000000001} and
 * {@code locks/<key>.json}. Every write is conditional, so two machines can never both win:
 * {@link #createIfAbsent} is the fencing primitive (a journal append is a create at the next sequence number;
 * a lock is a create of its lease record) and {@link #replaceIfMatch} renews or takes over a lease.
 *
 * <p>Failures are {@link StoreException}s with a {@link StoreException.Kind}; an answer that was lost on the
 * wire ({@link StoreException.Kind#UNKNOWN_OUTCOME}) means the write may or may not have happened, and the
 * caller reads the key back and compares (the self-lock trap).
 */
public interface ObjectStore extends AutoCloseable {

    /** The bytes stored under a key and the opaque version (ETag, row version) that a conditional write names. */
    record Blob(byte[] bytes, String version) {}

    /** How the store is named in messages, without credentials: {@code s3://bucket/prefix}. */
    String describe();

    /** The object under {@code key}, or empty when there is none. */
    Optional<Blob> get(String key);

    /** Creates {@code key} only if it does not exist; returns its version, or empty when it already existed. */
    Optional<String> createIfAbsent(String key, byte[] bytes);

    /**
     * Replaces {@code key} only if its current version is {@code version}; returns the new version, or empty
     * when the key is gone or was changed by someone else.
     */
    Optional<String> replaceIfMatch(String key, byte[] bytes, String version);

    /** Deletes {@code key} if its version is {@code version} (any version when null); false when it did not. */
    boolean delete(String key, String version);

    /** Every key that starts with {@code prefix}, sorted. */
    List<String> list(String prefix);

    @Override
    void close();
}
