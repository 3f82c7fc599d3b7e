package dev.runbook.action.notify.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts a message to an incoming webhook. The URL is a credential (whoever holds it can post to the channel), so it
 * never appears in a message, output, plan or error, and it must come from a secret parameter. The text is what the
 * engine rendered from the step's template, redacted before it leaves the machine. 429, 5xx and connection errors are
 * retried here with backoff (a duplicate notice beats a missing one), then reported TRANSIENT; other 4xx are PERMANENT.
 */
final class WebhookAction implements Action {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET = 200;
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final ActionSpec spec;
    private final HttpClient client;

    WebhookAction(ActionSpec spec, HttpClient client) {
        this.spec = spec;
        this.client = client;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public Plan plan(ActionContext ctx, Args args) throws ActionException {
        String format = format(args);
        String text = message(ctx, args);
        List<String> details = new ArrayList<>();
        details.add("message (" + format + "):");
        text.lines().forEach(l -> details.add("  " + l));
        return new Plan("post a message to the " + format + " webhook", Map.of(), Map.of(), null,
                Map.of("status", 200L, "attempts", 0L, "text", text), details);
    }

    @Override
    public Result execute(ActionContext ctx, Args args) throws ActionException {
        String format = format(args);
        String text = message(ctx, args);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", text);
        if (ctx.dryRun()) {
            ctx.operator().show("(dry run: not sent to the " + format + " webhook)\n" + text);
            out.put("status", 0L);
            out.put("attempts", 0L);
            return new Result(out, "dry run: not sent");
        }
        URI uri = uri(ctx, args);
        byte[] body = payload(format, args.optString("title").map(ctx::redact).orElse(null), ctx.redact(args.string("text")));
        long max = Math.max(1, args.optInteger("attempts").orElse(3L));
        Duration delay = null;
        ActionException last = null;
        for (int attempt = 1; attempt <= max; attempt++) {
            if (attempt > 1) {
                ctx.progress("webhook: " + last.getMessage() + "; retry " + attempt + "/" + max + " in " + delay.toSeconds() + "s");
                ctx.sleep(delay);
            }
            Answer a = post(ctx, uri, body);
            if (a.status() >= 200 && a.status() < 300) {
                out.put("status", (long) a.status());
                out.put("attempts", (long) attempt);
                return new Result(out, "posted to the " + format + " webhook (" + a.status() + ")");
            }
            if (a.status() == 0 || a.status() == 429 || a.status() >= 500) {
                last = ActionException.transientFailure(a.describe(ctx), null);
                delay = next(delay, a.retryAfter());
                continue;
            }
            throw new ActionException(ActionException.Kind.PERMANENT, a.describe(ctx), hint(a.status()), null);
        }
        throw new ActionException(ActionException.Kind.TRANSIENT, last.getMessage() + " (after " + max + " attempts)",
                "the chat service is failing; post the update by hand if it matters now", null);
    }

    /** One HTTP exchange; status 0 stands for "no answer" (connection refused, reset, timed out). */
    private record Answer(int status, String body, Duration retryAfter, String failure) {
        String describe(ActionContext ctx) {
            if (status == 0) return "webhook not reachable: " + failure;
            // redacted whole first (a multi-line secret is one value), then again once flattened, then cut
            String snippet = body == null ? "" : ctx.redact(ctx.redact(body).strip().replaceAll("\\s+", " "));
            if (snippet.length() > SNIPPET) snippet = ctx.cut(snippet, SNIPPET) + "...";
            return ctx.redact("webhook answered " + status + (snippet.isEmpty() ? "" : ": " + snippet));
        }
    }

    private Answer post(ActionContext ctx, URI uri, byte[] body) throws ActionException {
        Duration timeout = remaining(ctx);
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<HttpResponse<String>> f = client.sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        AutoCloseable hook = ctx.cancellation().onCancel(() -> f.cancel(true));
        try {
            HttpResponse<String> r = f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            Duration retryAfter = r.headers().firstValue("Retry-After").flatMap(WebhookAction::seconds).orElse(null);
            return new Answer(r.statusCode(), r.body(), retryAfter, null);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpTimeoutException) return new Answer(0, null, null, "no answer within " + timeout.toSeconds() + "s");
            if (c instanceof IOException) return new Answer(0, null, null, c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : " (" + ctx.redact(c.getMessage()) + ")"));
            throw ActionException.permanent("webhook post failed: " + ctx.redact(String.valueOf(c)));
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Answer(0, null, null, "no answer within " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw ActionException.cancelled("cancelled while posting to the webhook");
        } catch (java.util.concurrent.CancellationException e) {
            throw ActionException.cancelled("cancelled while posting to the webhook");
        } finally {
            closeQuietly(hook);
        }
    }

