package dev.runbook.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * JSON lines for {@code runs --format json}, {@code runs show --format json} and {@code report --format json}: one object
 * per line with {@code schemaVersion} and {@code type} first; instants as ISO-8601 UTC, durations in milliseconds.
 */
public final class HistoryJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule("history")
                    .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.toString());
                        }
                    })
                    .addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public void serialize(Duration v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeNumber(v.toMillis());
                        }
                    })
                    .addSerializer(optionalSerializer()))
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private HistoryJson() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StdSerializer<Optional<?>> optionalSerializer() {
        return new StdSerializer<>((Class<Optional<?>>) (Class) Optional.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Optional<?> v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v.isPresent()) p.defaultSerializeValue(v.get(), g);
                else g.writeNull();
            }
        };
    }

    /**
     * One line of the JSON stream every {@code --format json} writes: {@code schemaVersion}, {@code type}, then the
     * value's fields (a value that is not an object goes under {@code value}), ending with a newline.
     */
    public static String line(String type, Object value) {
        com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
        out.put("schemaVersion", dev.runbook.journal.EventCodec.SCHEMA_VERSION);
        out.put("type", type);
        com.fasterxml.jackson.databind.JsonNode tree = JSON.valueToTree(value);
        if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove(java.util.List.of("schemaVersion", "type"));
            out.setAll(o);
        } else {
            out.set("value", tree);
        }
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
