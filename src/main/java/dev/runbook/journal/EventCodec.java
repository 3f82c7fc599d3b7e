package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The one JSON form of a {@link RunEvent}, shared by the journal and {@code --output json}. */
public final class EventCodec {
    static final ObjectMapper JSON = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventCodec() {}

    /** {@code {"seq":..,"ts":..,["prev":..,]"type":..,...fields}} on one line. */
    public static String line(long seq, Instant ts, String prev, RunEvent event) {
        ObjectNode body = JSON.valueToTree(event);
        ObjectNode out = JSON.createObjectNode();
        out.put("seq", seq);
        out.put("ts", ts.toString());
        if (prev != null) out.put("prev", prev);
        out.setAll(body);
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    public static JsonNode parse(String line) throws JsonProcessingException {
        return JSON.readTree(line);
    }

    public static RunEvent event(JsonNode node) throws JsonProcessingException {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove("seq");
        copy.remove("ts");
        copy.remove("prev");
        return JSON.treeToValue(copy, RunEvent.class);
    }
}