    private static void closeQuietly(AutoCloseable hook) {
        try {
            hook.close();
        } catch (Exception e) {
            // deregistering a cancel hook cannot fail in a way the post's result depends on
        }
    }

    private static Duration remaining(ActionContext ctx) throws ActionException {
        Duration left = Duration.between(Instant.now(), ctx.deadline());
        if (left.isNegative() || left.isZero()) throw ActionException.timeout("no time left to post to the webhook");
        return left.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : left;
    }

    /** Retry-After when the service sends one, else 1s doubling; never more than 30s. */
    private static Duration next(Duration previous, Duration retryAfter) {
        Duration d = retryAfter != null ? retryAfter : previous == null ? FIRST_DELAY : previous.multipliedBy(2);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The URL, checked without ever echoing it: a malformed one would otherwise land in an error message. */
    private static URI uri(ActionContext ctx, Args args) throws ActionException {
        String url = args.string("url").trim();
        if (!ctx.redact(url).contains("***")) {
            throw ActionException.permanent("the webhook URL of step '" + ctx.stepId() + "' does not come from a secret parameter",
                    "whoever holds the URL can post to the channel: declare the parameter with secret: true and pass it as"
                            + " url: \"${params.<name>}\"");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw ActionException.permanent("the webhook URL is not a valid URL", "check the secret's value");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw ActionException.permanent("the webhook URL is not an http(s) URL", "check the secret's value");
        }
        return uri;
    }

    private static String hint(int status) {
        return switch (status) {
            case 400 -> "the service refused the payload; check 'format' (slack, teams or adaptive) for this webhook";
            case 401, 403 -> "the webhook refused the post: it may have been revoked or restricted";
            case 404, 410 -> "the webhook no longer exists (deleted, or the channel was archived): create a new one and update the secret";
            default -> "check the webhook's configuration";
        };
    }

    private static String format(Args args) throws ActionException {
        String f = args.optString("format").orElse("slack");
        if (!List.of("slack", "teams", "adaptive").contains(f)) {
            throw ActionException.permanent("argument 'format' must be slack, teams or adaptive, got '" + f + "'");
        }
        return f;
    }

    /** The text as it will be sent: title above, secrets redacted. */
    private static String message(ActionContext ctx, Args args) throws ActionException {
        String text = ctx.redact(args.string("text"));
        Optional<String> title = args.optString("title").map(ctx::redact);
        return title.map(t -> t + "\n" + text).orElse(text);
    }

    static byte[] payload(String format, String title, String body) {
        ObjectNode root = JSON.createObjectNode();
        switch (format) {
            case "teams" -> {
                root.put("@type", "MessageCard");
                root.put("@context", "https://schema.org/extensions");
                root.put("summary", title != null ? title : firstLine(body));
                if (title != null) root.put("title", title);
                root.put("text", body);
            }
            case "adaptive" -> {
                root.put("type", "message");
                ArrayNode attachments = root.putArray("attachments");
                ObjectNode att = attachments.addObject();
                att.put("contentType", "application/vnd.microsoft.card.adaptive");
                ObjectNode card = att.putObject("content");
                card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
                card.put("type", "AdaptiveCard");
                card.put("version", "1.4");
                ArrayNode blocks = card.putArray("body");
                if (title != null) blocks.addObject().put("type", "TextBlock").put("text", title).put("weight", "Bolder").put("size", "Medium").put("wrap", true);
                blocks.addObject().put("type", "TextBlock").put("text", body).put("wrap", true);
            }
            default -> root.put("text", title == null ? body : "*" + title + "*\n" + body);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        return dev.runbook.text.Display.headline(s);
    }
}
