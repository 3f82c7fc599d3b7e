package dev.runbook.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runbook import through the CLI: files, report, refusals. */
class ImportCommandTest {
    @TempDir
    Path dir;

    Cli cli() {
        return new Cli(dir, Map.of(), ImportSupport.CATALOGUE);
    }

    @Test
    void imports_a_section_writes_the_report_and_refuses_to_overwrite() throws Exception {
        Files.copy(ImportSupport.SEEDS.resolve("004_536ccd2419e293df.md"), dir.resolve("aws.md"));
        Cli.Run r = cli().run("import", "aws.md", "--section", "Rotating Secrets", "--report", "report.json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("runbooks/rotating-secrets.yaml", "aws.secretsmanager.rotate-secret",
                "2 steps: 1 native actions, 0 shell steps, 1 manual, 0 messages;", "the draft validates");
        String yaml = Files.readString(dir.resolve("runbooks/rotating-secrets.yaml"));
        assertThat(yaml).contains("# from aws.md:80", "secret: fintech/db-credentials");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        JsonNode step = report.at("/runbooks/0/steps/0");
        assertThat(step.get("line").asInt()).isEqualTo(80);
        assertThat(step.get("action").asText()).isEqualTo("aws.secretsmanager.rotate-secret");
        assertThat(step.get("effect").asText()).isEqualTo("write");
        assertThat(step.get("phase").asText()).isEqualTo("resolve");
        assertThat(step.get("command").asText()).startsWith("aws secretsmanager rotate-secret \\\n");
        assertThat(report.at("/counts/steps").asInt()).isEqualTo(2);

        Cli.Run again = cli().run("import", "aws.md", "--section", "Rotating Secrets");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("runbooks/rotating-secrets.yaml already exists", "--force");
        assertThat(cli().run("import", "aws.md", "--section", "Rotating Secrets", "--force").exitCode()).isZero();

        Cli.Run validate = cli().run("validate", "runbooks/rotating-secrets.yaml");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
    }

    @Test
    void split_writes_one_file_per_procedure_and_o_names_the_file() throws Exception {
        Files.copy(ImportSupport.SEEDS.resolve("004_536ccd2419e293df.md"), dir.resolve("aws.md"));
        Cli.Run r = cli().run("import", "aws.md", "--split", "-o", "out");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(dir.resolve("out/database-backup-recovery.yaml")).exists();
        assertThat(dir.resolve("out/scale-out-event-validation.yaml")).exists();
        Cli.Run one = cli().run("import", "aws.md", "-o", "rb/aws-ops.yaml");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(Files.readString(dir.resolve("rb/aws-ops.yaml"))).contains("runbook: aws-ops");
    }

    @Test
    void bad_input_is_a_clear_usage_error() throws Exception {
        assertThat(cli().run("import", "missing.md").err()).contains("missing.md does not exist");
        Files.createDirectory(dir.resolve("folder.md"));
        assertThat(cli().run("import", "folder.md").err()).contains("is not a regular file");
        Files.write(dir.resolve("latin1.md"), new byte[] {'#', ' ', (byte) 0xE9, '\n'});
        Cli.Run r = cli().run("import", "latin1.md");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not UTF-8").doesNotContain("Exception");
        Files.writeString(dir.resolve("p.md"), "# P\n");
        assertThat(cli().run("import", "p.md", "--section", "x", "--split").exitCode()).isEqualTo(2);
        assertThat(cli().run("import", "p.md", "--id", "Bad_Id").err()).contains("not a valid runbook id");
    }

    @Test
    void export_renders_the_template_and_import_reads_it_back() throws Exception {
        Files.createDirectories(dir.resolve("runbooks"));
        Files.copy(Path.of("runbooks/aws-scale-out.yaml"), dir.resolve("runbooks/aws-scale-out.yaml"));
        Cli.Run r = cli().run("export", "aws-scale-out", "--format", "markdown");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("# Scale-out event validation", "## Diagnostic Steps", "## Resolution Steps", "## Escalation",
                "aws ecs describe-services --cluster {cluster} --services {service}",
                "aws application-autoscaling register-scalable-target \\\n  --service-namespace ecs \\\n  --scalable-dimension ecs:service:DesiredCount \\\n  --resource-id service/{cluster}/{service} \\\n  --min-capacity {minCapacity}");
        assertThat(cli().run("export", "aws-scale-out", "-o", "page.md").exitCode()).isZero();
        assertThat(cli().run("export", "aws-scale-out", "-o", "page.md").exitCode()).as("never overwrites").isEqualTo(2);
        Cli.Run back = cli().run("import", "page.md", "--id", "again", "-o", "runbooks/again.yaml");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(back.out()).contains("aws.appautoscaling.register-target", "the draft validates");
        assertThat(cli().run("export", "nope").exitCode()).isEqualTo(2);
    }
}
