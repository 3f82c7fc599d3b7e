package dev.runbook.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.runbook.cli.ExitCodes;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code runbooks/service-down.yaml} through the built launcher against one WireMock over HTTPS on
 * 127.0.0.1 that plays Resource Manager, Log Analytics, the health endpoint and the sign-in authority. The credential
 * is the production DefaultAzureCredential, fed a client secret from the environment: it signs in at the stubbed
 * token endpoint, so the bearer policies, scopes and TLS are the real ones.
 */
class AzureDryRunWireIT {
    static final String SUB = "00000000-1111-2222-3333-444444444444";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String SITE = "/subscriptions/" + SUB + "/resourceGroups/rg-fleet-prod/providers/Microsoft.Web/sites/fleet-api";
    static final String PLAN = "/subscriptions/" + SUB + "/resourceGroups/rg-fleet-plans/providers/Microsoft.Web/serverfarms/asp-fleet-prod";
    static final String APPINSIGHTS = "/subscriptions/" + SUB + "/resourceGroups/rg-fleet-prod/providers/Microsoft.Insights/components/appi-fleet-prod";
    static final String CLIENT_ID = "0b7c4f1e-2a3d-4e5f-8a9b-1c2d3e4f5a6b";
    static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
    static final Path KEYSTORE = Path.of("src/test/resources/azure/test-tls.p12").toAbsolutePath();
    /** The claims a client-credentials token of Entra ID carries for an app: tenant, object id, app id, identity type. */
    static final String ACCESS_TOKEN = jwt("{\"tid\":\"" + TENANT + "\",\"oid\":\"9f1a6c5e-0000-4000-8000-00000000abcd\",\"idtyp\":\"app\","
            + "\"appid\":\"" + CLIENT_ID + "\"}");
    /** The header's line for the stubbed subscription (src/test/resources/azure/subscription.json) and the token's app. */
    static final String IDENTITY = "azure: subscription 'Fleet Production' (" + SUB + "), tenant " + TENANT + ", as app " + CLIENT_ID;

    static WireMockServer wm;

