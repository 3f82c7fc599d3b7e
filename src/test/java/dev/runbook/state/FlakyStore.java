package dev.runbook.state;

import java.util.List;
import java.util.Optional;

/**
 * A store in front of another that loses answers or is unreachable on demand: {@code loseNext} makes the next
 * conditional write happen and then report {@link StoreException.Kind#UNKNOWN_OUTCOME} (the answer was lost);
 * {@code dropNext} reports UNKNOWN_OUTCOME without writing; {@code down} makes every call UNAVAILABLE.
 */
public final class FlakyStore implements ObjectStore {
    final ObjectStore inner;
    public volatile int loseNext;
    public volatile int dropNext;
    public volatile boolean down;
    volatile int writes;

    public FlakyStore(ObjectStore inner) {
        this.inner = inner;
    }

    private void check() {
        if (down) throw new StoreException(StoreException.Kind.UNAVAILABLE, "the store is down (test)");
    }

    private <T> T write(java.util.function.Supplier<T> w) {
        check();
        writes++;
        if (dropNext > 0) {
            dropNext--;
            throw new StoreException(StoreException.Kind.UNKNOWN_OUTCOME, "answer lost before the write (test)");
        }
        T t = w.get();
        if (loseNext > 0) {
            loseNext--;
            throw new StoreException(StoreException.Kind.UNKNOWN_OUTCOME, "answer lost after the write (test)");
        }
        return t;
    }

    @Override
    public String describe() {
        return "flaky:" + inner.describe();
    }

    @Override
    public Optional<Blob> get(String key) {
        check();
        return inner.get(key);
    }

    @Override
    public Optional<String> createIfAbsent(String key, byte[] bytes) {
        return write(() -> inner.createIfAbsent(key, bytes));
    }

    @Override
    public Optional<String> replaceIfMatch(String key, byte[] bytes, String version) {
        return write(() -> inner.replaceIfMatch(key, bytes, version));
    }

    @Override
    public boolean delete(String key, String version) {
        return write(() -> inner.delete(key, version));
    }

    @Override
    public List<String> list(String prefix) {
        check();
        return inner.list(prefix);
    }

    @Override
    public void close() {
        inner.close();
    }
}
