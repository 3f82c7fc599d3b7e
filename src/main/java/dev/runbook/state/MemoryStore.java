package dev.runbook.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** An {@link ObjectStore} in memory, for tests and for {@code runbook state check}'s own self-test. */
public final class MemoryStore implements ObjectStore {
    private final Map<String, Blob> objects = new TreeMap<>();
    private final AtomicLong versions = new AtomicLong();
    private final String name;

    public MemoryStore(String name) {
        this.name = name;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized Optional<Blob> get(String key) {
        Blob b = objects.get(key);
        return b == null ? Optional.empty() : Optional.of(new Blob(b.bytes().clone(), b.version()));
    }

    @Override
    public synchronized Optional<String> createIfAbsent(String key, byte[] bytes) {
        if (objects.containsKey(key)) return Optional.empty();
        String v = "v" + versions.incrementAndGet();
        objects.put(key, new Blob(bytes.clone(), v));
        return Optional.of(v);
    }

    @Override
    public synchronized Optional<String> replaceIfMatch(String key, byte[] bytes, String version) {
        Blob b = objects.get(key);
        if (b == null || !b.version().equals(version)) return Optional.empty();
        String v = "v" + versions.incrementAndGet();
        objects.put(key, new Blob(bytes.clone(), v));
        return Optional.of(v);
    }

    @Override
    public synchronized boolean delete(String key, String version) {
        Blob b = objects.get(key);
        if (b == null || (version != null && !b.version().equals(version))) return false;
        objects.remove(key);
        return true;
    }

    @Override
    public synchronized List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String k : objects.keySet()) if (k.startsWith(prefix)) keys.add(k);
        return keys;
    }

    @Override
    public void close() {}
}
