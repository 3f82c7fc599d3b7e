package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * "In JSON mode stdout carries only NDJSON": every command of the picocli tree that has a JSON mode (an {@code --output}
 * or {@code --format} option that offers {@code json}) is run here, and its standard output piped through the real
 * {@code jq}. Each line must be one JSON object with {@code schemaVersion}, and every {@code type} seen must be
 * documented in docs/execution.md. The commands come from the model, so a new command, or a JSON mode added to an old
 * one, fails this test until it is given an invocation here (or, without a JSON mode, named in {@link #NO_JSON_MODE}).
 */
class JsonEverywhereTest {
    static final Catalogue CATALOGUE = Catalogue.standard();
    static final Path DOCS = Path.of("docs/execution.md");

    /** Commands without a JSON mode, and why; a new command must be added here or given an invocation below. */
    static final Map<String, String> NO_JSON_MODE = Map.ofEntries(
            Map.entry("runbook", "prints its usage"),
            Map.entry("list", "names and titles for people; --names for scripts"),
            Map.entry("actions", "the action catalogue for people"),
            Map.entry("schema", "always writes a JSON Schema document (a file format for editors, not an event stream)"),
            Map.entry("new", "writes a runbook file"),
            Map.entry("unlock", "one line for people"),
            Map.entry("runs prune", "one line per run deleted or kept"),
            Map.entry("state", "only holds 'state check'"),
            Map.entry("state check", "a report for people of a store's round trips"),
            Map.entry("import", "writes runbook files (and --report FILE, a JSON document)"),
            Map.entry("export", "writes a Markdown page"),
            Map.entry("help", "picocli's help"));

    @TempDir
    static Path tmp;
    static Path state;
    static Path team;
    static Path failing;
    static String teamRun;
    static String failedRun;

    static Cli cli() {
        return new Cli(Path.of(""), Map.of("RUNBOOK_STATE_DIR", state.toString(), "NO_COLOR", "1", "PATH", System.getenv("PATH")), CATALOGUE);
    }

    /** A runbook whose one change fails: a run to resume, and one to take over from a team store. */
    @BeforeAll
    static void runs() throws IOException {
        state = tmp.resolve("state");
        team = tmp.resolve("team");
        failing = tmp.resolve("fails.yaml");
        Files.writeString(failing, """
                runbook: fails
                title: A change that fails
                severity: P3
                summary: fails, to be resumed
                resolve:
                  - id: change
                    title: Change something
                    uses: shell
                    effect: write
                    with: { command: [sh, -c, "exit 3"] }
                """);
        Cli.Run failed = cli().run("exec", failing.toString(), "--yes", "--output", "json");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
        failedRun = new ObjectMapper().readTree(failed.out().lines().findFirst().orElseThrow()).get("runId").asText();
        Cli.Run shared = cli().run("exec", failing.toString(), "--yes", "--state", "dir:" + team, "--output", "json");
        assertThat(shared.exitCode()).as(shared.toString()).isEqualTo(ExitCodes.FAILED);
        teamRun = new ObjectMapper().readTree(shared.out().lines().findFirst().orElseThrow()).get("runId").asText();
        Cli.Run rehearsal = cli().run("rehearse", "service-down", "--scenario", "restart-does-not-help");
        assertThat(rehearsal.exitCode()).as(rehearsal.toString()).isZero();
    }

    /** For each command with a JSON mode, the invocations that exercise it (each must write at least one line). */
    static Map<String, List<List<String>>> invocations() {
        String dir = state.toString();
        Map<String, List<List<String>>> m = new LinkedHashMap<>();
        m.put("validate", List.of(List.of("validate", "--format", "json", "runbooks"),
                List.of("validate", "--format", "json", "src/test/resources/cli/broken")));
        m.put("exec", List.of(
                List.of("exec", "service-down", "--dry-run", "--offline", "-p", "app=fleet-api", "-p", "healthUrl=https://h.example/health",
                        "-p", "appInsights=/x", "--output", "json"),
                List.of("exec", failing.toString(), "--yes", "--output", "json")));
        m.put("resume", List.of(List.of("resume", failedRun, "--yes", "--output", "json")));
        m.put("takeover", List.of(List.of("takeover", teamRun, "--reason", "shift change", "--yes", "--state", "dir:" + team, "--output", "json")));
        m.put("rehearse", List.of(List.of("rehearse", "service-down", "--scenario", "restart-does-not-help", "--output", "json"),
                List.of("rehearse", "service-down", "--list-scenarios", "--output", "json")));
        m.put("runs", List.of(List.of("runs", "--format", "json", "--state-dir", dir)));
        m.put("show", List.of(List.of("show", "service-down", "--params", "--format", "json")));
        m.put("runs show", List.of(List.of("runs", "show", "last", "--format", "json", "--state-dir", dir)));
        m.put("report", List.of(List.of("report", "last", "--format", "json", "--state-dir", dir),
                List.of("report", "last", "--format", "json", "--state-dir", dir, "-o", tmp.resolve("pm.json").toString())));
        return m;
    }

    /** Every command of the tree, by its path ("runs show"), built the way {@code runbook} builds it. */
    static Map<String, CommandSpec> tree() {
        CommandLine root = RunbookCommand.commandLine(new RunbookCommand(Path.of(""), Map.of(), () -> CATALOGUE));
        Map<String, CommandSpec> all = new LinkedHashMap<>();
        walk(root, "", all);
        return all;
    }

    private static void walk(CommandLine cl, String prefix, Map<String, CommandSpec> all) {
        String path = prefix.isEmpty() ? cl.getCommandName() : prefix + " " + cl.getCommandName();
        all.put(prefix.isEmpty() ? "runbook" : path.substring("runbook ".length()), cl.getCommandSpec());
        for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) walk(sub, path, all);
    }

    /** An {@code --output} or {@code --format} option that offers {@code json}: a JSON mode. */
    static boolean hasJsonMode(CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            if (!o.longestName().equals("--output") && !o.longestName().equals("--format")) continue;
            if (o.completionCandidates() != null
                    && StreamSupport.stream(o.completionCandidates().spliterator(), false).anyMatch("json"::equals)) return true;
            if (o.type().isEnum() && java.util.Arrays.stream(o.type().getEnumConstants()).anyMatch(c -> c.toString().equals("json"))) return true;
        }
        return false;
    }

    @Test
    void every_command_either_has_an_invocation_for_its_json_mode_or_none() {
        Map<String, List<List<String>>> inv = invocations();
        List<String> problems = new ArrayList<>();
        tree().forEach((path, spec) -> {
            if (hasJsonMode(spec) && !inv.containsKey(path)) problems.add(path + " has a JSON mode: give it an invocation in invocations()");
            if (!hasJsonMode(spec) && !NO_JSON_MODE.containsKey(path)) {
                problems.add(path + " is new: give it a JSON mode (and an invocation), or name it in NO_JSON_MODE with why");
            }
            if (hasJsonMode(spec) && NO_JSON_MODE.containsKey(path)) problems.add(path + " has a JSON mode now: take it out of NO_JSON_MODE");
        });
        inv.keySet().forEach(k -> {
            if (!tree().containsKey(k) || !hasJsonMode(tree().get(k))) problems.add(k + ": no such command with a JSON mode");
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void stdout_of_every_json_mode_is_ndjson_with_a_schema_version_that_jq_reads() throws Exception {
        Path jq = jq();
        Set<String> types = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        for (var e : invocations().entrySet()) {
            for (List<String> args : e.getValue()) {
                Cli.Run r = cli().run(args.toArray(String[]::new));
                assertThat(r.exitCode()).as("%s%n%s", args, r).isNotEqualTo(70);
                String out = r.out();
                assertThat(out).as("%s writes at least one line%n%s", args, r).isNotBlank();
                // the real jq, line by line: as many compact outputs as lines in (a pretty document would be fewer)
                List<String> lines = out.lines().toList();
                Process p = new ProcessBuilder(jq.toString(), "-e", "-c", ".").redirectErrorStream(true).start();
                p.getOutputStream().write(out.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                String jqOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as("jq -e . over the stdout of %s:%n%s%n%s", args, out, jqOut).isZero();
                assertThat(jqOut.lines().count()).as("one JSON value per line: %s%n%s", args, out).isEqualTo(lines.size());
                for (String l : lines) {
                    JsonNode n = mapper.readTree(l);
                    assertThat(n.isObject()).as("%s: %s", args, l).isTrue();
                    assertThat(n.path("schemaVersion").isInt()).as("%s: schemaVersion in %s", args, l).isTrue();
                    assertThat(n.path("type").isTextual()).as("%s: type in %s", args, l).isTrue();
                    types.add(n.get("type").asText());
                }
            }
        }
        // the run's end block is an event, and so is a rehearsal's debrief
        assertThat(types).contains("run.summary", "rehearsal.debrief", "run.timeline", "report", "report.written", "run",
                "validate.file", "validate.summary", "scenario", "run.resume", "parameter");
        String docs = Files.readString(DOCS);
        assertThat(types).as("every type written is documented in %s", DOCS).allSatisfy(t -> assertThat(docs).contains("| `" + t + "` |"));
    }

    @Test
    void errors_in_json_mode_go_to_stderr_and_leave_stdout_empty() {
        for (List<String> args : List.of(List.of("exec", "no-such-runbook", "--output", "json"),
                List.of("runs", "show", "no-such-run", "--format", "json", "--state-dir", state.toString()),
                List.of("report", "no-such-run", "--format", "json", "--state-dir", state.toString()),
                List.of("rehearse", "service-down", "--scenario", "no-such-scenario", "--output", "json"),
                List.of("validate", "--format", "json", "no/such/dir"), List.of("show", "no-such-runbook", "--params", "--format", "json"),
                List.of("show", "service-down", "--format", "json"))) {
            Cli.Run r = cli().run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isNotZero().isNotEqualTo(70);
            assertThat(r.out()).as("%s%n%s", args, r).isEmpty();
            assertThat(r.err()).as("%s%n%s", args, r).isNotBlank();
        }
    }

    /** jq on the PATH; .ci/run installs it. Without it the test fails loudly rather than passing without checking. */
    private static Path jq() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "jq");
            if (Files.isExecutable(p)) return p;
        }
        org.junit.jupiter.api.Assumptions.abort("jq is not installed (apt-get install jq; .ci/run installs it): the stdout of "
                + "every --output json / --format json is NOT checked");
        return null;
    }

    @Test
    void docs_list_every_journal_event_and_its_fields() throws Exception {
        String docs = Files.readString(DOCS);
        com.fasterxml.jackson.annotation.JsonSubTypes types = dev.runbook.journal.RunEvent.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
        List<String> missing = new ArrayList<>();
        for (var t : types.value()) {
            String row = docs.lines().filter(l -> l.startsWith("| `" + t.name() + "` |")).findFirst().orElse(null);
            if (row == null) {
                missing.add(t.name() + " (no row)");
                continue;
            }
            for (var c : t.value().getRecordComponents()) {
                if (!row.contains("`" + c.getName() + "`")) missing.add(t.name() + "." + c.getName());
            }
        }
        assertThat(missing).as("events and fields missing from the table in %s", DOCS).isEmpty();
    }
}
