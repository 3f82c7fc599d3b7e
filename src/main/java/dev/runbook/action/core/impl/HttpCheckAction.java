package dev.runbook.action.core.impl;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.model.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One HTTP request with expectations on status, JSON body fields (JSON Pointer) and latency. A failed
 * expectation is transient, so {@code retry:} turns the step into a poll. Cancelling aborts the exchange.
 */
final class HttpCheckAction implements Action {
    /**
     * Response headers that hand the caller a credential (a session cookie, a token): their value is never kept in
     * the outputs, which go to the journal, JSON, history and a team store. The name stays, so one can see it was sent.
     */
    static final java.util.Set<String> CREDENTIAL_HEADERS = java.util.Set.of("set-cookie", "set-cookie2", "authorization",
            "proxy-authorization", "x-amz-security-token", "x-api-key", "x-auth-token", "x-csrf-token", "x-xsrf-token");
    static final String CREDENTIAL_KEPT_OUT = "(not kept: it carries a credential)";

    private static final int BODY_LIMIT = 1 << 20;
    private static final int BODY_OUTPUT = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ActionSpec spec;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    HttpCheckAction(ActionSpec spec) {
        this.spec = spec;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    private record Expect(List<Long> status, Map<String, Object> body, Duration latency) {}

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        return Plan.of(args.optString("method").orElse("GET") + " " + ctx.redact(args.string("url")));
    }

