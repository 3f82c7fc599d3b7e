package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.schema.SchemaGenerator;
import dev.runbook.testing.Cli;
import dev.runbook.testing.FixtureCatalogue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * The CLI through {@code CommandLine.execute}, with output compared to golden files under
 * src/test/resources/cli/golden ({@code -Drunbook.golden.update=true} rewrites them; review the diff).
 */
class CliTest {
    static final Path HOME = Path.of("src/test/resources/cli");
    static final Cli CLI = new Cli(HOME);
    static final boolean UPDATE = Boolean.getBoolean("runbook.golden.update");

    static void golden(String name, String actual) throws IOException {
        Path g = HOME.resolve("golden").resolve(name);
        if (UPDATE) Files.writeString(g, actual);
        assertThat(actual).as("golden %s", g).isEqualTo(Files.readString(g));
    }

    @Test
    void validate_defaults_to_runbooks_and_passes_with_warnings() throws IOException {
        Cli.Run r = CLI.run("validate");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        golden("validate-runbooks.txt", r.out());
    }

    @Test
    void validate_strict_turns_warnings_into_errors() {
        Cli.Run r = CLI.run("validate", "--strict", "runbooks");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains("runbooks/slow.yaml:9:9: error RB061");
    }

    @Test
    void validate_reports_every_problem_with_position_and_hint() throws IOException {
        Cli.Run r = CLI.run("validate", "broken", "runbooks/api-down.yaml");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        golden("validate-broken.txt", r.out());
    }

