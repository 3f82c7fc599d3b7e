package dev.runbook.e2e;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.runbook.state.FileObjectStore;
import dev.runbook.state.MemoryStore;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.StateStores;
import dev.runbook.state.StateUrl;
import dev.runbook.state.StoreCheck;
import dev.runbook.state.azblob.Azurite;
import dev.runbook.state.s3.SerialS3;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for docs/state.md, not assertions, for every store on its local emulator: lock acquire and journal append
 * (median of 100, measured by {@code runbook state check}'s own code, {@link StoreCheck}, after its checks have warmed
 * the store up), and the wall time of a 20-step run (the real CLI in a child JVM, median of 7, interleaved) with the
 * local default and with each store. S3 is S3Mock 4.11.0 behind {@link SerialS3}, as in the tests.
 * Run with {@code mvn -o test -Dtest=StateFiguresTest -Dstate.figures=true}.
 */
@EnabledIfSystemProperty(named = "state.figures", matches = "true")
class StateFiguresTest {
    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("figures").build();

    @TempDir
    Path tmp;

    @Test
    void figures() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); SerialS3 serial = SerialS3.inFrontOf(S3.getHttpPort());
             Azurite azurite = Azurite.startOrSkip()) {
            azurite.createContainer("figures");
            Map<String, String> s3env = Map.of("AWS_ENDPOINT_URL_S3", serial.endpoint(), "AWS_REGION", "eu-west-1",
                    "AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s");
            String pgUrl = "postgres://postgres@127.0.0.1:" + pg.getPort() + "/postgres";
            String s3Url = "s3://figures/team";
            String blobUrl = "azblob://" + Azurite.ACCOUNT + "/figures/team";
            Map<String, Supplier<ObjectStore>> stores = new LinkedHashMap<>();
            stores.put("memory", () -> new MemoryStore("memory:"));
            stores.put("dir:", () -> new FileObjectStore(tmp.resolve("team-latency")));
            stores.put("postgres (embedded 16.4)", () -> StateStores.open(StateUrl.parse(pgUrl), Map.of()));
            stores.put("s3 (S3Mock 4.11.0)", () -> StateStores.open(StateUrl.parse(s3Url), s3env));
            stores.put("azblob (Azurite 3.35.0)", () -> StateStores.open(StateUrl.parse(blobUrl), azurite.env()));
            List<String> lines = new ArrayList<>();
            for (var e : stores.entrySet()) {
                try (ObjectStore s = e.getValue().get()) {
                    StoreCheck.Report r = new StoreCheck(s, Clock.systemUTC()).run(100);
                    lines.add(String.format("FIGURE latency %-26s lock acquire %7.2f ms   journal append %7.2f ms   safe=%s", e.getKey(),
                            r.acquireMs(), r.appendMs(), r.safe()));
                }
            }
            Path runbooks = tmp.resolve("work/runbooks");
            Files.createDirectories(runbooks);
            new ProcessBuilder("bash", Path.of("bench/gen-steps.sh").toAbsolutePath().toString(), "20", runbooks.toString()).inheritIO().start().waitFor();
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("local (no --state)", null);
            urls.put("dir:", "dir:" + tmp.resolve("team-run"));
            urls.put("postgres (embedded 16.4)", pgUrl);
            urls.put("s3 (S3Mock 4.11.0)", s3Url);
            urls.put("azblob (Azurite 3.35.0)", blobUrl);
            Map<String, Map<String, String>> envs = Map.of("s3 (S3Mock 4.11.0)", s3env, "azblob (Azurite 3.35.0)", azurite.env());
            Map<String, List<Long>> ms = new LinkedHashMap<>();
            for (int round = 0; round < 7; round++) {
                for (var u : urls.entrySet()) {
                    ms.computeIfAbsent(u.getKey(), k -> new ArrayList<>()).add(run(u.getValue(), envs.getOrDefault(u.getKey(), Map.of()), round));
                }
            }
            long local = median(ms.get("local (no --state)"));
            ms.forEach((k, v) -> {
                long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
                lines.add(String.format("FIGURE 20-step exec %-26s median %5d ms  [%d-%d] of %d   added %+d ms", k, median(v), a[0], a[a.length - 1],
                        a.length, median(v) - local));
            });
            System.out.println("\n" + String.join("\n", lines) + "\n");
            Files.writeString(Path.of("target/state-figures.txt"), String.join("\n", lines) + "\n");
        }
    }

    private static long median(List<Long> v) {
        long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
        return a[a.length / 2];
    }

    private long run(String url, Map<String, String> env, int round) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main", "exec", "steps-20", "--yes", "--no-input");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.resolve("work").toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("run.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("RUNBOOK_") || k.startsWith("AWS_") || k.startsWith("AZURE_"));
        pb.environment().put("RUNBOOK_STATE_DIR", tmp.resolve("home-" + round).toString());
        if (url != null) pb.environment().put("RUNBOOK_STATE", url);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(url + "\n" + Files.readString(tmp.resolve("run.log")));
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