    @Override
    @SuppressWarnings("try")
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        URI uri = uri(args.string("url"));
        String method = args.optString("method").orElse("GET").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("GET", "HEAD", "OPTIONS").contains(method)) {
            throw ActionException.permanent("method " + method + " is not allowed: http.check is read-only", "use GET, HEAD or OPTIONS");
        }
        Expect expect = expect(args);
        Duration timeout = args.optDuration("timeout").orElse(ctx.timeout());
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout).method(method, HttpRequest.BodyPublishers.noBody());
        for (var h : args.map("headers").entrySet()) {
            try {
                rb.header(h.getKey(), String.valueOf(h.getValue()));
            } catch (IllegalArgumentException e) {
                throw ActionException.permanent("headers: '" + h.getKey() + "' cannot be sent: " + e.getMessage());
            }
        }
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<InputStream>> f = client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        int statusCode;
        Map<String, Object> headers = new LinkedHashMap<>();
        try (AutoCloseable hook = ctx.cancellation().onCancel(() -> f.cancel(true))) {
            HttpResponse<InputStream> resp = f.get();
            statusCode = resp.statusCode();
            resp.headers().map().forEach((k, v) -> {
                String name = k.toLowerCase(java.util.Locale.ROOT);
                headers.put(name, CREDENTIAL_HEADERS.contains(name) ? CREDENTIAL_KEPT_OUT : String.join(", ", v));
            });
            try (InputStream in = resp.body(); AutoCloseable close = ctx.cancellation().onCancel(() -> closeQuietly(in))) {
                body = in.readNBytes(BODY_LIMIT);
            }
        } catch (CancellationException e) {
            throw ActionException.cancelled("request to " + ctx.redact(uri.toString()) + " was aborted");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("request to " + ctx.redact(uri.toString()) + " was aborted");
        } catch (ExecutionException e) {
            throw failure(ctx, uri, e.getCause(), timeout);
        } catch (IOException e) {
            if (ctx.cancellation().isCancelled()) throw ActionException.cancelled("request to " + ctx.redact(uri.toString()) + " was aborted");
            throw failure(ctx, uri, e, timeout);
        } catch (Exception e) {
            throw ActionException.permanent("request failed: " + e.getMessage());
        }
        long latencyMs = (System.nanoTime() - t0) / 1_000_000;
        String text = new String(body, StandardCharsets.UTF_8);

        List<String> problems = new ArrayList<>();
        if (!expect.status().contains((long) statusCode)) {
            problems.add("status " + statusCode + ", expected " + (expect.status().size() == 1 ? expect.status().get(0) : expect.status()));
        }
        if (expect.latency() != null && latencyMs > expect.latency().toMillis()) {
            problems.add("latency " + latencyMs + "ms, expected at most " + Durations.format(expect.latency()));
        }
        JsonNode json = null;
        if (!expect.body().isEmpty() || !args.map("select").isEmpty()) {
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
        }
        for (var e : expect.body().entrySet()) {
            if (json == null) {
                problems.add("body is not JSON, cannot check " + e.getKey());
                continue;
            }
            JsonNode at = json.at(pointer(e.getKey(), "expect.body"));
            if (at.isMissingNode()) {
                problems.add("body has nothing at " + e.getKey());
            } else if (!matches(at, e.getValue())) {
                problems.add("body " + e.getKey() + " is " + at + ", expected " + e.getValue());
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (var e : args.map("select").entrySet()) {
            JsonNode at = json == null ? null : json.at(pointer(String.valueOf(e.getValue()), "select." + e.getKey()));
            fields.put(e.getKey(), at == null || at.isMissingNode() ? null : JSON.convertValue(at, Object.class));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("status", (long) statusCode);
        outputs.put("latencyMs", latencyMs);
        outputs.put("ok", problems.isEmpty());
        // redacted before the cut: a secret straddling 4 KiB must not leave its beginning
        outputs.put("body", text.length() > BODY_OUTPUT ? ctx.cut(text, BODY_OUTPUT) : text);
        outputs.put("fields", fields);
        outputs.put("headers", headers);
        if (!problems.isEmpty()) {
            // a failing check keeps what it saw, as a passing one does: the 503 body often names the failing dependency
            throw ActionException.transientFailure(method + " " + ctx.redact(uri.toString()) + ": " + String.join("; ", problems), null)
                    .withOutputs(outputs);
        }
        return new Result(outputs, statusCode + " in " + latencyMs + "ms");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing is how the read is aborted; a failure to close changes nothing
        }
    }

    private static ActionException failure(ActionContext ctx, URI uri, Throwable c, Duration timeout) {
        String where = ctx.redact(uri.toString());
        if (c instanceof HttpTimeoutException) {
            return ActionException.timeout("no response from " + where + " within " + Durations.format(timeout));
        }
        if (c instanceof ConnectException) {
            return ActionException.transientFailure("cannot connect to " + where + (c.getMessage() == null ? "" : ": " + c.getMessage()), c);
        }
        if (c instanceof IOException) {
            return ActionException.transientFailure("request to " + where + " failed: " + c, c);
        }
        return new ActionException(ActionException.Kind.PERMANENT, "request to " + where + " failed: " + c, null, c);
    }

    private static URI uri(String url) throws ActionException {
        try {
            URI u = new URI(url.trim());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                throw ActionException.permanent("url must be an absolute http(s) URL, got '" + url + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw ActionException.permanent("url is not a valid URL: " + e.getMessage());
        }
    }

    private static Expect expect(Args args) throws ActionException {
        Map<String, Object> e = args.map("expect");
        List<Long> status = new ArrayList<>();
        Object s = e.getOrDefault("status", 200L);
        for (Object one : s instanceof List<?> l ? l : List.of(s)) {
            try {
                status.add(Long.parseLong(String.valueOf(one).trim()));
            } catch (NumberFormatException ex) {
                throw ActionException.permanent("expect.status: '" + one + "' is not an HTTP status code");
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        Object b = e.get("body");
        if (b instanceof Map<?, ?> m) {
            m.forEach((k, v) -> body.put(String.valueOf(k), v));
        } else if (b != null) {
            throw ActionException.permanent("expect.body must map JSON Pointers to expected values, e.g. { /status: UP }");
        }
        Duration latency = null;
        Object l = e.get("latency");
        if (l != null) {
            latency = Durations.parse(String.valueOf(l)).orElseThrow(() ->
                    ActionException.permanent("expect.latency must be a duration like 500ms, got '" + l + "'"));
        }
        for (String k : e.keySet()) {
            if (!List.of("status", "body", "latency").contains(k)) {
                throw ActionException.permanent("expect." + k + " is not known; use status, body or latency");
            }
        }
        return new Expect(status, body, latency);
    }

    private static JsonPointer pointer(String p, String where) throws ActionException {
        try {
            return JsonPointer.compile(p);
        } catch (IllegalArgumentException e) {
            throw ActionException.permanent(where + ": '" + p + "' is not a JSON Pointer", "pointers start with /, e.g. /status or /checks/0/state");
        }
    }

    private static boolean matches(JsonNode actual, Object expected) {
        if (expected == null) return actual.isNull();
        if (expected instanceof Number n) return actual.isNumber() && actual.decimalValue().compareTo(new java.math.BigDecimal(n.toString())) == 0;
        if (expected instanceof Boolean b) return actual.isBoolean() && actual.booleanValue() == b;
        if (expected instanceof String s) return actual.isValueNode() && actual.asText().equals(s);
        return JSON.valueToTree(expected).equals(actual);
    }
}
