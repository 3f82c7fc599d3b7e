package dev.runbook.expr;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fields of a {@link Type.Obj} answered one at a time, listed only when asked for. A step's scope names
 * every step that has run before it; a type check mostly reads one or two of them, so building the whole
 * map for each expression made checking a long runbook quadratic. Immutable: {@code lookup} and {@code all}
 * must agree (what {@code all} lists is exactly what {@code lookup} answers non-null).
 */
final class LazyFields extends AbstractMap<String, Type> {
    private final Function<String, Type> lookup;
    private final Supplier<Map<String, Type>> all;
    private Map<String, Type> listed;

    LazyFields(Function<String, Type> lookup, Supplier<Map<String, Type>> all) {
        this.lookup = lookup;
        this.all = all;
    }

    @Override
    public Type get(Object key) {
        if (listed != null) return listed.get(key);
        return key instanceof String name ? lookup.apply(name) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, Type>> entrySet() {
        return listed().entrySet();
    }

    @Override
    public int size() {
        return listed().size();
    }

    private Map<String, Type> listed() {
        Map<String, Type> m = listed;
        if (m == null) {
            // unmodifiableMap's final field publishes the copy safely should the type reach another thread
            m = Collections.unmodifiableMap(new LinkedHashMap<>(all.get()));
            listed = m;
        }
        return m;
    }
}
