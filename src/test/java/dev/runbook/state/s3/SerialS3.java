package dev.runbook.state.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * An S3 endpoint on 127.0.0.1 that forwards to S3Mock one request at a time. S3Mock checks {@code If-None-Match} /
 * {@code If-Match} and then writes without a lock in between, so racing conditional PUTs of one key can all win there
 * (seen: 3 of 8). Amazon S3 decides them one at a time: the first wins, the others get 412 (or 409
 * ConditionalRequestConflict while one is in flight, which S3StoreWireTest covers). Forwarding one request at a time
 * gives S3Mock that order, so the races of the conformance suite and of two CLI processes can run against S3Store and a
 * real S3 implementation; what this proves and what it does not is in docs/state.md, "S3".
 *
 * <p>It can also lose answers: {@link #loseAnswers} forwards matching requests (so they take effect) and then closes
 * the connection without an answer, the lost response of the self-lock trap.
 */
public final class SerialS3 implements AutoCloseable {
    /** One request as the proxy saw it. */
    public record Request(String method, String path, Map<String, List<String>> headers) {
        public String header(String name) {
            for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            return null;
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding",
            "keep-alive");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "serial-s3");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI upstream;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private volatile Predicate<Request> lose = r -> false;
    private final AtomicInteger lost = new AtomicInteger();
    private final List<Request> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SerialS3(int upstreamPort) throws IOException {
        this.upstream = URI.create("http://127.0.0.1:" + upstreamPort);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A serial endpoint in front of the S3 (S3Mock) listening on {@code upstreamPort}. */
    public static SerialS3 inFrontOf(int upstreamPort) {
        try {
            return new SerialS3(upstreamPort);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** From now on, requests matching {@code which} take effect and their answers are lost (null: none). */
    public void loseAnswers(Predicate<Request> which) {
        lose = which == null ? r -> false : which;
    }

    /** From now on, requests matching {@code which} are dropped unanswered before they reach S3 (null: none). */
    public void dropRequests(Predicate<Request> which) {
        drop = which == null ? r -> false : which;
    }

    private volatile Predicate<Request> drop = r -> false;

    /** How many answers were lost so far. */
    public int lost() {
        return lost.get();
    }

    /** Every request forwarded, in order. */
    public List<Request> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String raw = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            HttpRequest.Builder req = HttpRequest.newBuilder(upstream.resolve(raw))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!NOT_FORWARDED.contains(k.toLowerCase(Locale.ROOT))) for (String v : vs) req.header(k, v);
            });
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), Map.copyOf(ex.getRequestHeaders()));
            seen.add(r);
            if (drop.test(r)) {
                lost.incrementAndGet();
                return; // never forwarded: the connection closes without an answer and nothing happened
            }
            HttpResponse<byte[]> resp;
            oneAtATime.lock();
            try {
                resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                oneAtATime.unlock();
            }
            if (lose.test(r)) {
                lost.incrementAndGet();
                return; // closing the exchange before any answer closes the connection: the request took effect, its answer is lost
            }
            resp.headers().map().forEach((k, vs) -> {
                if (!NOT_FORWARDED.contains(k.toLowerCase(Locale.ROOT)) && !k.equalsIgnoreCase("date")) ex.getResponseHeaders().put(k, vs);
            });
            boolean noBody = resp.body().length == 0 || ex.getRequestMethod().equals("HEAD") || resp.statusCode() == 204 || resp.statusCode() == 304;
            ex.sendResponseHeaders(resp.statusCode(), noBody ? -1 : resp.body().length);
            if (!noBody) ex.getResponseBody().write(resp.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