    @Test
    void validate_json_is_a_line_per_file_then_the_totals() throws IOException {
        Cli.Run r = CLI.run("validate", "--format", "json", "broken");
        List<String> lines = r.out().lines().toList();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(lines.get(lines.size() - 1));
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("type").asText()).isEqualTo("validate.summary");
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("errors").asInt()).isEqualTo(4);
        assertThat(json.get("files").asInt()).isEqualTo(lines.size() - 1);
        JsonNode file = mapper.readTree(lines.get(0));
        assertThat(file.get("type").asText()).isEqualTo("validate.file");
        JsonNode d = file.get("diagnostics").get(0);
        assertThat(d.get("code").asText()).isEqualTo("RB015");
        assertThat(d.get("line").asInt()).isEqualTo(3);
        assertThat(d.get("severity").asText()).isEqualTo("error");
    }

    @Test
    void validate_junit_is_well_formed_xml_with_a_failure_per_broken_file() throws Exception {
        Cli.Run r = CLI.run("validate", "--format", "junit", "broken", "runbooks");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("testcase").getLength()).as("two runbooks, a scenario, a broken file").isEqualTo(4);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("type").getNodeValue()).isEqualTo("RB015");
    }

    @Test
    void validate_checks_scenarios_against_their_runbook(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("runbooks/scenarios/api-down");
        Files.createDirectories(dir);
        Files.copy(HOME.resolve("runbooks/api-down.yaml"), tmp.resolve("runbooks/api-down.yaml"));
        Files.writeString(dir.resolve("typo.yaml"), "scenario: typo\nrunbook: api-down\nsteps:\n  scale-up: { fault: permanent }\n");
        Cli.Run r = new Cli(tmp).run("validate");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains("typo.yaml:4:3: error RB071: api-down has no step 'scale-up' (in steps)").contains("did you mean 'scale-out'?");
    }

    @Test
    void validate_github_prints_workflow_annotations() throws IOException {
        Cli.Run r = CLI.run("validate", "--format", "github", "broken");
        golden("validate-github.txt", r.out());
    }

    @Test
    void validate_sarif_names_rules_and_locations() throws IOException {
        Cli.Run r = CLI.run("validate", "--format", "sarif", "broken");
        JsonNode run = new ObjectMapper().readTree(r.out()).get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("rules").size()).isEqualTo(dev.runbook.check.Code.values().length);
        JsonNode res = run.get("results").get(1);
        assertThat(res.get("ruleId").asText()).isEqualTo("RB021");
        assertThat(res.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(6);
    }

    @Test
    void validate_missing_path_is_a_usage_error() {
        Cli.Run r = CLI.run("validate", "nowhere");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no such file or folder: nowhere");
    }

    @Test
    void unknown_option_is_a_usage_error() {
        Cli.Run r = CLI.run("validate", "--formt", "json");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--formt");
    }

    @Test
    void list_shows_the_search_path_and_names_for_completion(@TempDir Path extra) throws IOException {
        Files.writeString(extra.resolve("other.yaml"), "runbook: other\ntitle: Other one\nseverity: P3\nverify:\n  - id: a\n    uses: wait\n    with: { duration: 1s }\n");
        Files.writeString(extra.resolve("slow.yaml"), "shadowed by ./runbooks/slow.yaml");
        Cli cli = CLI.withEnv(Map.of("RUNBOOK_PATH", extra.toString()));
        Cli.Run names = cli.run("list", "--names");
        assertThat(names.out()).isEqualTo("api-down\nslow\nother\n");
        Cli.Run table = cli.run("list");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("ID        SEV  D/R/V/RB  TITLE", "api-down  P0   2/1/1/1   Public API is down", "other     P3   0/0/1/0   Other one");
    }

    @Test
    void show_renders_the_runbook_for_a_human() throws IOException {
        Cli.Run r = CLI.run("show", "api-down");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        golden("show-api-down.txt", r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "mermaid", "dot"})
    void show_graph_in_each_format(String format) throws IOException {
        Cli.Run r = CLI.run("show", "api-down", "--graph", format);
        assertThat(r.exitCode()).isZero();
        golden("graph-api-down." + format, r.out());
    }

    @Test
    void show_lists_a_step_at_the_effect_its_undo_raises_it_to(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("read-undo.yaml");
        Files.writeString(f, String.join("\n", "runbook: read-undo", "title: A read step whose undo writes", "severity: P3", "summary: s",
                "resolve:", "  - id: announce", "    uses: manual", "    with: { instructions: tell the team }", "    undo:",
                "      uses: shell", "      with: { command: [sh, -c, 'echo undone'] }", ""));
        Cli.Run r = CLI.run("show", f.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("announce  [write, by its undo]", "gate:       confirm y/n before it runs",
                "undo:       shell (write; the step itself reads)");
    }

    @Test
    void show_unknown_runbook_suggests_the_closest() {
        Cli.Run r = CLI.run("show", "api-donw");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no runbook named 'api-donw'", "did you mean 'api-down'?");
    }

    @Test
    void show_accepts_a_path() {
        Cli.Run r = CLI.run("show", "broken/broken.yaml");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("broken.yaml:3:11: error RB015");
        assertThat(r.out()).contains("broken — Broken on purpose");
    }

    @Test
    void actions_lists_the_catalogue_and_describes_one() throws IOException {
        Cli.Run all = CLI.run("actions");
        assertThat(all.exitCode()).isZero();
        golden("actions.txt", all.out());
        Cli.Run one = CLI.run("actions", "test.scale");
        golden("actions-test.scale.txt", one.out());
        Cli.Run typo = CLI.run("actions", "http.chek");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("did you mean 'http.check'?");
    }

    @Test
    void schema_prints_the_generated_schema() {
        Cli.Run r = CLI.run("schema");
        assertThat(r.out()).isEqualTo(SchemaGenerator.json(FixtureCatalogue.create()));
    }

    @Test
    void new_writes_a_skeleton_that_validates_clean_and_never_overwrites(@TempDir Path dir) {
        Cli cli = new Cli(dir);
        Cli.Run made = cli.run("new", "disk-full");
        assertThat(made.exitCode()).as(made.toString()).isZero();
        assertThat(dir.resolve("runbooks/disk-full.yaml")).exists();
        Cli.Run check = cli.run("validate", "--strict");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains("1 file checked: 0 errors, 0 warnings");
        Cli.Run again = cli.run("new", "disk-full");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already exists");
        Cli.Run bad = cli.run("new", "Disk_Full");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void new_skeleton_has_every_section_of_the_template(@TempDir Path dir) throws IOException {
        new Cli(dir).run("new", "disk-full", "--title", "Disk: full");
        String text = Files.readString(dir.resolve("runbooks/disk-full.yaml"));
        assertThat(text).contains("title: \"Disk: full\"", "summary:", "severity:", "symptoms:", "prerequisites:", "diagnose:",
                "resolve:", "verify:", "rollback:", "escalation:", "references:");
    }

    @Test
    void version_comes_from_the_build() {
        Cli.Run r = CLI.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("runbook 0.").doesNotContain("${");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "list", "show", "actions", "schema", "new"})
    void every_command_has_help(String command) {
        Cli.Run r = CLI.run(command, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: runbook " + command);
    }

    @Test
    void no_command_prints_usage_and_is_a_usage_error() {
        Cli.Run r = CLI.run();
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Usage: runbook", "validate", "show");
    }

    @Test
    void internal_errors_exit_70_and_show_a_trace_only_with_debug() {
        Cli failing = new Cli(HOME, Map.of(), (java.util.function.Supplier<dev.runbook.action.Catalogue>) () -> {
            throw new IllegalStateException("boom");
        });
        Cli.Run plain = failing.run("actions");
        assertThat(plain.exitCode()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(plain.err()).contains("internal error", "boom", "re-run with --debug").doesNotContain("\tat ");
        Cli.Run debug = failing.run("actions", "--debug");
        assertThat(debug.exitCode()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void no_color_env_and_pipes_get_plain_text() {
        Cli.Run r = CLI.withEnv(Map.of("NO_COLOR", "1")).run("validate", "broken");
        assertThat(r.out()).doesNotContain("\u001b[");
    }
}
