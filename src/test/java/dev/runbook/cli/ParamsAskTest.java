package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters as an operator meets them: every problem at once without a terminal, a second chance at one, the line to rerun. */
class ParamsAskTest {
    static final String TYPED = "src/test/resources/cli/params/typed.yaml";

    @TempDir
    Path tmp;

    @Test
    void without_a_terminal_every_missing_parameter_is_listed_at_once_with_one_line_to_give_them() {
        CliRun.Outcome o = new CliRun(tmp).exec(TYPED, "--no-input");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("2 parameters are required:", "count  how many", "url  where",
                "give them with: -p count=VALUE -p url=VALUE (or in --params FILE)");
    }

    @Test
    void without_a_terminal_what_the_cloud_lacks_and_what_the_parameters_lack_are_told_in_one_refusal() {
        // before: the provider preflight refused alone (exit 2), and the missing parameters came only on the next attempt
        CliRun run = new CliRun(tmp);
        run.env.put("HOME", tmp.resolve("home").toString()); // no az login, no ~/.azure
        CliRun.Outcome o = run.exec("runbooks/service-down.yaml", "--no-input");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).containsSubsequence("cannot start service-down", "no Azure subscription given", "no Azure sign-in found",
                "and the parameters:", "3 parameters are required:", "give them with: -p app=VALUE -p healthUrl=VALUE -p appInsights=VALUE");
        assertThat(o.out()).isEmpty();
        // at a terminal the cloud comes first, alone: nobody types parameters to learn that no cloud is reachable
        CliRun.Outcome typed = run.typing("").exec("runbooks/service-down.yaml");
        assertThat(typed.code()).as(typed.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(typed.all()).contains("no Azure subscription given").doesNotContain("parameters are required");
    }

    @Test
    void every_invalid_value_is_reported_at_once() {
        CliRun.Outcome o = new CliRun(tmp).exec(TYPED, "-p", "count=many", "-p", "url=nowhere", "-p", "cuont=1");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("unknown parameter 'cuont'", "did you mean 'count'?", "'count' must be a whole number, got 'many'",
                "'url' must be an absolute URL");
    }

    @Test
    void at_a_terminal_an_invalid_answer_is_asked_again_instead_of_ending_the_command() {
        CliRun.Outcome o = new CliRun(tmp).typing("many\n7\nhttps://example.com/x\n").exec(TYPED);
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.all()).contains("parameter 'count' must be a whole number, got 'many'; try again", "7 at https://example.com/x");
    }

    @Test
    void the_run_prints_the_command_that_runs_it_again_without_secret_values() {
        CliRun.Outcome o = new CliRun(tmp).exec(TYPED, "-p", "count=7", "-p", "url=https://example.com/a?q=1&r=2", "-p", "mode=fast");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.out()).contains("to run it again: runbook exec " + TYPED + " -p count=7 -p 'url=https://example.com/a?q=1&r=2'")
                .doesNotContain("mode=fast");
    }

    static final String OPTIONAL = "src/test/resources/cli/params/optional.yaml";

    @Test
    void at_a_terminal_an_invalid_optional_value_from_the_command_line_is_asked_again_not_dropped() {
        // before: "must be a whole number ... (from the command line); try again", then no question: the run went on
        // without 'workers' at all (neither the typed value nor its default) and failed at ${params.workers}
        CliRun.Outcome o = new CliRun(tmp).typing("5\n").exec(OPTIONAL, "-p", "workers=abc");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.all().replaceAll("\\s+", " ")).contains("parameter 'workers' must be a whole number, got 'abc' (from the command line); try again",
                "workers=5 label=green");
    }

    @Test
    void at_a_terminal_an_empty_answer_after_a_refused_optional_value_takes_its_default() {
        CliRun.Outcome o = new CliRun(tmp).typing("\n\n").exec(OPTIONAL, "-p", "workers=abc", "-p", "label=blu");
        assertThat(o.code()).as(o.toString()).isEqualTo(ExitCodes.OK);
        assertThat(o.all()).contains("'label' must be one of [blue, green], got 'blu'", "workers=3 label=green");
    }

    @Test
    void at_80_columns_a_long_question_and_a_long_failure_keep_their_words_whole() {
        // before: "healthUrl (Detailed health endpoint, e.g. https://fleet-api.example.com/health" / "): " and
        // "✗ fail failed: ... status 503, expected 2" / "00": both cut mid-word by the terminal
        CliRun run = new CliRun(tmp).typing("https://fleet-api.example.com/health\na\n");
        run.env.put("COLUMNS", "80");
        CliRun.Outcome o = run.exec("src/test/resources/cli/params/narrow.yaml");
        // (the command to run it again and the journal path overflow on purpose: they are copied whole; a test terminal
        // does not echo the answer, so the line after a prompt runs on)
        assertThat(o.terminal().lines().filter(l -> !l.contains("runbook exec") && !l.contains("journal: ") && !l.contains("[r]etry")))
                .as(o.toString()).allMatch(l -> l.length() <= 80);
        assertThat(o.terminal()).contains("  healthUrl (Detailed health endpoint, e.g.", "  healthUrl: ", "  ✗ fail failed: ");
    }
}
