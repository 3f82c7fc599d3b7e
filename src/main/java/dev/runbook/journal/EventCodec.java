package dev.runbook.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.secret.Redactor;
import java.time.Instant;
import java.util.Set;

/** The one JSON form of a {@link RunEvent}, shared by the journal and {@code --output json}. */
public final class EventCodec {
    /**
     * The version of the JSON lines runbook writes to standard output ({@code --output json}, {@code --format json}): raised
     * when a field changes meaning or goes away (adding one does not). Every line carries it as {@code schemaVersion}.
     */
    public static final int SCHEMA_VERSION = 1;

    static final ObjectMapper JSON = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Top-level fields that are the engine's vocabulary (the record type, ids, statuses, enums, counters), never a
     * value from a runbook's data: redaction leaves them alone, so a secret equal to "read" or "1" can never make an
     * event unreadable.
     */
    static final Set<String> VERBATIM = Set.of("type", "seq", "ts", "prev", "runId", "runbook", "step", "phase", "status",
            "outcome", "effect", "errorKind", "reach", "mode", "uses", "via", "answer", "decision", "choice", "attempt", "attempts",
            "elapsedMs", "delayMs", "parallel", "ok", "forced", "sha256", "secrets", "undo", "lock");

    /** Fields of the vocabulary that an event may leave out: a step ends with an error kind (and a reach) only when it failed. */
    static final Set<String> OPTIONAL_WORDS = Set.of("errorKind", "reach");

    private EventCodec() {}

    /** The event as every sink may show it: its value tree redacted (the terminal renders this one). */
    public static RunEvent redacted(RunEvent event, Redactor redactor) {
        if (redactor.isEmpty()) return event;
        try {
            return JSON.treeToValue(redactor.redactTree(JSON.valueToTree(event), VERBATIM), RunEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot redact " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * {@code {"seq":..,"ts":..,["prev":..,]"type":..,...fields}} on one line, with every secret masked. The one way an
     * event becomes text: the event's value tree is redacted before it is serialized (never the JSON text, where a
     * short secret would hit {@code "seq":1} or an escape), and the fields added here hold no secret.
     */
    public static String line(long seq, Instant ts, String prev, RunEvent event, Redactor redactor) {
        JsonNode body = redactor.redactTree(JSON.valueToTree(event), VERBATIM);
        ObjectNode out = JSON.createObjectNode();
        out.put("seq", seq);
        out.put("ts", ts.toString());
        if (prev != null) out.put("prev", prev);
        out.setAll((ObjectNode) body);
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    private static String known(Class<?> type) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (Object constant : type.getEnumConstants()) ids.add(JSON.convertValue(constant, String.class));
        return String.join(", ", ids);
    }

    public static JsonNode parse(String line) throws JsonProcessingException {
        return JSON.readTree(line);
    }

    /**
     * The event a journal line holds; a line that is JSON but not an event (not an object, a step event without its
     * step, a list with a null in it) is an IllegalArgumentException, as an unknown type is a JsonProcessingException.
     */
    public static RunEvent event(JsonNode node) throws JsonProcessingException {
        if (!(node instanceof ObjectNode object)) throw new IllegalArgumentException("a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", not an event");
        ObjectNode copy = object.deepCopy();
        copy.remove("seq");
        copy.remove("ts");
        copy.remove("prev");
        RunEvent event;
        try {
            event = JSON.treeToValue(copy, RunEvent.class);
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            // a word of the vocabulary this build does not know (a journal written by a newer runbook, or edited): said
            // plainly, with the words it knows; the reader reports the line as not a known event, nothing guesses
            if (e.getTargetType() == null || !e.getTargetType().isEnum()) throw e;
            String field = e.getPath().isEmpty() ? "a field" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new IllegalArgumentException(copy.path("type").asText() + " with " + field + " '" + e.getValue()
                    + "', which this version of runbook does not know (it knows: " + known(e.getTargetType()) + ")");
        }
        if (event == null) throw new IllegalArgumentException("null, not an event");
        // readers key maps and sets by these and renderers walk them (found by JournalFuzzTest and HistoryFuzzTest): a
        // damaged line is a problem, not a crash, and a list or map left out of a line reads as empty
        java.lang.reflect.RecordComponent[] components = event.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean filled = false;
        for (int i = 0; i < components.length; i++) {
            java.lang.reflect.RecordComponent c = components[i];
            Object v;
            try {
                v = c.getAccessor().invoke(event);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v == null && c.getName().equals("step") && !(event instanceof RunEvent.OperatorText)) {
                throw new IllegalArgumentException(copy.path("type").asText() + " without a step");
            }
            if (v == null && c.getType().isEnum() && !OPTIONAL_WORDS.contains(c.getName())) throw new IllegalArgumentException(copy.path("type").asText() + " without its " + c.getName());
            if (v instanceof java.util.List<?> list) {
                for (Object o : list) {
                    if (o == null) throw new IllegalArgumentException(copy.path("type").asText() + " with a null in " + c.getName());
                }
            }
            if (v == null && c.getType() == java.util.List.class) {
                v = java.util.List.of();
                filled = true;
            } else if (v == null && c.getType() == java.util.Map.class) {
                v = java.util.Map.of();
                filled = true;
            }
            values[i] = v;
        }
        if (!filled) return event;
        try {
            Class<?>[] types = java.util.Arrays.stream(components).map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new);
            return (RunEvent) event.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
