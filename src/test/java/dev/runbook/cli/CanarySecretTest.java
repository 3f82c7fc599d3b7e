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

/** A canary secret goes through every mode; not one byte written anywhere may contain it. */
class CanarySecretTest {
    static final String CANARY = "CANARY-7f3e9a-do-not-leak";
    static final Path RUNBOOK = Path.of("src/test/resources/engine/secret.yaml");

    @TempDir
    Path tmp;

    @Test
    void the_canary_never_appears_on_any_stream_or_in_any_file() throws Exception {
        Path state = tmp.resolve("state");
        Path secretFile = tmp.resolve("token.txt");
        Files.writeString(secretFile, CANARY + "\n");
        List<CliRun.Outcome> outcomes = new ArrayList<>();

        CliRun env = new CliRun(state);
        env.env.put("TOK", CANARY);
        outcomes.add(env.exec(RUNBOOK.toString(), "--secret-env", "token=TOK", "-p", "out=" + tmp.resolve("a.txt"), "--yes"));
        outcomes.add(env.exec(RUNBOOK.toString(), "--secret-env", "token=TOK", "-p", "out=" + tmp.resolve("b.txt"), "--yes", "--output", "json"));
        outcomes.add(env.exec(RUNBOOK.toString(), "--secret-file", "token=" + secretFile, "-p", "out=" + tmp.resolve("c.txt"), "--dry-run"));
        outcomes.add(env.exec(RUNBOOK.toString(), "--secret-file", "token=" + secretFile, "-p", "out=" + tmp.resolve("d.txt"), "--dry-run", "--output", "json"));
        outcomes.add(env.exec(RUNBOOK.toString(), "--secret-env", "token=TOK", "-p", "out=" + tmp.resolve("e.txt")));
        outcomes.add(new CliRun(state).typing(CANARY + "\ny\nd\ny\nb\n").exec(RUNBOOK.toString(), "-p", "out=" + tmp.resolve("f.txt")));
        outcomes.add(env.exec(RUNBOOK.toString(), "-p", "token=" + CANARY, "-p", "out=x"));

        String failedRun;
        try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
            failedRun = runs.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        outcomes.add(env.resume(failedRun, "--secret-env", "token=TOK", "--yes"));
        outcomes.add(env.resume(failedRun, "--secret-env", "token=TOK", "--yes", "--output", "json"));

        for (CliRun.Outcome o : outcomes) {
            assertThat(o.all()).as(o.toString()).doesNotContain(CANARY).doesNotContain("7f3e9a");
        }
        assertThat(outcomes.get(0).code()).as(outcomes.get(0).toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(outcomes.get(0).all()).contains("bad token ***");
        assertThat(outcomes.get(1).out()).contains("\"type\":\"operator.text\"", "token is ***", "\"stderr\":\"***\"");
        assertThat(outcomes.get(4).code()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(outcomes.get(5).code()).as(outcomes.get(5).toString()).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(outcomes.get(6).code()).isEqualTo(ExitCodes.USAGE);

        List<Path> written = new ArrayList<>();
        try (Stream<Path> all = Files.walk(tmp)) {
            all.filter(Files::isRegularFile).filter(p -> !p.equals(secretFile)).forEach(written::add);
        }
        assertThat(written).anyMatch(p -> p.getFileName().toString().equals("journal.jsonl"));
        assertThat(written).anyMatch(p -> p.getFileName().toString().equals("a.txt"));
        for (Path p : written) {
            String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertThat(content).as(p.toString()).doesNotContain(CANARY).doesNotContain("7f3e9a");
        }
        // the whole rendered text derives from the secret, so all of it is masked
        assertThat(Files.readString(tmp.resolve("a.txt"))).isEqualTo("***\n");
    }
}
