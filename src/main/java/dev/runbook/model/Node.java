package dev.runbook.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A positioned value tree: what a {@code with:} block, a default or an expected body holds.
 * Strings may contain {@code ${...}} templates; they are evaluated by the engine, not here.
 */
public sealed interface Node permits Node.Scalar, Node.Mapping, Node.Sequence {
    SourcePosition pos();

    /**
     * A YAML scalar: String, Long, Double, Boolean or null ({@code value} is null for YAML null).
     * {@code plain} is the source text of an unquoted scalar the YAML 1.2 core schema typed as something other
     * than a string ({@code 012345670123}, {@code 1.50}, {@code true}, {@code ~}, or "" for a value left out);
     * null otherwise. It is what a {@code string} parameter or argument receives, so typing a value never
     * changes it.
     */
    record Scalar(Object value, SourcePosition pos, String plain) implements Node {
        public Scalar(Object value, SourcePosition pos) {
            this(value, pos, null);
        }

        public boolean isString() {
            return value instanceof String;
        }

        /** The scalar as text, exactly as written for a typed plain scalar; null for YAML null. */
        public String text() {
            if (value == null) return null;
            if (plain != null) return plain;
            return value instanceof String s ? s : String.valueOf(value);
        }
    }

    /** An ordered mapping; {@code keyPositions} holds where each key was written. */
    record Mapping(Map<String, Node> entries, Map<String, SourcePosition> keyPositions, SourcePosition pos) implements Node {
        public Mapping {
            if (!(entries instanceof AdoptedMap)) entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            if (!(keyPositions instanceof AdoptedMap)) {
                keyPositions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keyPositions));
            }
        }

        /** A mapping over maps the caller hands over and never changes again (a reader that built them): no copy. */
        public static Mapping adopt(LinkedHashMap<String, Node> entries, LinkedHashMap<String, SourcePosition> keyPositions,
                                    SourcePosition pos) {
            return new Mapping(new AdoptedMap<>(entries), new AdoptedMap<>(keyPositions), pos);
        }

        public Node get(String key) {
            return entries.get(key);
        }

        public SourcePosition keyPos(String key) {
            return keyPositions.getOrDefault(key, pos);
        }
    }

    record Sequence(List<Node> items, SourcePosition pos) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** Plain Java view (Map/List/scalars), positions dropped. */
    default Object toPlain() {
        if (this instanceof Scalar s) return s.value();
        if (this instanceof Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }
        return ((Sequence) this).items().stream().map(Node::toPlain).toList();
    }
}
