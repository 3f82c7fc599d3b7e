package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecCommandTest {
    static final Path COUNTER = Path.of("src/test/resources/engine/counter.yaml");

    @TempDir
    Path tmp;

    private List<String> lines(Path f) throws Exception {
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void without_a_terminal_writes_are_refused_with_exit_4_and_nothing_changes() throws Exception {
        Path f = tmp.resolve("count.txt");
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(COUNTER.toString(), "-p", "file=" + f);
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(o.all()).contains("first", "slow", "second", "--yes or --approve");
        assertThat(f).doesNotExist();
    }

    @Test
    void yes_runs_everything_and_exits_0() throws Exception {
        Path f = tmp.resolve("count.txt");
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(COUNTER.toString(), "-p", "file=" + f, "--yes");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(lines(f)).containsExactly("first", "slow-start", "slow", "second");
        assertThat(o.out()).contains("✓ look", "✓ count", "✓ resolved in", "changes made", "P0");
    }

    @Test
    void dry_run_changes_nothing_and_shows_what_would_run() throws Exception {
        Path f = tmp.resolve("count.txt");
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(COUNTER.toString(), "-p", "file=" + f, "--dry-run");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(f).doesNotExist();
        assertThat(o.out()).contains("DRY RUN", "would: run sh -c");
    }

    @Test
    void expressions_read_the_incident_and_the_mode_of_the_run() {
        Path tagged = Path.of("src/test/resources/engine/tagged.yaml");
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(tagged.toString(), "--incident", "INC-42");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.out()).contains("incident INC-42 in mode execute");
        CliRun.Outcome dry = new CliRun(tmp.resolve("state")).exec(tagged.toString(), "--dry-run");
        assertThat(dry.out()).contains("incident  in mode dry-run");
    }

    @Test
    void a_secret_on_argv_is_refused_with_a_clear_message() {
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(COUNTER.toString(), "-p", "file=x", "-p", "token=hunter2", "--yes");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("'token' is secret", "--secret-env token=VAR").doesNotContain("hunter2");
    }

    @Test
    void unknown_parameter_is_named_with_a_suggestion() {
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(COUNTER.toString(), "-p", "fil=x");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("unknown parameter 'fil'", "did you mean 'file'");
    }

    @Test
    void missing_runbook_is_a_usage_error() {
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec("no-such-runbook");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("no runbook 'no-such-runbook'");
    }

    @Test
    void json_output_streams_one_event_per_line() throws Exception {
        Path f = tmp.resolve("count.txt");
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(COUNTER.toString(), "-p", "file=" + f, "--yes", "--output", "json");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        ObjectMapper m = new ObjectMapper();
        List<String> types = o.out().lines().map(l -> {
            try {
                JsonNode n = m.readTree(l);
                return n.get("type").asText();
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertThat(types.get(0)).isEqualTo("run.start");
        assertThat(types).contains("step.start", "step.end", "gate.answer").endsWith("run.end", "run.summary");
    }

    @Test
    void interactive_gate_answers_come_from_the_terminal() throws Exception {
        Path f = tmp.resolve("count.txt");
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).typing("y\nn\ny\n").exec(COUNTER.toString(), "-p", "file=" + f, "-p", "pause=0");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(lines(f)).containsExactly("first", "second");
        assertThat(o.terminal()).contains("run it? [y]es / [n]o, skip / [a]bort / [d]etails", "○ slow");
    }

    @Test
    void a_second_identical_run_is_locked_out_while_the_first_runs() throws Exception {
        Path f = tmp.resolve("count.txt");
        Path state = tmp.resolve("state");
        Thread first = new Thread(() -> new CliRun(state).exec(COUNTER.toString(), "-p", "file=" + f, "-p", "pause=2", "--yes"));
        first.start();
        for (int i = 0; i < 100 && !lines(f).contains("slow-start"); i++) Thread.sleep(50);
        CliRun.Outcome second = new CliRun(state).exec(COUNTER.toString(), "-p", "file=" + f, "-p", "pause=2", "--yes");
        CliRun.Outcome other = new CliRun(state).exec(COUNTER.toString(), "-p", "file=" + tmp.resolve("other.txt"), "--yes");
        first.join();
        assertThat(second.code()).as(second.toString()).isEqualTo(ExitCodes.LOCKED);
        assertThat(second.err()).contains("another run of this runbook with the same parameters");
        assertThat(other.code()).as("different parameters are not locked out").isEqualTo(ExitCodes.OK);
        assertThat(lines(f)).containsExactly("first", "slow-start", "slow", "second");
    }
}
