package dev.runbook.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service on 127.0.0.1 whose /health answers 503 until its restart flag file appears, then 200 after a warm-up
 * (as a restarted app does) unless it is told never to recover. Every answer is recorded.
 */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final Path restartFlag;
    private final long warmUpMillis;
    private volatile boolean recovers = true;
    private volatile long restartSeenAt;
    final List<Integer> answered = new CopyOnWriteArrayList<>();

    HealthServer(Path restartFlag, long warmUpMillis) throws IOException {
        this.restartFlag = restartFlag;
        this.warmUpMillis = warmUpMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", this::health);
        server.start();
    }

    /** Healthy from the first request: restarted long ago. */
    HealthServer alreadyHealthy() {
        restartSeenAt = System.nanoTime() - warmUpMillis * 1_000_000L;
        return this;
    }

    HealthServer neverRecovers() {
        recovers = false;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    private void health(HttpExchange ex) throws IOException {
        boolean healthy = false;
        if (recovers && Files.exists(restartFlag)) {
            if (restartSeenAt == 0) restartSeenAt = System.nanoTime();
            healthy = System.nanoTime() - restartSeenAt >= warmUpMillis * 1_000_000L;
        }
        int status = healthy ? 200 : 503;
        byte[] body = ("{\"status\":\"" + (healthy ? "ok" : "down") + "\",\"checks\":{\"database\":\"ok\"}}").getBytes(StandardCharsets.UTF_8);
        answered.add(status);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
