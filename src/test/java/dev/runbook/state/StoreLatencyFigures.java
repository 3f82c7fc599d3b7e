package dev.runbook.state;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.runbook.state.azblob.Azurite;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Figures for the notes, not assertions: the median of 100 createIfAbsent and of 100 get against each store's local
 * emulator, after 20 of each to warm up. Run on demand:
 * {@code mvn -o test -Dtest=StoreLatencyFigures -Dstate.figures=true}.
 */
@EnabledIfSystemProperty(named = "state.figures", matches = "true")
class StoreLatencyFigures {
    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("figures").build();

    @Test
    void median_latency_per_store() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(measure("memory", () -> new MemoryStore("memory")));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            lines.add(measure("postgres (embedded 16.4)", () -> StateStores.open(StateUrl.parse("postgres://postgres@127.0.0.1:" + pg.getPort()
                    + "/postgres"), Map.of())));
        }
        Map<String, String> s3env = Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + S3.getHttpPort(), "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s");
        lines.add(measure("s3 (S3Mock 4.11.0)", () -> StateStores.open(StateUrl.parse("s3://figures/p"), s3env)));
        try (Azurite azurite = Azurite.startOrSkip()) {
            azurite.createContainer("figures");
            lines.add(measure("azblob (Azurite 3.35.0)", () -> StateStores.open(StateUrl.parse("azblob://" + Azurite.ACCOUNT
                    + "/figures/p"), azurite.env())));
        }
        System.out.println("\nFIGURES median of 100 (ms)\n" + String.join("\n", lines) + "\n");
    }

    private static String measure(String name, Supplier<ObjectStore> open) {
        try (ObjectStore s = open.get()) {
            String ns = "fig-" + UUID.randomUUID() + "/";
            for (int i = 0; i < 20; i++) {
                s.createIfAbsent(ns + "warm/" + i, new byte[300]);
                s.get(ns + "warm/" + i);
            }
            List<Double> create = new ArrayList<>();
            List<Double> get = new ArrayList<>();
            byte[] event = new byte[600];
            for (int i = 0; i < 100; i++) {
                String k = ns + "events/" + String.format("%010d", i);
                long t0 = System.nanoTime();
                s.createIfAbsent(k, event).orElseThrow();
                long t1 = System.nanoTime();
                s.get(k).orElseThrow();
                long t2 = System.nanoTime();
                create.add((t1 - t0) / 1e6);
                get.add((t2 - t1) / 1e6);
            }
            return String.format("%-26s createIfAbsent %7.2f   get %7.2f", name, median(create), median(get));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}
