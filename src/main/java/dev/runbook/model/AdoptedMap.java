package dev.runbook.model;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A read-only view of a map its creator handed over and never touches again ({@link Node.Mapping#adopt}):
 * immutable like a copy, without the copy. Only this package can make one.
 */
final class AdoptedMap<K, V> extends AbstractMap<K, V> {
    private final Map<K, V> view;

    AdoptedMap(LinkedHashMap<K, V> owned) {
        this.view = Collections.unmodifiableMap(owned);
    }

    @Override
    public V get(Object key) {
        return view.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return view.containsKey(key);
    }

    @Override
    public V getOrDefault(Object key, V fallback) {
        return view.getOrDefault(key, fallback);
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public Set<K> keySet() {
        return view.keySet();
    }

    @Override
    public Collection<V> values() {
        return view.values();
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return view.entrySet();
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        view.forEach(action);
    }
}
