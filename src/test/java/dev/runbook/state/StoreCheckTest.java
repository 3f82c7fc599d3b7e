package dev.runbook.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreCheckTest {
    @Test
    void a_safe_store_passes_and_leaves_nothing_behind() {
        MemoryStore store = new MemoryStore("memory:");
        StoreCheck.Report r = new StoreCheck(store, Clock.systemUTC()).run(10);
        assertThat(r.safe()).as(r.findings().toString()).isTrue();
        assertThat(r.acquireMs()).isNotNaN();
        assertThat(store.list("")).isEmpty();
    }

    /** What some S3-compatible stores do with If-None-Match: accept the header, then overwrite anyway. */
    static final class IgnoresConditions extends ObjectStoreAdapter {
        IgnoresConditions(ObjectStore inner) {
            super(inner);
        }

        @Override
        public Optional<String> createIfAbsent(String key, byte[] bytes) {
            inner.delete(key, null);
            return inner.createIfAbsent(key, bytes);
        }
    }

    @Test
    void a_store_that_ignores_create_if_absent_is_refused() {
        MemoryStore store = new MemoryStore("memory:");
        StoreCheck.Report r = new StoreCheck(new IgnoresConditions(store), Clock.systemUTC()).run(3);
        assertThat(r.safe()).isFalse();
        assertThat(r.findings()).filteredOn(f -> !f.ok()).extracting(StoreCheck.Finding::detail)
                .anyMatch(d -> d.contains("UNSAFE: a second create of the same key succeeded"));
    }

    @Test
    void an_unreachable_store_is_a_finding_not_a_crash() {
        FlakyStore down = new FlakyStore(new MemoryStore("memory:"));
        down.down = true;
        StoreCheck.Report r = new StoreCheck(down, Clock.systemUTC()).run(3);
        assertThat(r.safe()).isFalse();
        assertThat(r.findings().get(0).detail()).contains("unavailable", "the store is down");
    }

    /** Delegates everything; tests override what they break. */
    static class ObjectStoreAdapter implements ObjectStore {
        final ObjectStore inner;

        ObjectStoreAdapter(ObjectStore inner) {
            this.inner = inner;
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public Optional<Blob> get(String key) {
            return inner.get(key);
        }

        @Override
        public Optional<String> createIfAbsent(String key, byte[] bytes) {
            return inner.createIfAbsent(key, bytes);
        }

        @Override
        public Optional<String> replaceIfMatch(String key, byte[] bytes, String version) {
            return inner.replaceIfMatch(key, bytes, version);
        }

        @Override
        public boolean delete(String key, String version) {
            return inner.delete(key, version);
        }

        @Override
        public java.util.List<String> list(String prefix) {
            return inner.list(prefix);
        }

        @Override
        public void close() {}
    }
}
