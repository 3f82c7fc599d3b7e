package dev.runbook.secret;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces every known secret value with {@value #MASK} in anything about to be written: the terminal, the
 * journal, JSON output, error messages. Values derived from secrets (rendered templates) are added as they
 * appear, so the set only grows. Thread-safe.
 */
public final class Redactor {
    public static final String MASK = "***";

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private volatile List<String> ordered = List.of();

    /** Registers a secret value, and the forms it takes once escaped in JSON or quoted in a message. */
    public void add(String value) {
        if (value == null || value.isEmpty()) return;
        boolean changed = secrets.add(value);
        String escaped = jsonEscaped(value);
        if (!escaped.equals(value)) changed |= secrets.add(escaped);
        if (changed) reorder();
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** True when the text contains any secret value. */
    public boolean containsSecret(String text) {
        if (text == null) return false;
        for (String s : ordered) {
            if (text.contains(s)) return true;
        }
        return false;
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String s : ordered) {
            if (out.contains(s)) out = out.replace(s, MASK);
        }
        return out;
    }

    /** Redacts every string inside a plain value tree (Map/List/String/other scalars). */
    public Object redactValue(Object value) {
        if (value instanceof String s) return redact(s);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(redact(String.valueOf(k)), redactValue(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(redactValue(o));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> redactMap(Map<String, ?> map) {
        return map == null ? null : (Map<String, Object>) redactValue(map);
    }

    private synchronized void reorder() {
        // longest first, so a secret that contains another is masked whole
        List<String> list = new ArrayList<>(secrets);
        list.sort(Comparator.comparingInt(String::length).reversed());
        ordered = List.copyOf(list);
    }

    private static String jsonEscaped(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
