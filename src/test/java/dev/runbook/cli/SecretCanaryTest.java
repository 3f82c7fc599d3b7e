package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import dev.runbook.testing.Tmux;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret canary: one token and one 27-line PEM key go everywhere a secret can go in a run (a program's output,
 * upper-cased and straddling a 4 KiB line cut, derived strings, cuts at 200 and 110 characters, a 503 body and a URL,
 * a webhook's answer, a file, a failure, resume), through every source (--secret-env, --secret-file, the prompt at a
 * dumb and at a real terminal) and every output mode (text, --output json, --debug, dry run, runs show text/json,
 * report markdown/json/file). Then every byte written is searched: stdout, stderr, System.err, the terminal's byte
 * stream (tmux), and every file under the state, cache, home and output folders. Searched for: the value, each of
 * its lines, their upper- and lower-case forms, and every 8-character piece of them. Target: 0.
 */
class SecretCanaryTest {
    /** Random per run, so nothing can pass by knowing it; mixed case so case forms differ; '-' for split('-'). */
    private static final String TOKEN = randomToken();
    private static final String PEM = pem();
    private static final Path RUNBOOK = Path.of("src/test/resources/secrets/canary.yaml").toAbsolutePath();

    @TempDir
    Path tmp;

    private HttpServer server;
    private String base;
    private final Map<String, String> places = new LinkedHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // the server knows the token and echoes it, as a misbehaving service would
        server.createContext("/echo", ex -> answer(ex, 200, "a".repeat(4090) + TOKEN + "\n" + TOKEN));
        server.createContext("/fail", ex -> answer(ex, 503, "denied " + TOKEN + " for " + ex.getRequestURI().getRawQuery()));
        server.createContext("/hook", ex -> answer(ex, 503, "b".repeat(190) + TOKEN + " " + PEM));
        // an AWS endpoint whose error body quotes the request, and is not valid JSON: the SDK logs its parse error with it
        server.createContext("/aws", ex -> {
            String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] b = ("{\"__type\":\"ResourceNotFoundException\",\"message\":\"no secret " + request + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(400, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        // an STS endpoint that knows the token: the caller's ARN and user id hold it (the identity lookup succeeds), or
        // the refusal of the lookup quotes it (the identity is "unknown (reason)"); any other call is answered as /aws.
        // STS is posted to "/" whatever the endpoint's path, so the path of the other calls chooses for it.
        server.createContext("/whoami", ex -> sts(ex, stsKnown = true));
        server.createContext("/deny", ex -> sts(ex, stsKnown = false));
        server.createContext("/", ex -> sts(ex, stsKnown));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private volatile boolean stsKnown;

    private static void sts(com.sun.net.httpserver.HttpExchange ex, boolean known) throws IOException {
        String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String body;
        int status;
        if (request.contains("Action=GetCallerIdentity") && known) {
            status = 200;
            body = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                    + "<Arn>arn:aws:sts::123456789012:assumed-role/ops/" + TOKEN + "</Arn><UserId>AROA3XFRBF23:" + TOKEN + "</UserId>"
                    + "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>"
                    + "01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        } else if (request.contains("Action=GetCallerIdentity")) {
            status = 403;
            body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                    + "<Message>denied for session " + TOKEN + "</Message></Error><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>"
                    + "</ErrorResponse>";
        } else {
            status = 400;
            body = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no secret " + request + "\"}";
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", body.startsWith("<") ? "text/xml" : "application/x-amz-json-1.1");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        ex.getRequestBody().readAllBytes();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void not_one_byte_of_a_secret_is_written_anywhere() throws Exception {
        canary(null);
    }

    /**
     * The same runs with a team store ({@code --state dir:PATH}): every journal line is also written to the store (one
     * object per event, plus meta, the runbook and the lease) and read back by the history commands through it; the
     * store's files are searched with the rest.
     */
    @Test
    void not_one_byte_of_a_secret_is_written_anywhere_with_a_team_store() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("team-store"));
        String run = canary("dir:" + store);
        List<Path> objects;
        try (Stream<Path> all = Files.walk(store)) {
            objects = all.filter(Files::isRegularFile).toList();
        }
        assertThat(objects).as("the journal was mirrored into the store")
                .anySatisfy(p -> assertThat(p.toString()).contains("runs/" + run + "/events/"))
                .anySatisfy(p -> assertThat(p.toString()).contains("runs/" + run + "/runbook.yaml"));
        assertThat(places.keySet()).anySatisfy(k -> assertThat(k).startsWith("file team-store/"));
    }

    /** Runs the canary (with a team store when {@code storeUrl} is set) and returns the id of the run that failed and was resumed. */
    private String canary(String storeUrl) throws Exception {
        Path inputs = Files.createDirectories(tmp.resolve("inputs"));
        Path tokenFile = Files.writeString(inputs.resolve("token"), TOKEN + "\n");
        Path pemFile = Files.writeString(inputs.resolve("pem"), PEM + "\n");
        Path state = tmp.resolve("state");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("RUNBOOK_STATE_DIR", state.toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("HOME", tmp.resolve("home").toString());
        env.put("NO_COLOR", "1");
        env.put("TOK", TOKEN);
        env.put("HOOK", base + "/hook/x");
        Cli cli = new Cli(tmp, env, Catalogue::standard);
        List<String> common = new ArrayList<>(List.of("-p", "base=" + base, "-p", "tokenFile=" + tokenFile, "--secret-env", "hook=HOOK"));
        List<String> store = storeUrl == null ? List.of() : List.of("--state", storeUrl);
        common.addAll(store);

        PrintStream realErr = System.err;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
        String failedRun;
        try {
            record("exec text, --secret-env", cli.run(args("exec", RUNBOOK, common, "-p", "out=" + tmp.resolve("o1.txt"),
                    "--secret-env", "token=TOK", "--secret-file", "pem=" + pemFile, "--yes")));
            failedRun = lastRun(state);
            record("exec --output json, --secret-file", cli.run(args("exec", RUNBOOK, common, "-p", "out=" + tmp.resolve("o2.txt"),
                    "--secret-file", "token=" + tokenFile, "--secret-file", "pem=" + pemFile, "--yes", "--output", "json")));
            record("exec --debug", cli.run(args("--debug", RUNBOOK, common, "-p", "out=" + tmp.resolve("o3.txt"),
                    "--secret-env", "token=TOK", "--secret-file", "pem=" + pemFile, "--yes")));
            record("exec --dry-run", cli.run(args("exec", RUNBOOK, common, "-p", "out=" + tmp.resolve("o4.txt"),
                    "--secret-env", "token=TOK", "--secret-file", "pem=" + pemFile, "--dry-run")));
            record("exec --dry-run --output json", cli.run(args("exec", RUNBOOK, common, "-p", "out=" + tmp.resolve("o5.txt"),
                    "--secret-env", "token=TOK", "--secret-file", "pem=" + pemFile, "--dry-run", "--output", "json")));
            CliRun prompt = new CliRun(state).typing(TOKEN + "\n");
            prompt.env.putAll(env);
            CliRun.Outcome typed = prompt.exec(args(null, RUNBOOK, common, "-p", "out=" + tmp.resolve("o6.txt"),
                    "--secret-file", "pem=" + pemFile, "--yes"));
            places.put("exec, token typed at a dumb terminal (stdout, stderr, terminal)", typed.all());
            record("resume text", cli.run(with(store, "resume", failedRun, "--secret-env", "token=TOK", "--secret-file", "pem=" + pemFile,
                    "--secret-env", "hook=HOOK", "--yes")));
            record("resume --output json", cli.run(with(store, "resume", failedRun, "--secret-env", "token=TOK", "--secret-file", "pem=" + pemFile,
                    "--secret-env", "hook=HOOK", "--yes", "--output", "json")));
            String dir = state.toString();
            record("runs", cli.run(with(store, "runs", "--state-dir", dir)));
            record("runs show text", cli.run(with(store, "runs", "show", failedRun, "--state-dir", dir)));
            record("runs show json", cli.run(with(store, "runs", "show", failedRun, "--format", "json", "--state-dir", dir)));
            record("report markdown", cli.run(with(store, "report", failedRun, "--state-dir", dir)));
            record("report json", cli.run(with(store, "report", failedRun, "--format", "json", "--state-dir", dir)));
            record("report -o FILE", cli.run(with(store, "report", failedRun, "-o", tmp.resolve("report.md").toString(), "--state-dir", dir)));
        } finally {
            System.setErr(realErr);
        }
        places.put("System.err (libraries, stray traces)", stray.toString(StandardCharsets.UTF_8));
        terminal("dumb", tokenFile, pemFile);
        terminal("xterm-256color", tokenFile, pemFile);
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> !p.startsWith(inputs)).toList()) {
                places.put("file " + tmp.relativize(p), new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }

        Map<String, int[]> found = new LinkedHashMap<>();
        int whole = 0;
        int pieces = 0;
        for (var e : places.entrySet()) {
            int[] n = count(e.getValue());
            whole += n[0];
            pieces += n[1];
            if (n[0] + n[1] > 0) found.put(e.getKey(), n);
        }
        StringBuilder report = new StringBuilder("secret canary: " + whole + " occurrences of the value, its lines or their case forms, "
                + pieces + " of 8-character pieces, in " + found.size() + " of " + places.size() + " places");
        found.forEach((k, v) -> report.append("\n  ").append(k).append(": ").append(v[0]).append(" + ").append(v[1]).append(" pieces"));
        System.out.println(report);
        String dump = System.getProperty("canary.dump");
        if (dump != null) {
            StringBuilder all = new StringBuilder();
            places.forEach((k, v) -> all.append("=== ").append(k).append('\n').append(v).append('\n'));
            Files.writeString(Path.of(dump), all);
        }
        assertThat(found).as(report + "\n" + firstLeak(found)).isEmpty();

        // the runs really went everywhere: the journal has the outputs, masked, and the file was written
        String journal = Files.readString(ownJournal(state, failedRun));
        assertThat(journal).contains("\"stdout\":\"***\"", "\"type\":\"operator.text\"");
        // the escalation was posted (to the webhook that echoes the secrets) and its message and failure journaled, masked
        assertThat(journal).contains("\"type\":\"escalation.notify\"", "\"status\":\"failed\"", "token ***");
        assertThat(places.get("exec text, --secret-env (stdout, stderr)")).contains("'sh' exited with 3: bad ***");
        assertThat(places.get("runs show text (stdout, stderr)")).contains("fetch", "bad ***");
        assertThat(places.get("report markdown (stdout, stderr)")).contains("fetch");
        assertThat(Files.readString(tmp.resolve("report.md"))).contains("fetch");
        assertThat(Files.readString(tmp.resolve("o1.txt"))).isEqualTo("***\n");
        assertThat(Files.exists(tmp.resolve("o1.txt.env"))).as("the env step ran").isTrue();
        everyJournalLineIsReadable(state);
        return failedRun;
    }

    /**
     * {@code --debug} in a JVM of its own (slf4j reads its settings once per JVM): the SDK's debug log goes to a file under
     * the state folder, private (0600 in a 0700 folder), and through the redactor like every other output. The endpoint's
     * broken answer quotes the request, so the SDK logs the token; the file must hold none of it.
     */
    @Test
    void the_debug_log_file_holds_no_secret_and_is_private() throws Exception {
        Path state = tmp.resolve("debug-state");
        String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(jvm, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main",
                "--debug", "exec", RUNBOOK.resolveSibling("debug-canary.yaml").toString(), "--secret-env", "token=TOK",
                "--set", "aws.endpoint=" + base + "/aws", "--no-input")
                .redirectInput(new java.io.File("/dev/null")).redirectErrorStream(true).redirectOutput(tmp.resolve("debug-run.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RUNBOOK_") || k.startsWith("AWS_") || k.startsWith("AZURE_"));
        env.put("RUNBOOK_STATE_DIR", state.toString());
        env.put("HOME", tmp.resolve("home").toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        env.put("NO_COLOR", "1");
        env.put("TOK", TOKEN);
        Process p = pb.start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(tmp.resolve("debug-run.log"));
        assertThat(p.exitValue()).as(output).isEqualTo(ExitCodes.FAILED);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("debug log \\(SDK and sign-in details\\): (\\S+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        Path log = Path.of(m.group(1));
        String text = Files.readString(log);
        places.put("debug log " + log.getFileName(), text);
        places.put("debug run (stdout, stderr)", output);
        assertThat(text).as("the SDK logged the request it sent, and the broken answer quoting it").contains("DescribeSecret", "\"SecretId\":\"***\"");
        int[] n = count(text);
        int[] o = count(output);
        System.out.println("secret canary, --debug log: " + text.length() + " characters, " + n[0] + " occurrences + " + n[1]
                + " pieces; run output: " + o[0] + " + " + o[1]);
        assertThat(n[0] + n[1]).as(firstLeak(Map.of("debug log " + log.getFileName(), n))).isZero();
        assertThat(o[0] + o[1]).as(firstLeak(Map.of("debug run (stdout, stderr)", o))).isZero();
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(log.getParent())).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * The target identity line (who and where a run acts) is a sink of its own: the header, the non-interactive refusal
     * ("It would act as:"), the journal's run.identity (its text and details), --output json, runs show and the
     * post-mortem's "Acting as". Its text comes from the cloud's answer, so an endpoint that knows the token puts it
     * there: in the caller's ARN and user id, and in the reason of a refused lookup. Each exec in a JVM of its own (the
     * SDK reads the credentials from the process environment); the history views and the completion candidates of
     * the runbook (the hidden __complete, a sink too) in process. Not one piece of the token may be anywhere.
     */
    @Test
    void the_target_identity_line_and_completion_hold_no_secret() throws Exception {
        Path state = tmp.resolve("identity-state");
        Path runbook = RUNBOOK.resolveSibling("identity-canary.yaml");
        int n = 0;
        for (String[] run : List.of(new String[] {"/whoami", "--yes"}, new String[] {"/whoami", "--output", "json", "--yes"},
                new String[] {"/whoami", "--no-input"}, new String[] {"/deny", "--yes"}, new String[] {"/deny", "--no-input"},
                new String[] {"/whoami", "--dry-run", "--output", "json"})) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main", "exec", runbook.toString(),
                    "--secret-env", "token=TOK", "--set", "aws.endpoint=" + base + run[0]));
            cmd.addAll(List.of(run).subList(1, run.length));
            stsKnown = run[0].equals("/whoami");
            Path log = tmp.resolve("identity-run-" + (++n) + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new java.io.File("/dev/null")).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("RUNBOOK_") || k.startsWith("AWS_") || k.startsWith("AZURE_"));
            env.put("RUNBOOK_STATE_DIR", state.toString());
            env.put("HOME", tmp.resolve("home").toString());
            env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            env.put("AWS_REGION", "eu-west-1");
            env.put("AWS_CONFIG_FILE", tmp.resolve("no-aws-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-aws-credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("NO_COLOR", "1");
            env.put("TOK", TOKEN);
            Process p = pb.start();
            assertThat(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            places.put("exec " + String.join(" ", run) + " (stdout, stderr)", Files.readString(log));
        }
        assertThat(places.get("exec /whoami --yes (stdout, stderr)")).as("the lookup succeeded and is shown under the header")
                .contains("account 123456789012 as", "assumed-role/ops/***");
        assertThat(places.get("exec /whoami --no-input (stdout, stderr)")).contains("It would act as:");
        assertThat(places.get("exec /deny --yes (stdout, stderr)")).as("the refused lookup's reason is shown").contains("aws: unknown (");
        Cli cli = new Cli(tmp, Map.of("RUNBOOK_STATE_DIR", state.toString(), "NO_COLOR", "1", "HOME", tmp.resolve("home").toString(),
                "RUNBOOK_PATH", runbook.getParent().toString()), Catalogue::standard);
        try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
            for (Path r : runs.toList()) {
                String id = r.getFileName().toString();
                record("runs show " + id, cli.run("runs", "show", id));
                record("runs show json " + id, cli.run("runs", "show", id, "--format", "json"));
                record("report " + id, cli.run("report", id));
                record("report json " + id, cli.run("report", id, "--format", "json"));
            }
        }
        assertThat(places).as("the post-mortem says who the run acted as").anySatisfy((k, v) -> assertThat(v).contains("Acting as"));
        for (String[] c : List.of(new String[] {"runbooks"}, new String[] {"params", "identity-canary"},
                new String[] {"values", "identity-canary", "token"}, new String[] {"steps", "identity-canary"},
                new String[] {"scenarios", "identity-canary"}, new String[] {"runs"}, new String[] {"resume"})) {
            List<String> a = new ArrayList<>(List.of("__complete"));
            a.addAll(List.of(c));
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            RunbookCommand root = new RunbookCommand(tmp, Map.of("RUNBOOK_STATE_DIR", state.toString(), "HOME", tmp.resolve("home").toString(),
                    "RUNBOOK_PATH", runbook.getParent().toString()), Catalogue::standard);
            int code = Main.run(root, a.toArray(String[]::new), new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            record("__complete " + String.join(" ", c), new Cli.Run(code, out.toString(), err.toString()));
        }
        assertThat(places.get("__complete steps identity-canary (stdout, stderr)")).contains("change");
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                places.put("file " + tmp.relativize(p), new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }
        Map<String, int[]> found = new LinkedHashMap<>();
        places.forEach((k, v) -> {
            int[] c = count(v);
            if (c[0] + c[1] > 0) found.put(k, c);
        });
        System.out.println("secret canary, target identity and completion: " + found.size() + " of " + places.size() + " places hold a piece");
        assertThat(found).as(firstLeak(found)).isEmpty();
        String journal;
        try (Stream<Path> all = Files.walk(state)) {
            journal = Files.readString(all.filter(p -> p.getFileName().toString().equals("journal.jsonl")).findFirst().orElseThrow());
        }
        assertThat(journal).as("the identity was journaled").contains("\"type\":\"run.identity\"");
    }

    /**
     * The PostgreSQL target line (which database a run will change, and as whom) is a sink too: the database's password
     * is the secret, given as a secret parameter to the steps' {@code password:}, and the identity lookup connects with
     * it. The header (real run and dry run), the non-interactive refusal ("It would act as:"), --output json, the
     * journal's run.identity, runs show and the post-mortem say host:port/database as the role, the server's version and
     * where the password came from; not one piece of the password may be anywhere. An offline dry run asks nothing.
     */
    @Test
    void the_postgres_target_line_names_the_database_and_never_its_password() throws Exception {
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            try (java.sql.Connection c = pg.getPostgresDatabase().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE ROLE ops LOGIN PASSWORD '" + TOKEN + "'");
                String hba;
                try (var rs = st.executeQuery("SHOW hba_file")) {
                    rs.next();
                    hba = rs.getString(1);
                }
                // ops must prove its password (the token); the test's own superuser connection stays trusted
                Files.writeString(Path.of(hba), "host all ops 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\nlocal all all trust\n");
                st.execute("SELECT pg_reload_conf()");
            }
            String connection = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=ops";
            Path runbook = Files.writeString(tmp.resolve("pg-canary.yaml"), String.join("\n", "runbook: pg-canary",
                    "title: The database's password through the target line", "severity: P3", "summary: the password is the secret",
                    "parameters:", "  token: { type: string, secret: true, required: true }", "  connection: { type: string, required: true }",
                    "diagnose:", "  - id: look", "    uses: postgres.connections",
                    "    with: { connection: \"${params.connection}\", password: \"${params.token}\" }",
                    "resolve:", "  - id: change", "    uses: shell", "    effect: write", "    with: { command: [sh, -c, 'true'] }", ""));
            Path state = tmp.resolve("pg-state");
            Cli cli = new Cli(tmp, Map.of("RUNBOOK_STATE_DIR", state.toString(), "NO_COLOR", "1", "HOME", tmp.resolve("home").toString(),
                    "TOK", TOKEN, "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), Catalogue::standard);
            List<String> common = List.of("--secret-env", "token=TOK", "-p", "connection=" + connection);
            for (List<String> run : List.of(List.of("--yes"), List.of("--no-input"), List.of("--dry-run", "--output", "json"),
                    List.of("--dry-run", "--offline"))) {
                List<String> a = new ArrayList<>(List.of("exec", runbook.toString()));
                a.addAll(common);
                a.addAll(run);
                record("exec postgres " + String.join(" ", run), cli.run(a.toArray(String[]::new)));
            }
            String where = "target postgres: 127.0.0.1:" + pg.getPort() + "/postgres as ops, PostgreSQL ";
            // the line is word-wrapped to the terminal: compared with its blanks folded
            assertThat(places.get("exec postgres --yes (stdout, stderr)").replaceAll("\\s+", " ")).as("the header names the database, the role, the version")
                    .contains(where, "(password from the password argument, redacted)");
            assertThat(places.get("exec postgres --yes (stdout, stderr)")).as("the lookup's own session is not counted by the diagnosis")
                    .doesNotContain("(identity)");
            assertThat(places.get("exec postgres --no-input (stdout, stderr)").replaceAll("\\s+", " ")).containsSubsequence("It would act as:", where.substring("target ".length()));
            assertThat(places.get("exec postgres --dry-run --output json (stdout, stderr)")).contains("\"type\":\"run.identity\"", "\"provider\":\"postgres\"",
                    "\"user\":\"ops\"");
            assertThat(places.get("exec postgres --dry-run --offline (stdout, stderr)")).contains("target postgres: offline: not asked");
            try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
                for (Path r : runs.toList()) {
                    String id = r.getFileName().toString();
                    record("runs show " + id, cli.run("runs", "show", id));
                    record("report " + id, cli.run("report", id));
                    record("report json " + id, cli.run("report", id, "--format", "json"));
                }
            }
            assertThat(places).as("the post-mortem says which database the run acted on").anySatisfy((k, v) -> assertThat(v).contains("postgres: 127.0.0.1:"));
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    places.put("file " + tmp.relativize(f), new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                }
            }
            Map<String, int[]> found = new LinkedHashMap<>();
            places.forEach((k, v) -> {
                int[] c = count(v);
                if (c[0] + c[1] > 0) found.put(k, c);
            });
            System.out.println("secret canary, postgres target identity: " + found.size() + " of " + places.size() + " places hold a piece");
            assertThat(found).as(firstLeak(found)).isEmpty();
        }
    }

    @Test
    void a_secret_of_one_character_is_refused_with_a_clear_message_and_nothing_is_written() throws Exception {
        Path state = tmp.resolve("state");
        Path pinFile = Files.writeString(tmp.resolve("pin"), "7\n");
        Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "RUNBOOK_STATE_DIR", state.toString(), "NO_COLOR", "1", "TOK", TOKEN, "PIN", "7", "HOOK", base + "/hook/x"));
        Cli cli = new Cli(tmp, env, Catalogue::standard);
        Path pemFile = Files.writeString(tmp.resolve("pem"), PEM);
        List<String> common = List.of("-p", "base=" + base, "-p", "tokenFile=x", "-p", "out=" + tmp.resolve("o.txt"),
                "--secret-env", "hook=HOOK", "--secret-file", "pem=" + pemFile);
        for (String[] source : List.of(new String[] {"--secret-env", "pin=PIN"}, new String[] {"--secret-file", "pin=" + pinFile})) {
            Cli.Run r = cli.run(args("exec", RUNBOOK, common, "--secret-env", "token=TOK", source[0], source[1], "--yes"));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(r.toString()).contains("secret parameter 'pin' is 1 character long", "at least 4 characters");
        }
        // typed at the prompt: asked again, twice, then refused
        CliRun typed = new CliRun(state).typing("7\n7\n7\n");
        typed.env.putAll(env);
        CliRun.Outcome o = typed.exec(args(null, RUNBOOK, common, "--yes"));
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.terminal()).as(o.toString()).contains("a secret must have at least 4 characters; try again");
        assertThat(o.err()).as(o.toString()).contains("secret parameter 'token' is 1 character long");
        assertThat(Files.exists(state.resolve("runs")) ? Files.list(state.resolve("runs")).count() : 0L)
                .as("no run was started, so no record can be corrupted").isZero();
    }

    /** A real terminal: tmux runs the CLI with TERM set, the test types the token at the prompt; every byte is kept. */
    private void terminal(String term, Path tokenFile, Path pemFile) throws Exception {
        if (!Tmux.available()) {
            System.out.println("secret canary: tmux is not installed; the terminal byte stream (TERM=" + term + ") is not checked");
            return;
        }
        Path dir = Files.createDirectories(tmp.resolve("tty-" + term));
        Path stream = dir.resolve("stream.bin");
        Path go = dir.resolve("go");
        Path answers = Files.writeString(dir.resolve("answers.yaml"), "failures: { fail: abort }\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = dir.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "export TERM='" + term + "' RUNBOOK_STATE_DIR='" + dir.resolve("state") + "' XDG_CACHE_HOME='" + dir.resolve("cache")
                + "' HOME='" + dir.resolve("home") + "' HOOK='" + base + "/hook/x'\n"
                + "unset NO_COLOR\n"
                + "while [ ! -e '" + go + "' ]; do sleep 0.1; done\n"
                + "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.runbook.cli.Main exec '" + RUNBOOK + "'"
                + " -p base=" + base + " -p tokenFile='" + tokenFile + "' -p out='" + dir.resolve("out.txt") + "'"
                + " --secret-file pem='" + pemFile + "' --secret-env hook=HOOK --yes --answers '" + answers + "'\n"
                + "echo \"EXIT=$?\"\nsleep 60\n");
        script.toFile().setExecutable(true);
        try (Tmux t = Tmux.start(script, 160, 50)) {
            t.pipeTo(stream);
            Files.writeString(go, "");
            t.waitForPrompt("not echoed", Duration.ofSeconds(60));
            t.typeLine(TOKEN);
            String screen = t.waitFor("EXIT=", Duration.ofSeconds(120));
            places.put("terminal screen, TERM=" + term, screen);
            assertThat(screen).as("the run went through the prompt").contains("runbook runs show");
        }
        places.put("terminal byte stream, TERM=" + term, Files.exists(stream) ? Files.readString(stream, StandardCharsets.ISO_8859_1) : "");
    }

    private static String[] with(List<String> more, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(more);
        return a.toArray(String[]::new);
    }

    private void record(String place, Cli.Run r) {
        places.put(place + " (stdout, stderr)", r.out() + "\n" + r.err());
    }

    private static String[] args(String command, Path runbook, List<String> common, String... more) {
        List<String> a = new ArrayList<>();
        if ("--debug".equals(command)) a.add("--debug");
        if (command != null) a.add("exec");
        a.add(runbook.toString());
        a.addAll(common);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** The newest run this machine ran: in {@code runs/}, or with a team store in its local copy ({@code shared/<hash>/runs/}). */
    private static String lastRun(Path state) throws IOException {
        return ownJournal(state, null).getParent().getFileName().toString();
    }

    private static Path ownJournal(Path state, String runId) throws IOException {
        try (Stream<Path> all = Files.walk(state)) {
            return all.filter(p -> p.getFileName().toString().equals("journal.jsonl") && p.getParent().getParent().getFileName().toString().equals("runs"))
                    .filter(p -> runId == null || p.getParent().getFileName().toString().equals(runId))
                    .max(java.util.Comparator.comparing(p -> p.getParent().getFileName().toString())).orElseThrow();
        }
    }

    /** Every line of every journal is JSON with a numeric seq: no redaction ever broke a record. */
    private static void everyJournalLineIsReadable(Path state) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> all = Files.walk(state)) {
            for (Path p : all.filter(f -> f.getFileName().toString().equals("journal.jsonl")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    JsonNode n = json.readTree(line);
                    assertThat(n.get("seq").isNumber()).as(line).isTrue();
                }
            }
        }
    }

    /** The searched forms: [0] the value, each line, their case forms; [1] every 8-character piece. */
    private static final List<Set<String>> NEEDLES = needles();

    private static List<Set<String>> needles() {
        Set<String> whole = new LinkedHashSet<>();
        Set<String> pieces = new LinkedHashSet<>();
        List<String> values = new ArrayList<>(List.of(TOKEN, PEM));
        values.addAll(PEM.lines().toList());
        for (String v : values) {
            for (String form : List.of(v, v.toUpperCase(Locale.ROOT), v.toLowerCase(Locale.ROOT))) {
                whole.add(form);
                for (int i = 0; i + 8 <= form.length(); i++) pieces.add(form.substring(i, i + 8));
            }
        }
        return List.of(whole, pieces);
    }

    private static int[] count(String text) {
        int[] n = new int[2];
        for (int k = 0; k < 2; k++) {
            for (String needle : NEEDLES.get(k)) {
                for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n[k]++;
            }
        }
        return n;
    }

    private String firstLeak(Map<String, int[]> found) {
        if (found.isEmpty()) return "";
        String place = found.keySet().iterator().next();
        String text = places.get(place);
        for (Set<String> set : NEEDLES) {
            for (String needle : set) {
                int i = text.indexOf(needle);
                if (i >= 0) {
                    return "first leak in " + place + " ('" + needle + "'):\n..." + text.substring(Math.max(0, i - 300), Math.min(text.length(), i + 100)) + "...";
                }
            }
        }
        return "";
    }

    private static String randomToken() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder("Cq");
        for (int i = 0; i < 22; i++) {
            if (i == 11) sb.append('-');
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** 27 lines: BEGIN, 25 lines of base64 (64 characters, the last shorter), END. Random, so it is no real key. */
    private static String pem() {
        byte[] key = new byte[1190];
        new SecureRandom().nextBytes(key);
        String b64 = Base64.getEncoder().encodeToString(key);
        StringBuilder sb = new StringBuilder("-----BEGIN PRIVATE KEY-----\n");
        for (int i = 0; i < b64.length(); i += 64) sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        return sb.append("-----END PRIVATE KEY-----").toString();
    }
}
