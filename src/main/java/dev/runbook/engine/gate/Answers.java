package dev.runbook.engine.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.model.Names;
import dev.runbook.model.Node;
import dev.runbook.parse.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scripted operator answers ({@code --answers FILE}) for rehearsals, tests and CI:
 * <pre>
 * gates:    { restart: yes, drop-db: orders-prod }   # yes | no | abort; destructive: the target's name
 * failures: { healthy: rollback }                    # retry | skip | abort | rollback
 * inDoubt:  { restart: rerun }                       # rerun | done | abort | attach (wait for an accepted operation)
 * confirm:  { page-l2: true }                        # manual checklist: true (every item) or a list of items
 * ask:      { page-l2: "bridge opened" }             # manual question
 * interrupt: rollback                                # after Ctrl-C: rollback | stop
 * </pre>
 */
public record Answers(Map<String, String> gates, Map<String, String> failures, Map<String, String> inDoubt,
                      Map<String, Object> confirm, Map<String, String> ask, String interrupt) {
    private static final Set<String> KEYS = Set.of("gates", "failures", "inDoubt", "confirm", "ask", "interrupt");
    public static final Answers NONE = new Answers(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), null);

    public Answers {
        gates = Map.copyOf(gates);
        failures = Map.copyOf(failures);
        inDoubt = Map.copyOf(inDoubt);
        confirm = Map.copyOf(confirm);
        ask = Map.copyOf(ask);
    }

    /** Bad answers file: the message says which key and what is allowed. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message);
        }
    }

    public static Answers load(Path file) throws Invalid {
        JsonNode root;
        try {
            // the runbook's reading rules: an alias or a duplicate key must not silently change an approval
            root = new ObjectMapper().valueToTree(YamlFile.read(file).map(Node::toPlain).orElse(null));
        } catch (YamlFile.Invalid e) {
            throw new Invalid("answers file " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) return NONE;
        if (!root.isObject()) throw new Invalid(file + ": expected a mapping with gates:, failures:, inDoubt:, confirm:, ask:");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new Invalid(file + ": unknown key '" + k + "'" + Names.closest(k, KEYS).map(s -> " (did you mean '" + s + "'?)").orElse("")
                        + "; allowed: gates, failures, inDoubt, confirm, ask, interrupt");
            }
        }
        Map<String, String> failures = strings(file, root, "failures");
        for (var e : failures.entrySet()) {
            if (FailureChoice.parse(e.getValue()).isEmpty()) {
                throw new Invalid(file + ": failures." + e.getKey() + " must be retry, skip, abort or rollback, got '" + e.getValue() + "'");
            }
        }
        Map<String, String> inDoubt = strings(file, root, "inDoubt");
        for (var e : inDoubt.entrySet()) {
            if (InDoubtChoice.parse(e.getValue()).isEmpty()) {
                throw new Invalid(file + ": inDoubt." + e.getKey() + " must be rerun, done, abort or attach, got '" + e.getValue() + "'");
            }
        }
        Map<String, Object> confirm = new LinkedHashMap<>();
        JsonNode c = root.path("confirm");
        if (!c.isMissingNode() && !c.isObject()) throw new Invalid(file + ": confirm: must map step ids to true or a list of items");
        for (Map.Entry<String, JsonNode> e : c.properties()) {
            if (e.getValue().isBoolean()) {
                confirm.put(e.getKey(), e.getValue().asBoolean());
            } else if (e.getValue().isTextual() && List.of("yes", "no").contains(e.getValue().asText())) {
                confirm.put(e.getKey(), e.getValue().asText().equals("yes"));
            } else if (e.getValue().isArray()) {
                List<String> items = new ArrayList<>();
                e.getValue().forEach(n -> items.add(n.asText()));
                confirm.put(e.getKey(), items);
            } else {
                throw new Invalid(file + ": confirm." + e.getKey() + " must be true, false or a list of checklist items");
            }
        }
        String interrupt = root.path("interrupt").isMissingNode() ? null : root.path("interrupt").asText();
        if (interrupt != null && !interrupt.equals("rollback") && !interrupt.equals("stop")) {
            throw new Invalid(file + ": interrupt: must be rollback or stop, got '" + interrupt + "'");
        }
        return new Answers(strings(file, root, "gates"), failures, inDoubt, confirm, strings(file, root, "ask"), interrupt);
    }

    private static Map<String, String> strings(Path file, JsonNode root, String key) throws Invalid {
        JsonNode n = root.path(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) return out;
        if (!n.isObject()) throw new Invalid(file + ": " + key + ": must map step ids to answers");
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isValueNode()) throw new Invalid(file + ": " + key + "." + e.getKey() + " must be a single value");
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isBoolean() ? (v.asBoolean() ? "yes" : "no") : v.asText());
        }
        return out;
    }

    public Optional<String> gate(String step) {
        return Optional.ofNullable(gates.get(step));
    }

    public Optional<FailureChoice> failure(String step) {
        return Optional.ofNullable(failures.get(step)).flatMap(FailureChoice::parse);
    }

    public Optional<InDoubtChoice> inDoubt(String step) {
        return Optional.ofNullable(inDoubt.get(step)).flatMap(InDoubtChoice::parse);
    }

    /** Whether the script confirms {@code item} of {@code step}'s checklist; empty when it does not say. */
    public Optional<Boolean> confirms(String step, String item) {
        Object v = confirm.get(step);
        if (v instanceof Boolean b) return Optional.of(b);
        if (v instanceof List<?> l) return Optional.of(l.contains(item));
        return Optional.empty();
    }

    public Optional<String> answer(String step) {
        return Optional.ofNullable(ask.get(step));
    }
}
