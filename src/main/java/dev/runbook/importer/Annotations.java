package dev.runbook.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an exported page says in HTML comments (invisible in a wiki) about what its Markdown cannot: a step's id,
 * declared effect, if/needs/undo/retry, or a whole step the page shows in words only.
 */
final class Annotations {
    private Annotations() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String json) {
        try {
            Object o = JSON.readValue(json, Object.class);
            return o instanceof Map<?, ?> m ? (Map<String, Object>) Templates.plain(m) : Map.of();
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    /** JSON that can sit in an HTML comment: no "--" (escaped inside strings, where alone it can occur). */
    static String write(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(m)).replace("--", "-\\u002d").replace(">", "\\u003e");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
