package dev.runbook.action.postgres.impl;

import static dev.runbook.action.postgres.impl.Pg.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.action.Action;
import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgres.dump. The embedded server (16.4) ships no pg_dump, so most tests run a recording stand-in script to check
 * what the action does around pg_dump; the real pg_dump on PATH is used where its version allows.
 */
class PostgresDumpTest {
    static EmbeddedPostgres pg;
    static final Action dump = Catalogue.standard().action("postgres.dump");

    @TempDir
    Path dir;
    Path fake;
    Path log;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        try (Connection c = Pg.connect(pg, "setup"); var st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id int PRIMARY KEY, total numeric)");
            st.execute("INSERT INTO invoices SELECT g, g * 3 FROM generate_series(1, 100) g");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @BeforeEach
    void installFake() throws Exception {
        fake = dir.resolve("bin/pg_dump");
        Files.createDirectories(fake.getParent());
        try (InputStream in = getClass().getResourceAsStream("/postgres/fake-pg_dump.sh")) {
            Files.copy(in, fake);
        }
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = dir.resolve("argv.log");
    }

    TestContext ctx(Duration timeout, String mode) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", fake.getParent() + ":/usr/bin:/bin");
        env.put("FAKE_LOG", log.toString());
        env.put("FAKE_MODE", mode);
        return TestContext.withEnv(timeout, env, dir);
    }

    Args args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connection", Pg.url(pg) + "&sslmode=disable");
        m.put("password", "s3cret-pw");
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Args.of(m);
    }

    @Test
    void writes_the_dump_atomically_with_size_and_checksum_and_the_password_only_in_the_environment() throws Exception {
        Files.createDirectories(dir.resolve("backups"));
        Result r = dump.execute(ctx(Duration.ofSeconds(20), "ok"), args("file", "backups/before.dump", "schemas", List.of("public")));
        Path file = dir.resolve("backups/before.dump");
        assertThat(r.outputs().get("path")).isEqualTo(file.toString());
        byte[] content = Files.readAllBytes(file);
        assertThat(new String(content, StandardCharsets.UTF_8)).startsWith("PGDMP");
        assertThat(r.outputs().get("bytes")).isEqualTo((long) content.length);
        assertThat(r.outputs().get("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(r.outputs().get("format")).isEqualTo("custom");
        assertThat(leftovers()).isEmpty();

        List<String> argv = Files.readAllLines(log);
        assertThat(argv).contains("--format=c", "--no-password", "--schema=public")
                .anyMatch(a -> a.startsWith("--file=") && a.endsWith(".partial"))
                .anyMatch(a -> a.equals("--dbname=host='127.0.0.1' port=" + pg.getPort()
                        + " dbname='postgres' user='postgres' connect_timeout=10 sslmode='disable'"));
        assertThat(String.join(" ", argv)).doesNotContain("s3cret-pw");
        assertThat(Files.readString(Path.of(log + ".pw"))).isEqualTo("s3cret-pw");
    }

    @Test
    void plan_shows_the_command_without_the_password_and_changes_nothing() throws Exception {
        Files.createDirectories(dir.resolve("backups"));
        Plan plan = dump.plan(ctx(Duration.ofSeconds(20), "ok"), args("file", "backups/p.dump", "format", "plain"));
        assertThat(plan.summary()).startsWith("pg_dump postgres (").contains("as plain");
        assertThat(plan.before()).containsEntry("exists", false).containsKey("databaseBytes");
        assertThat((String) plan.before().get("serverVersion")).startsWith("16.");
        assertThat(plan.details()).anyMatch(d -> d.startsWith("command:") && d.contains("--format=p"))
                .anyMatch(d -> d.equals("password: from the password argument, passed as PGPASSWORD"))
                .noneMatch(d -> d.contains("s3cret-pw"));
        assertThat(Files.exists(log)).isFalse();
        assertThat(Files.exists(dir.resolve("backups/p.dump"))).isFalse();
    }

    @Test
    void a_failing_pg_dump_leaves_no_file_and_explains_the_failure() throws Exception {
        ActionException e = failure(() -> dump.execute(ctx(Duration.ofSeconds(20), "fail"), args("file", "x.dump")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
        assertThat(e.getMessage()).startsWith("password authentication failed for user postgres")
                .contains("check the secret parameter or PGPASSWORD");
        assertThat(Files.exists(dir.resolve("x.dump"))).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void the_step_timeout_stops_pg_dump_and_leaves_no_file() throws Exception {
        long start = System.nanoTime();
        ActionException e = failure(() -> dump.execute(ctx(Duration.ofSeconds(3), "slow"), args("file", "slow.dump")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("did not finish within the step's timeout (3s)");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8000);
        assertThat(Files.exists(dir.resolve("slow.dump"))).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void an_existing_file_is_kept_unless_overwrite_is_set() throws Exception {
        Path file = dir.resolve("keep.dump");
        Files.writeString(file, "precious");
        ActionException e = failure(() -> dump.execute(ctx(Duration.ofSeconds(20), "ok"), args("file", "keep.dump")));
        assertThat(e.getMessage()).isEqualTo("the dump file already exists: " + file);
        assertThat(Files.readString(file)).isEqualTo("precious");
        dump.execute(ctx(Duration.ofSeconds(20), "ok"), args("file", "keep.dump", "overwrite", true));
        assertThat(Files.readString(file)).startsWith("PGDMP");
    }

    @Test
    void a_missing_pg_dump_or_folder_is_reported_before_anything_runs() throws Exception {
        TestContext noPath = TestContext.withEnv(Duration.ofSeconds(20), Map.of("PATH", dir.resolve("nowhere").toString()), dir);
        ActionException e = failure(() -> dump.plan(noPath, args("file", "a.dump")));
        assertThat(e.getMessage()).isEqualTo("pg_dump is not on PATH");
        assertThat(e.hint()).contains("pgDump:");

        ActionException folder = failure(() -> dump.plan(ctx(Duration.ofSeconds(20), "ok"), args("file", "missing/a.dump")));
        assertThat(folder.getMessage()).startsWith("the folder for the dump does not exist");

        ActionException notExe = failure(() -> dump.plan(ctx(Duration.ofSeconds(20), "ok"), args("file", "a.dump", "pgDump", "argv.log")));
        assertThat(notExe.getMessage()).contains("is not an executable file");
    }

    @Test
    void an_older_pg_dump_than_the_server_is_refused_in_the_plan() throws Exception {
        Optional<Path> real = systemPgDump();
        int major = real.map(PostgresDumpTest::major).orElse(0);
        assumeTrue(real.isPresent() && major < 16, "needs a pg_dump older than the embedded PostgreSQL 16 on PATH");
        ActionException e = failure(() -> dump.plan(ctx(Duration.ofSeconds(20), "ok"),
                args("file", "a.dump", "pgDump", real.get().toString())));
        assertThat(e.getMessage()).contains("older than the server (PostgreSQL 16.").contains("refuses to dump a newer server");
        assertThat(e.hint()).contains("PostgreSQL 16 client");
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
        }
    }

    private static Optional<Path> systemPgDump() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, "pg_dump");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static int major(Path pgDump) {
        try {
            Process p = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
