package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud and database keys in the environment never reach what a run writes, even when a step prints them: text and
 * JSON output, the journal, {@code runs show} and the report. (The step still sees them: it may need them.)
 */
class EnvironmentCredentialsCliTest {
    static final Path RUNBOOK = Path.of("src/test/resources/engine/print-env.yaml");
    static final String AWS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String AWS_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE-session-token-0123456789";
    static final String AZ_SECRET = "azSecret~Q8a.EXAMPLE_0123456789";
    static final String ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final String PG = "pg-pass-2f9c";

    @TempDir
    Path tmp;

    @Test
    void keys_printed_by_a_step_are_masked_in_every_output_and_file() throws Exception {
        Path state = tmp.resolve("state");
        CliRun cli = new CliRun(state);
        cli.env.put("AWS_SECRET_ACCESS_KEY", AWS_KEY);
        cli.env.put("AWS_SESSION_TOKEN", AWS_TOKEN);
        cli.env.put("AZURE_CLIENT_SECRET", AZ_SECRET);
        cli.env.put("AZURE_STORAGE_CONNECTION_STRING", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + ACCOUNT_KEY + ";");
        cli.env.put("PGPASSWORD", PG);
        cli.env.put("AZURE_STORAGE_KEY", "short");

        List<CliRun.Outcome> outcomes = new ArrayList<>();
        outcomes.add(cli.exec(RUNBOOK.toString(), "--yes"));
        outcomes.add(cli.exec(RUNBOOK.toString(), "--yes", "--output", "json"));
        for (CliRun.Outcome o : outcomes) {
            assertThat(o.all()).as(o.toString()).contains("aws=***").contains("pg=***").contains("short=short")
                    .doesNotContain(AWS_KEY).doesNotContain(AWS_TOKEN).doesNotContain(AZ_SECRET).doesNotContain(ACCOUNT_KEY).doesNotContain(PG);
        }
        String id;
        try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
            id = runs.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        List<String> shown = new ArrayList<>();
        for (String[] args : List.of(new String[] {"runs", "show", id}, new String[] {"runs", "show", id, "--format", "json"},
                new String[] {"report", id})) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            Main.run(new RunbookCommand(Path.of(""), cli.env, new RunbookCommand.StandardCatalogue()), args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            shown.add(out + err.toString());
        }
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) shown.add(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
        for (String s : shown) {
            assertThat(s).doesNotContain(AWS_KEY).doesNotContain(AWS_TOKEN).doesNotContain(AZ_SECRET).doesNotContain(ACCOUNT_KEY).doesNotContain(PG);
        }
    }
}
