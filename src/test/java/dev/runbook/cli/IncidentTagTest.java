package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IncidentTagTest {
    @TempDir
    Path tmp;

    private String runs(Path state, String... args) {
        CommandLine cl = new CommandLine(new RunsCommand(Map.of("RUNBOOK_STATE_DIR", state.toString()), Clock.systemUTC()));
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.execute(args);
        return out.toString();
    }

    @Test
    void exec_incident_tags_the_run_and_runs_incident_finds_it() {
        Path state = tmp.resolve("state");
        CliRun cli = new CliRun(state);
        CliRun.Outcome tagged = cli.exec(ExecCommandTest.COUNTER.toString(), "-p", "file=" + tmp.resolve("a.txt"), "--yes",
                "--incident", "INC-123");
        assertThat(tagged.code()).as(tagged.toString()).isEqualTo(ExitCodes.OK);
        CliRun.Outcome other = cli.exec(ExecCommandTest.COUNTER.toString(), "-p", "file=" + tmp.resolve("b.txt"), "--dry-run");
        assertThat(other.code()).as(other.toString()).isEqualTo(ExitCodes.OK);

        String found = runs(state, "--incident", "inc-123");
        assertThat(found.lines().skip(1).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("execute").contains("succeeded").endsWith("INC-123"));
        assertThat(runs(state).lines().skip(1).filter(l -> !l.isBlank())).hasSize(2);
        String id = found.lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        assertThat(runs(state, "show", id)).contains("incident  INC-123").contains("journal   intact");
    }

    @Test
    void rejects_an_incident_id_that_is_not_one() {
        CliRun.Outcome o = new CliRun(tmp.resolve("state")).exec(ExecCommandTest.COUNTER.toString(), "-p", "file=x",
                "--incident", "rm -rf /");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("is not an incident id");
    }
}
