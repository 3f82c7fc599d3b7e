package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.journal.JournalKey;
import dev.runbook.journal.JournalReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RUNBOOK_JOURNAL_KEY_FILE through the command line: runs are chained with it, and it may not live in the state folder. */
class JournalKeyCliTest {
    static final Path COUNTER = Path.of("src/test/resources/engine/counter.yaml").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void a_run_with_a_key_writes_a_keyed_journal_that_verifies_with_it() throws Exception {
        Path key = Files.writeString(tmp.resolve("journal.key"), "a-long-enough-test-key-0123456789\n");
        CliRun cli = new CliRun(tmp.resolve("state"));
        cli.env.put(JournalKey.ENV, key.toString());
        CliRun.Outcome o = cli.exec(COUNTER.toString(), "-p", "file=" + tmp.resolve("count.txt"), "--yes");
        assertThat(o.code()).as(o.toString()).isZero();
        Path run;
        try (Stream<Path> s = Files.list(tmp.resolve("state/runs"))) {
            run = s.findFirst().orElseThrow();
        }
        JournalKey k = JournalKey.fromEnvironment(cli.env, tmp.resolve("state"));
        JournalReader.Contents c = JournalReader.read(run, k);
        assertThat(c.intact()).as(c.problems().toString()).isTrue();
        assertThat(c.warnings()).isEmpty();
        assertThat(Files.readAllLines(run.resolve("journal.jsonl")).get(0)).doesNotContain("\"prev\":\"" + "0".repeat(64));
        assertThat(JournalReader.read(run).warnings()).anyMatch(w -> w.contains("keyed"));
    }

    @Test
    void a_key_inside_the_state_folder_is_refused_with_exit_10() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path key = Files.writeString(state.resolve("journal.key"), "a-long-enough-test-key-0123456789\n");
        CliRun cli = new CliRun(state);
        cli.env.put(JournalKey.ENV, key.toString());
        CliRun.Outcome o = cli.exec(COUNTER.toString(), "-p", "file=" + tmp.resolve("count.txt"), "--yes");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.STATE);
        assertThat(o.err()).contains("lies inside the state folder");
        assertThat(tmp.resolve("count.txt")).doesNotExist();
    }
}
