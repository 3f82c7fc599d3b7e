package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.engine.ParamResolver;
import dev.runbook.model.Runbook;
import dev.runbook.parse.RunbookParser;
import dev.runbook.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show NAME --params} and {@code --params-template FILE}: the template holds every parameter, reads back
 * through {@code --params} to the runbook's defaults once its placeholders are filled, never holds a secret, and an
 * unfilled placeholder is refused by name.
 */
class ParamsTemplateTest {
    @TempDir
    Path tmp;

    static final String RUNBOOK = """
            runbook: kinds
            title: Parameters of every kind
            severity: P3
            parameters:
              app: { type: string, required: true, description: "App Service (web app) name" }
              healthUrl: { type: url, required: true, description: "Health endpoint, e.g. https://fleet-api.example.com/health" }
              count: { type: int, required: true }
              workers: { type: int, default: 3, description: Workers to scale out to }
              ratio: { type: number, default: 0.5 }
              dry: { type: bool, default: false }
              mode: { type: string, default: fast, enum: [fast, slow], description: how hard }
              window: { type: duration, default: 30m }
              zones: { type: list, default: [eu-1, "no", "a: b"] }
              tags: { type: map, default: { team: sre, "odd key": "it's" } }
              country: { type: string, default: "no" }
              octal: { type: string, default: "0755" }
              hashy: { type: string, default: "a #b: c" }
              multi: { type: string, default: "line one\\nline two\\ttab" }
              note: { type: string, description: "optional, no default\\nsecond line of the description" }
              token: { type: string, secret: true, required: true, description: API token }
              pin: { type: string, secret: true, default: "s3cr3t-default" }
            diagnose:
              - id: look
                uses: shell
                effect: read
                with: { command: [sh, -c, 'true'] }
            """;

    private Runbook runbook() {
        var parsed = RunbookParser.parse("kinds.yaml", RUNBOOK);
        assertThat(parsed.runbook()).as(parsed.diagnostics().toString()).isPresent();
        return parsed.runbook().get();
    }

    @Test
    void a_filled_template_reads_back_to_the_defaults_and_the_values_filled_in() throws Exception {
        Runbook rb = runbook();
        String text = ParamsTemplate.render(rb, "kinds", "params.yaml");
        assertThat(text).contains("app: " + ParamsFile.PLACEHOLDER, "healthUrl: " + ParamsFile.PLACEHOLDER, "count: " + ParamsFile.PLACEHOLDER)
                .contains("runbook exec kinds --params params.yaml")
                .contains("--secret-env token=VAR or --secret-file token=PATH")
                .doesNotContain("s3cr3t-default")
                .contains("one of: fast, slow", "# string, required", "# string, secret, has a default (never written here)", "# App Service (web app) name");
        assertThat(text.lines()).as("secrets are only comments").noneMatch(l -> l.startsWith("token:") || l.startsWith("pin:"));
        for (String p : rb.parameters().keySet()) assertThat(text).as(p).contains(p + ":");
        Path file = Files.writeString(tmp.resolve("params.yaml"), text
                .replace("app: " + ParamsFile.PLACEHOLDER, "app: fleet-api")
                .replace("healthUrl: " + ParamsFile.PLACEHOLDER, "healthUrl: https://h.example/health")
                .replace("count: " + ParamsFile.PLACEHOLDER, "count: 7"));

        Map<String, Object> fromFile = ParamsFile.read(file);
        ParamsFile.requireFilled(file, fromFile, Set.of());
        Map<String, Object> values = ParamResolver.resolve(rb, Map.of(), fromFile, Map.of("token", "t0k3n"), null);
        Map<String, Object> defaults = ParamResolver.resolve(rb, Map.of("app", "fleet-api", "healthUrl", "https://h.example/health", "count", "7"),
                Map.of(), Map.of("token", "t0k3n"), null);
        assertThat(values).isEqualTo(defaults);
        assertThat(values).containsEntry("country", "no").containsEntry("octal", "0755").containsEntry("hashy", "a #b: c")
                .containsEntry("multi", "line one\nline two\ttab").containsEntry("zones", List.of("eu-1", "no", "a: b"))
                .containsEntry("count", 7L).containsEntry("dry", false).doesNotContainKey("note");
    }

