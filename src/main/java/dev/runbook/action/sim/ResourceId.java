package dev.runbook.action.sim;

import java.util.Optional;

/**
 * A simulated resource: its kind ({@code azure.webapp}, {@code http.endpoint}) and its name. Written in a
 * scenario as {@code kind/name}; the kind has no slash, the name may have several (URLs).
 */
public record ResourceId(String kind, String name) implements Comparable<ResourceId> {
    public ResourceId {
        if (kind == null || kind.isEmpty() || kind.contains("/")) throw new IllegalArgumentException("bad resource kind: " + kind);
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a resource needs a name");
    }

    public static Optional<ResourceId> parse(String text) {
        if (text == null) return Optional.empty();
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) return Optional.empty();
        return Optional.of(new ResourceId(text.substring(0, slash), text.substring(slash + 1)));
    }

    // equals and hashCode written out (same hash as the generated one): the generated ones link through
    // ObjectMethods, spinning method-handle classes when validate reads a rehearsal scenario
    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceId r && r.kind.equals(kind) && r.name.equals(name);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + name.hashCode();
    }

    @Override
    public int compareTo(ResourceId o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