    @TempDir
    Path tmp;
    Launcher runbook;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(KEYSTORE.toString()).keystorePassword("changeit").keyManagerPassword("changeit").keystoreType("PKCS12"));
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    static String base() {
        return "https://127.0.0.1:" + wm.httpsPort();
    }

    @BeforeEach
    void stubs() throws IOException {
        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson(
                "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"" + ACCESS_TOKEN + "\"}")));
        wm.stubFor(get(urlPathEqualTo("/subscriptions/" + SUB)).willReturn(okJson(fixture("subscription.json"))));
        wm.stubFor(get(urlPathEqualTo(SITE)).willReturn(okJson(fixture("site.json"))));
        wm.stubFor(get(urlPathEqualTo(SITE + "/slots")).willReturn(okJson(fixture("slots.json"))));
        wm.stubFor(get(urlPathEqualTo(SITE + "/deployments")).willReturn(okJson(fixture("deployments.json"))));
        wm.stubFor(get(urlPathEqualTo(PLAN)).willReturn(okJson(fixture("plan.json"))));
        wm.stubFor(post(urlPathEqualTo("/v1" + APPINSIGHTS + "/query")).willReturn(okJson("""
                {"tables":[{"name":"PrimaryResult","columns":[{"name":"message","type":"string"},{"name":"count_","type":"long"}],
                  "rows":[["Connection pool exhausted",412]]}]}""")));
        // down when diagnosed, up again when verify looks
        wm.stubFor(get(urlPathEqualTo("/health")).inScenario("health").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")).willSetStateTo("up"));
        wm.stubFor(get(urlPathEqualTo("/health")).inScenario("health").whenScenarioStateIs("up")
                .willReturn(okJson("{\"status\":\"Healthy\"}")));

        runbook = new Launcher(tmp)
                .env("AZURE_CLIENT_ID", CLIENT_ID)
                .env("AZURE_CLIENT_SECRET", "fake-client-secret-for-wiremock")
                .env("AZURE_TENANT_ID", TENANT)
                .env("AZURE_AUTHORITY_HOST", base() + "/")
                .env("AZURE_SUBSCRIPTION_ID", SUB)
                .env("AZURE_LOG_ANALYTICS_ENDPOINT", base())
                .env("RUNBOOK_JAVA_OPTS", "-Djavax.net.ssl.trustStore=" + KEYSTORE + " -Djavax.net.ssl.trustStorePassword=changeit"
                        + " -Djavax.net.ssl.trustStoreType=PKCS12");
    }

    String[] exec(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("exec", "service-down", "-p", "app=fleet-api",
                "-p", "healthUrl=" + base() + "/health", "-p", "appInsights=" + APPINSIGHTS, "--azure-endpoint", base()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * Not a test: the speed the operator feels, measured when asked ({@code -Dbench.diagnose=N}, see bench/diagnose).
     * For N cold runs of {@code exec service-down --dry-run} against this stub: the time from launching the process to
     * the first finding (the first diagnose step's end) and to the end of the diagnose phase, from the stream's
     * timestamps. Printed and written to target/bench-diagnose.txt; nothing is asserted about time.
     */
    @Test
    void bench_diagnose_phase() throws Exception {
        int n = Integer.getInteger("bench.diagnose", 0);
        org.junit.jupiter.api.Assumptions.assumeTrue(n > 0, "set -Dbench.diagnose=N to measure");
        // -Dbench.cache=auto measures with the start-up cache (the install tree's, built at package); off by default
        String cache = System.getProperty("bench.cache", "off");
        runbook.env("RUNBOOK_CACHE", cache);
        String more = System.getProperty("bench.javaOpts", "");
        if (!more.isBlank()) runbook.env("RUNBOOK_JAVA_OPTS", runbook.env.get("RUNBOOK_JAVA_OPTS") + " " + more);
        // -Dbench.baseline=/path/to/other/checkout/runbook: its runs interleaved with these (A B A B ...), same stub, same load
        String baseline = System.getProperty("bench.baseline", "");
        Launcher before = baseline.isBlank() ? null : runbook.with(Path.of(baseline));
        StringBuilder report = new StringBuilder("cache " + cache + ", load average at start " + load() + "\n"
                + "build     run  run-start-ms  identity-ms  first-step-start-ms  first-finding-ms  diagnose-done-ms  run-end-ms\n");
        for (int k = 1; k <= (before == null ? n : 2 * n); k++) {
            boolean base = before != null && k % 2 == 1;
            int i = before == null ? k : (k + 1) / 2;
            wm.resetScenarios();
            java.time.Instant launched = java.time.Instant.now();
            Launcher.Run run = (base ? before : runbook).run(exec("--dry-run", "--output", "json"));
            assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
            long started = -1, identity = -1, firstStart = Long.MAX_VALUE, first = Long.MAX_VALUE, done = 0, end = 0;
            for (JsonNode e : run.events()) {
                long ms = java.time.Duration.between(launched, java.time.Instant.parse(e.path("ts").asText())).toMillis();
                String type = e.path("type").asText();
                if (type.equals("run.start")) started = ms;
                if (type.equals("run.identity")) identity = ms;
                if (type.equals("step.start") && e.path("phase").asText().equals("diagnose")) firstStart = Math.min(firstStart, ms);
                if (type.equals("step.end") && e.path("phase").asText().equals("diagnose")) {
                    first = Math.min(first, ms);
                    done = Math.max(done, ms);
                }
                if (type.equals("run.end")) end = ms;
            }
            report.append(String.format("%-8s  %3d  %12d  %11d  %19d  %16d  %16d  %10d%n", base ? "baseline" : "this", i, started, identity,
                    firstStart, first, done, end));
        }
        report.append("load average at end ").append(load()).append('\n');
        System.out.print(report);
        Files.writeString(Path.of("target/bench-diagnose.txt"), report);
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them (the machine is shared: the figures need them). */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" \\d+/")[0].strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Test
    void dry_run_through_the_cli_signs_in_reads_and_plans_but_never_writes() throws Exception {
        Launcher.Run run = runbook.run(exec("--dry-run", "--output", "json"));

        assertThat(run.code()).as(run.toString() + "\n--- wire\n" + requests()).isEqualTo(ExitCodes.OK);
        List<JsonNode> events = run.events();
        JsonNode scale = Cli.one(events, "step.plan", "scale-out");
        assertThat(scale.path("before").path("workers").asLong()).as(run.toString()).isEqualTo(1);
        assertThat(scale.path("after").path("workers").asLong()).isEqualTo(3);
        assertThat(Cli.one(events, "step.end", "restart").path("status").asText()).isEqualTo("planned");
        assertThat(Cli.one(events, "step.end", "scale-out").path("status").asText()).isEqualTo("planned");
        assertThat(Cli.one(events, "step.end", "app").path("outputs").path("state").asText()).isEqualTo("Running");
        assertThat(Cli.one(events, "step.end", "healthy").path("status").asText()).isEqualTo("succeeded");

        List<String> wire = requests();
        assertThat(wire).as("every request is a read, a log query or the sign-in").allSatisfy(r -> assertThat(r)
                .matches("GET .*|POST /v1" + APPINSIGHTS + "/query|POST " + TOKEN_PATH));
        assertThat(wire).contains("GET " + SITE, "GET " + PLAN, "GET /health")
                .doesNotContain("POST " + SITE + "/restart").noneMatch(r -> r.startsWith("PUT ") || r.startsWith("PATCH "));
        assertThat(wire).filteredOn(r -> r.startsWith("POST /v1")).hasSize(2);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)))).as("one sign-in per token audience")
                .extracting(r -> URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8))
                .allSatisfy(body -> assertThat(body).contains("grant_type=client_credentials", "client_id=" + CLIENT_ID,
                        "client_secret=fake-client-secret-for-wiremock"))
                .anySatisfy(body -> assertThat(scopes(body)).contains(base() + "//.default"))
                // the Log Analytics client asks for its endpoint's audience
                .anySatisfy(body -> assertThat(scopes(body)).contains("https://127.0.0.1/.default"))
                .hasSize(2);
        assertThat(run.err()).as("no SDK chatter, no failed instance discovery against the public cloud").isEmpty();
        assertThat(wm.getAllServeEvents()).filteredOn(e -> !e.getRequest().getUrl().startsWith("/health"))
                .filteredOn(e -> !e.getRequest().getUrl().startsWith(TOKEN_PATH))
                .as("Resource Manager and Log Analytics calls carry the token from the sign-in")
                .allSatisfy(e -> assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN));
    }

    @Test
    void an_offline_dry_run_neither_warms_up_nor_signs_in() throws Exception {
        // a dry run that reaches the cloud starts loading the provider and signing in as soon as its runbook is read;
        // --offline reaches nothing, not even the sign-in
        Launcher.Run run = runbook.run(exec("--dry-run", "--offline"));

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("target azure: offline: not asked");
        assertThat(requests()).as(run.toString()).isEmpty();
    }

    @Test
    void run_without_approval_is_refused_before_anything_reaches_the_wire() throws Exception {
        Launcher.Run run = runbook.run(exec());

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(run.all()).contains("--approve restart", "--approve scale-out");
        // the refusal names the subscription the approval would be for: the sign-in and that one read go out, nothing else
        assertThat(run.all().replaceAll("\\s+", " ")).as(run.toString()).contains("It would act as: " + IDENTITY);
        assertThat(requests()).as(run.toString()).containsOnly("POST " + TOKEN_PATH, "GET /subscriptions/" + SUB)
                .containsOnlyOnce("GET /subscriptions/" + SUB);
    }

    @Test
    void the_header_and_the_journal_name_the_subscription_tenant_and_principal() throws Exception {
        Launcher.Run run = runbook.run(exec("--dry-run"));

        assertThat(run.code()).as(run.toString() + "\n--- wire\n" + requests()).isEqualTo(ExitCodes.OK);
        String screen = run.out().replaceAll("\\s+", " ");
        assertThat(screen).as(run.toString()).contains("target " + IDENTITY);
        // asked alongside the first steps: the line comes when the answer does (a dry run has no gate to wait at), before the end
        assertThat(screen.indexOf("target azure:")).as("once the answer is in, before the end").isLessThan(screen.indexOf("dry run: nothing was changed"));
        assertThat(requests()).as("asked once").containsOnlyOnce("GET /subscriptions/" + SUB);
        JsonNode target = journal("run.identity").path("targets").get(0);
        assertThat(target.path("status").asText()).isEqualTo("known");
        assertThat(target.path("details").path("subscriptionName").asText()).isEqualTo("Fleet Production");
        assertThat(target.path("details").path("tenantId").asText()).isEqualTo(TENANT);
        assertThat(target.path("details").path("principal").asText()).isEqualTo(CLIENT_ID);
        assertThat(target.path("details").path("principalType").asText()).isEqualTo("servicePrincipal");
    }

    @Test
    void a_subscription_the_principal_may_not_read_is_unknown_with_the_reason_and_the_dry_run_goes_on() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/subscriptions/" + SUB)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":"
                        + "\"The client '" + CLIENT_ID + "' does not have authorization to perform action 'Microsoft.Resources/subscriptions/read'.\"}}")));

        Launcher.Run run = runbook.run(exec("--dry-run"));

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().replaceAll("\\s+", " ")).as(run.toString()).contains("target azure: unknown (");
        assertThat(journal("run.identity").path("targets").get(0).path("status").asText()).isEqualTo("unknown");
        assertThat(run.err()).isEmpty();
    }

    /** The one event of {@code type} in the journal of the only run in the state folder. */
    JsonNode journal(String type) throws IOException {
        try (var dirs = Files.list(tmp.resolve("state/runs"))) {
            Path journal = dirs.findFirst().orElseThrow().resolve("journal.jsonl");
            List<JsonNode> hits = new java.util.ArrayList<>();
            for (String l : Files.readAllLines(journal)) {
                JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
                if (n.path("type").asText().equals(type)) hits.add(n);
            }
            assertThat(hits).as(type + " in " + journal).hasSize(1);
            return hits.get(0);
        }
    }

    /** What WireMock received, oldest first, as "METHOD path". */
    static List<String> requests() {
        return wm.getAllServeEvents().stream().sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(ServeEvent::getRequest).map(r -> r.getMethod().getName() + " " + r.getUrl().replaceFirst("\\?.*", "")).toList();
    }

    /** The scopes of a decoded token request body (a set, sent in no fixed order). */
    static List<String> scopes(String body) {
        return java.util.Arrays.stream(body.split("&")).filter(p -> p.startsWith("scope=")).findFirst().orElse("scope=")
                .substring("scope=".length()).lines().flatMap(l -> java.util.Arrays.stream(l.split(" "))).toList();
    }

    static String fixture(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/azure", name), StandardCharsets.UTF_8);
    }

    static String jwt(String claims) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}