    @Test
    void an_unfilled_placeholder_is_refused_by_name_and_line_all_at_once() throws Exception {
        Runbook rb = runbook();
        Path file = Files.writeString(tmp.resolve("p.yaml"), ParamsTemplate.render(rb, "kinds", "p.yaml").replace("app: " + ParamsFile.PLACEHOLDER, "app: x"));
        Map<String, Object> fromFile = ParamsFile.read(file);
        int line = Files.readAllLines(file).indexOf("healthUrl: " + ParamsFile.PLACEHOLDER) + 1;
        assertThatThrownBy(() -> ParamsFile.requireFilled(file, fromFile, Set.of()))
                .hasMessageContaining("2 parameters still hold the template's placeholder <REQUIRED>")
                .hasMessageContaining("healthUrl (line " + line + ")").hasMessageContaining("count (line ")
                .hasMessageNotContaining("app (");
        assertThatThrownBy(() -> ParamsFile.requireFilled(file, fromFile, Set.of("count")))
                .hasMessage("--params " + file + ": parameter healthUrl (line " + line + ") still holds the template's placeholder <REQUIRED>;"
                        + " put the value in its place, or give it with -p NAME=VALUE");
        // -p wins over the file: a placeholder given on the command line is no problem
        ParamsFile.requireFilled(file, fromFile, Set.of("count", "healthUrl"));
    }

    @Test
    void exec_refuses_an_unfilled_template_naming_the_parameter() throws Exception {
        Path rbFile = Files.writeString(tmp.resolve("kinds.yaml"), RUNBOOK);
        Path file = Files.writeString(tmp.resolve("p.yaml"), ParamsTemplate.render(runbook(), rbFile.toString(), "p.yaml")
                .replace("app: " + ParamsFile.PLACEHOLDER, "app: x").replace("count: " + ParamsFile.PLACEHOLDER, "count: 2"));
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(rbFile.toString(), "--params", file.toString(), "--dry-run", "--offline", "--no-input");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("parameter healthUrl (line ").contains("placeholder <REQUIRED>").doesNotContain("Exception");
        CliRun.Outcome given = new CliRun(tmp.resolve("state")).exec(rbFile.toString(), "--params", file.toString(), "-p", "healthUrl=https://h/x",
                "--secret-env", "token=PATH", "--dry-run", "--offline", "--no-input");
        assertThat(given.code()).as(given.toString()).isZero();
    }

    @Test
    void show_writes_the_template_and_never_overwrites_without_force() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work/runbooks"));
        Files.writeString(dir.resolve("kinds.yaml"), RUNBOOK);
        Cli cli = new Cli(tmp.resolve("work"), Map.of("COLUMNS", "80"), dev.runbook.testing.FixtureCatalogue.create());
        Cli.Run r = cli.run("show", "kinds", "--params-template", "p.yaml");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("wrote p.yaml: fill in app, healthUrl, count (marked <REQUIRED>), then:", "runbook exec kinds --params p.yaml");
        Path written = tmp.resolve("work/p.yaml");
        assertThat(written).hasContent(ParamsTemplate.render(runbook(), "kinds", "p.yaml"));

        Files.writeString(written, "app: filled-in-by-hand\n");
        Cli.Run again = cli.run("show", "kinds", "--params-template", "p.yaml");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("p.yaml exists", "--force");
        assertThat(written).hasContent("app: filled-in-by-hand\n");

        Cli.Run forced = cli.run("show", "kinds", "--params-template", "p.yaml", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(written).hasContent(ParamsTemplate.render(runbook(), "kinds", "p.yaml"));

        Cli.Run folder = cli.run("show", "kinds", "--params-template", "runbooks");
        assertThat(folder.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(folder.err()).contains("runbooks is a folder");

        Cli.Run printed = cli.run("show", "kinds", "--params-template", "-");
        assertThat(printed.out()).isEqualTo(ParamsTemplate.render(runbook(), "kinds", "-")).contains("--params FILE");
    }

    @Test
    void show_params_lists_every_parameter_within_the_width_and_hides_secret_defaults() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("work/runbooks"));
        Files.writeString(dir.resolve("kinds.yaml"), RUNBOOK);
        for (int width : List.of(80, 120, 50)) {
            Cli cli = new Cli(tmp.resolve("work"), Map.of("COLUMNS", String.valueOf(width)), dev.runbook.testing.FixtureCatalogue.create());
            Cli.Run r = cli.run("show", "kinds", "--params");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(0)).startsWith("PARAMETER  TYPE      REQUIRED/DEFAULT");
            assertThat(lines).as("width %d:\n%s", width, r.out())
                    .allMatch(l -> l.length() <= Math.max(width, 40) || l.strip().startsWith("runbook show"));
            assertThat(r.out()).doesNotContain("s3cr3t-default").contains("default ***, secret", "required, secret")
                    .contains("one of:", "default 3", "runbook show kinds --params-template params.yaml",
                            "--secret-env NAME=VAR");
            for (String p : List.of("app", "healthUrl", "count", "workers", "zones", "tags", "note", "token", "pin")) {
                assertThat(lines).as(p).anyMatch(l -> l.startsWith(p + " "));
            }
        }
        Cli.Run wide = new Cli(tmp.resolve("work"), Map.of("COLUMNS", "200"), dev.runbook.testing.FixtureCatalogue.create()).run("show", "kinds", "--params");
        assertThat(wide.out().lines()).anyMatch(l -> l.startsWith("healthUrl ") && l.endsWith("https://fleet-api.example.com/health"));
    }
}
