package dev.runbook.action.sim;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.ActionException;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code http.check} against a simulated endpoint: resource {@code http.endpoint/<url>} with
 * {@code status}, {@code latencyMs}, {@code body} (text, or a mapping served as JSON) and
 * {@code down: true} for a connection that is refused. Expectations are checked as the real
 * action checks them; a URL the scenario does not declare is refused.
 */
final class HttpCheckBehaviour implements SimBehaviour {
    static final String KIND = "http.endpoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Plan plan(SimCall call) throws ActionException {
        String url = call.args().string("url");
        return Plan.of(call.args().optString("method").orElse("GET") + " " + url);
    }

    @Override
    public Result execute(SimCall call) throws ActionException {
        String url = call.args().string("url");
        ResourceId id = new ResourceId(KIND, url);
        Map<String, Object> ep = call.read(id);
        if (ep == null) {
            throw new ActionException(ActionException.Kind.TRANSIENT, "connect to " + url + " failed: connection refused (simulated)",
                    "the scenario has no resource " + id + "; add it under resources: with a status", null);
        }
        long latency = longOf(ep.get("latencyMs"), 0);
        if (latency > 0 && call.ctx() != null) call.ctx().sleep(Duration.ofMillis(latency));
        if (Boolean.TRUE.equals(ep.get("down"))) {
            throw ActionException.transientFailure("connect to " + url + " failed: connection refused (simulated)", null);
        }
        long status = longOf(ep.get("status"), 200);
        String body = bodyText(ep.get("body"));
        Map<String, Object> expect = call.args().map("expect");
        List<String> problems = new ArrayList<>();
        List<Long> wanted = statuses(expect.get("status"));
        if (!wanted.contains(status)) problems.add("status " + status + ", expected " + (wanted.size() == 1 ? wanted.get(0) : wanted));
        Object latencyWanted = expect.get("latency");
        if (latencyWanted != null) {
            Duration max = dev.runbook.model.Durations.parse(String.valueOf(latencyWanted)).orElse(null);
            if (max != null && latency > max.toMillis()) problems.add("latency " + latency + "ms, expected within " + latencyWanted);
        }
        JsonNode tree = parse(body);
        if (expect.get("body") instanceof Map<?, ?> fields) {
            fields.forEach((ptr, want) -> {
                JsonNode got = tree == null ? null : at(tree, String.valueOf(ptr));
                Object gotValue = got == null || got.isMissingNode() ? null : JSON.convertValue(got, Object.class);
                if (!Values.same(gotValue, want)) problems.add("body " + ptr + " is " + Values.show(gotValue) + ", expected " + Values.show(want));
            });
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        call.args().map("select").forEach((name, ptr) -> {
            JsonNode got = tree == null ? null : at(tree, String.valueOf(ptr));
            selected.put(name, got == null || got.isMissingNode() ? null : Values.normalize(JSON.convertValue(got, Object.class)));
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("latencyMs", latency);
        out.put("ok", problems.isEmpty());
        out.put("body", body.length() > 4096 ? body.substring(0, 4096) : body);
        out.put("fields", selected);
        out.put("headers", headers(ep, body));
        if (!problems.isEmpty()) {
            // a failing check keeps what it saw: the 503 body names the failing dependency
            throw ActionException.transientFailure(url + ": " + String.join("; ", problems), null).withOutputs(out);
        }
        return new Result(out, status + " in " + latency + "ms");
    }

    /** The endpoint's headers: those the scenario gives, else a content type told from the body. */
    private static Map<String, Object> headers(Map<String, Object> ep, String body) {
        Map<String, Object> h = new LinkedHashMap<>();
        if (ep.get("headers") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> h.put(String.valueOf(k).toLowerCase(java.util.Locale.ROOT), String.valueOf(v)));
        }
        if (!h.containsKey("content-type") && !body.isEmpty()) {
            h.put("content-type", parse(body) != null ? "application/json" : "text/plain; charset=utf-8");
        }
        return h;
    }

    private static List<Long> statuses(Object v) {
        if (v == null) return List.of(200L);
        if (v instanceof List<?> l) return l.stream().map(x -> longOf(x, -1)).toList();
        return List.of(longOf(v, -1));
    }

    private static long longOf(Object v, long dflt) {
        if (v instanceof Number n) return n.longValue();
        if (v == null) return dflt;
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String bodyText(Object body) {
        if (body == null) return "";
        if (body instanceof String s) return s;
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) return null;
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonNode at(JsonNode tree, String pointer) {
        try {
            return tree.at(JsonPointer.compile(pointer));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
