package dev.runbook.state.azblob;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Azurite's blob service (npm azurite@3.35.0, MIT, installed by .ci/run into .ci/node/azurite), started by the test on
 * 127.0.0.1 with a free port, in memory, and stopped afterwards. Without node or the install the tests that need it
 * are skipped, loudly.
 */
public final class Azurite implements AutoCloseable {
    static final Path BIN = Path.of(".ci", "node", "azurite", "node_modules", ".bin", "azurite-blob");
    /** Azurite's well-known development account and key (published by Microsoft for the emulator; not a secret). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public final int port;
    private final Process process;
    private final Path location;

    private Azurite(int port, Process process, Path location) {
        this.port = port;
        this.process = process;
        this.location = location;
    }

    /** Creates a container through the store's own client factory. */
    public void createContainer(String name) {
        BlobStoreFactory.container(ACCOUNT, name, env()).create();
    }

    /** Starts Azurite, or skips the calling test class with the reason when node or Azurite is missing. */
    public static Azurite startOrSkip() throws Exception {
        String why = null;
        if (!Files.isExecutable(BIN)) {
            why = BIN + " is missing: run .ci/run, or npm install --no-save --prefix .ci/node/azurite azurite@3.35.0";
        } else if (!onPath("node")) {
            why = "node is not on the PATH";
        }
        if (why != null) {
            String msg = "SKIPPED: the Azure Blob state store tests need Azurite: " + why;
            System.err.println("\n*** " + msg + " ***\n");
            Assumptions.abort(msg);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path location = Files.createTempDirectory("azurite");
        List<String> cmd = new ArrayList<>(List.of(BIN.toAbsolutePath().toString(), "--blobHost", "127.0.0.1", "--blobPort",
                // in memory; Azurite 3.35 refuses --location together with --inMemoryPersistence, so the temporary
                // folder is only its working directory, for anything it might still write
                String.valueOf(port), "--silent", "--inMemoryPersistence",
                // the SDK speaks a newer service version than this Azurite knows; the operations used here are old
                "--skipApiVersionCheck"));
        Process p = new ProcessBuilder(cmd).directory(location.toFile()).redirectErrorStream(true).redirectOutput(location.resolve("azurite.log").toFile()).start();
        Azurite a = new Azurite(port, p, location);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return a;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > until) {
                    String log = Files.exists(location.resolve("azurite.log")) ? Files.readString(location.resolve("azurite.log")) : "";
                    a.close();
                    throw new IllegalStateException("Azurite did not start on port " + port + ":\n" + log);
                }
                Thread.sleep(100);
            }
        }
    }

    public String connectionString() {
        return connectionString(port);
    }

    public static String connectionString(int port) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint=http://127.0.0.1:" + port
                + "/" + ACCOUNT + ";";
    }

    public Map<String, String> env() {
        return Map.of(BlobStoreFactory.CONNECTION_ENV, connectionString());
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(location)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(f);
        }
    }
}
