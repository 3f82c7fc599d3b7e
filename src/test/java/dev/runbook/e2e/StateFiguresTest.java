package dev.runbook.e2e;

import dev.runbook.state.FileObjectStore;
import dev.runbook.state.MemoryStore;
import dev.runbook.state.ObjectStore;
import dev.runbook.state.StateStores;
import dev.runbook.state.StateUrl;
import dev.runbook.state.StoreCheck;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for docs/state.md, not assertions: lock acquire and journal append latency per store (median of 100), and
 * the wall time of a 20-step run (the real CLI in a child JVM) with the local default and with each store.
 * Run with {@code mvn -o test -Dtest=StateFiguresTest -Dstate.figures=true}.
 */
@EnabledIfSystemProperty(named = "state.figures", matches = "true")
class StateFiguresTest {
    @TempDir
    Path tmp;

    @Test
    void figures() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String pgUrl = "postgres://postgres@127.0.0.1:" + pg.getPort() + "/postgres";
            Map<String, ObjectStore> stores = new LinkedHashMap<>();
            stores.put("memory", new MemoryStore("memory:"));
            stores.put("dir:", new FileObjectStore(tmp.resolve("team-latency")));
            stores.put("postgres (embedded)", StateStores.open(StateUrl.parse(pgUrl), Map.of()));
            for (var e : stores.entrySet()) {
                StoreCheck.Report r = new StoreCheck(e.getValue(), Clock.systemUTC()).run(100);
                System.out.printf("FIGURE latency %-20s acquire %.2f ms  append %.2f ms  safe=%s%n", e.getKey(), r.acquireMs(), r.appendMs(), r.safe());
                e.getValue().close();
            }
            Path runbooks = tmp.resolve("work/runbooks");
            Files.createDirectories(runbooks);
            new ProcessBuilder("bash", Path.of("bench/gen-steps.sh").toAbsolutePath().toString(), "20", runbooks.toString()).inheritIO().start().waitFor();
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("local (no --state)", null);
            urls.put("dir:", "dir:" + tmp.resolve("team-run"));
            urls.put("postgres (embedded)", pgUrl);
            Map<String, List<Long>> ms = new LinkedHashMap<>();
            for (int round = 0; round < 7; round++) {
                for (var u : urls.entrySet()) {
                    ms.computeIfAbsent(u.getKey(), k -> new ArrayList<>()).add(run(u.getValue(), round));
                }
            }
            ms.forEach((k, v) -> {
                long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("FIGURE 20-step exec %-20s median %d ms  [%d-%d] of %d%n", k, a[a.length / 2], a[0], a[a.length - 1], a.length);
            });
        }
    }

    private long run(String url, int round) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main", "exec", "steps-20", "--yes", "--no-input");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.resolve("work").toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("run.log").toFile());
        pb.environment().put("RUNBOOK_STATE_DIR", tmp.resolve("home-" + round).toString());
        pb.environment().remove("RUNBOOK_STATE");
        if (url != null) pb.environment().put("RUNBOOK_STATE", url);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(Files.readString(tmp.resolve("run.log")));
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
