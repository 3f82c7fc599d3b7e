package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed completion script in a real bash: {@code bash --norc -i} sources {@code completions/runbook.bash} and
 * completes each line below through {@code _runbook}, the function bash calls at Tab, with {@code COMP_WORDS} split
 * as readline splits them (blanks; {@code =} and {@code :} are words of their own; right after {@code =} it is the
 * current word — checked against a real Tab in {@link #a_real_tab_in_tmux_completes_names_parameters_and_values}).
 * {@code runbook} on the PATH is this build's CLI (a shim that also logs every call), so the hidden
 * {@code runbook __complete} runs for real against a folder of runbooks and a state folder made here.
 */
class CompletionBashTest {
    static final Path SCRIPT = Path.of("completions/runbook.bash").toAbsolutePath();
    static final String NEWEST = "20261207-120000-api-down-f2bb";
    static final String OLDER = "20261206-090000-choices-7f9e";
    static final String REHEARSAL = "20261207-110000-api-down-rehearsal-0dd4";
    static final String TEAM = "20261205-080000-api-down-team-aa11";
    static final String OTHER = "20261201-010000-choices-c0de";

    @TempDir
    static Path tmp;

    static Path work;
    static Path bin;
    static Path calls;
    static Map<String, List<String>> results;

    static final List<String> LINES = List.of(
            // runbook names
            "runbook exec api-", "runbook exec ", "runbook show ch", "runbook rehearse ap", "runbook export ch",
            // run ids
            "runbook resume ", "runbook runs show 2026", "runbook report l", "runbook report ", "runbook takeover ",
            "runbook resume --state-dir " + "STATE2" + " ", "runbook runs show --state s3://team-bucket/runbook ",
            // -p names and values, --approve, --scenario
            "runbook exec api-down -p ", "runbook exec api-down -p h", "runbook exec api-down --param ",
            "runbook exec api-down --param=he", "runbook exec choices -p mode=", "runbook exec choices -p mode=s",
            "runbook exec choices -p dry=t", "runbook exec choices -p region=",
            "runbook exec api-down --approve ", "runbook exec choices --approve=re",
            "runbook exec --dry-run -p app=x --incident INC-1 api-down --approve s",
            "runbook exec -p url=https://x/y choices --approve ",
            "runbook rehearse api-down --scenario ", "runbook rehearse choices --scenario=d", "runbook rehearse choices --approve ",
            // enumerated values
            "runbook exec api-down --output ", "runbook rehearse api-down --output j", "runbook runs --outcome roll",
            "runbook validate --format ", "runbook runs show --format ", "runbook report --format ", "runbook exec api-down --azure-cloud AzureU",
            // the run on the line (resume, takeover): the steps and secrets of the runbook stored with it
            "runbook resume last --approve ", "runbook resume f2bb --approve ", "runbook resume 7f9e --approve r",
            "runbook resume 20261207 --approve ", "runbook resume " + REHEARSAL + " --approve=s", "runbook resume nope --approve ",
            "runbook resume --state-dir STATE2 last --approve ", "runbook resume 7f9e --secret-env ", "runbook resume 7f9e --secret-file=",
            "runbook resume 7f9e --secret-env token=COMPLETION_TEST_S", "runbook resume --approve ",
            "runbook takeover " + TEAM + " --approve ", "runbook takeover --force ", "runbook takeover " + TEAM + " --force --confirm ",
            "runbook takeover " + TEAM + " --force --confirm=", "runbook takeover 20261205 --force --confirm ", "runbook takeover aa11 --approve ",
            // secrets, speed, runs --runbook, actions
            "runbook exec choices --secret-env ", "runbook exec choices --secret-file to", "runbook rehearse choices --secret-env=",
            "runbook exec choices --secret-env token=COMPLETION_TEST_S", "runbook exec choices --secret-file token=runb",
            "runbook rehearse api-down --speed ", "runbook runs --runbook ch", "runbook actions http.", "runbook actions ",
            // a quoted path on the line, read as the shell reads it (and never run)
            "runbook exec 'my dir/x.yaml' -p ", "runbook exec \"my dir/x.yaml\" --approve ", "runbook exec my\\ dir/x.yaml -p m",
            "runbook exec --dry-run 'my dir/x.yaml' -p mode=s", "runbook exec 'my dir/$(touch PWNQ).yaml' -p ",
            "runbook exec \"my dir/$(touch PWNQ).yaml\" --approve ", "runbook exec 'my dir/`touch PWNQ`.yaml' -p ",
            "runbook exec 'my dir/x.yaml -p ",
            // odd input: nothing offered, nothing printed
            "runbook exec nope -p ", "runbook exec broken -p ", "runbook exec broken --approve ", "runbook exec binary -p ",
            "runbook exec -p ", "runbook rehearse nope --scenario ", "runbook exec folder -p ",
            "runbook resume --state-dir " + "FILE" + " ", "runbook resume --state-dir " + "DANGLING" + " ",
            "runbook resume --state-dir " + "MISSING" + " ",
            // option names never ask the CLI
            "runbook exec api-down --o", "runbook resume --", "runbook ");

    @BeforeAll
    static void completeEveryLineInBash() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "BASH IS NOT INSTALLED: the completion script cannot be tested here (CI installs bash)");
        fixture(tmp);
        work = tmp.resolve("work");
        bin = tmp.resolve("bin");
        calls = tmp.resolve("calls.log");
        results = complete(tmp, LINES, calls);
    }

    /**
     * The folder of runbooks ({@code work/runbooks}), the state folders ({@code state}, {@code state2}, and odd ones)
     * with runs whose stored runbook copies differ (a run of api-down, a run of choices, a rehearsal, a team store's
     * run of choices), and {@code bin/runbook}, a shim that logs each call and starts this build's CLI.
     */
    static void fixture(Path tmp) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.copy(Path.of("src/test/resources/cli/runbooks/api-down.yaml"), runbooks.resolve("api-down.yaml"));
        Files.writeString(runbooks.resolve("choices.yaml"), CHOICES);
        Files.writeString(runbooks.resolve("broken.yaml"), "runbook: broken\nparameters: [\n  - {{{ not yaml\n\t:::\n");
        Files.write(runbooks.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', (byte) 0xc3});
        Files.createDirectories(runbooks.resolve("folder.yaml"));
        Files.createDirectories(runbooks.resolve("scenarios/api-down"));
        Files.writeString(runbooks.resolve("scenarios/api-down/happy.yaml"), "scenario: happy\n");
        Files.createDirectories(runbooks.resolve("scenarios/choices"));
        Files.writeString(runbooks.resolve("scenarios/choices/drill-a.yaml"), "scenario: drill-a\n");
        Files.writeString(runbooks.resolve("scenarios/choices/drill-b.yaml"), "not even a scenario: [\n");

        // a runbook by a path with a blank, quoted on the line, and one whose name is code if ever run (it must not be)
        Path spaced = Files.createDirectories(work.resolve("my dir"));
        Files.writeString(spaced.resolve("x.yaml"), CHOICES.replace("runbook: choices", "runbook: x"));
        Files.writeString(spaced.resolve("$(touch PWNQ).yaml"), CHOICES.replace("runbook: choices", "runbook: y"));
        String apiDown = Files.readString(runbooks.resolve("api-down.yaml"));
        Path state = tmp.resolve("state");
        run(state.resolve("runs"), NEWEST, apiDown);
        // the runbook as it ran: the file in ./runbooks has changed since (its steps are not the ones offered)
        run(state.resolve("runs"), OLDER, CHOICES.replace("id: restart", "id: recycle"));
        Files.createDirectories(state.resolve("runs/20261207-130000-half-made-0000")); // no journal: not a run
        run(state.resolve("rehearsals/runs"), REHEARSAL, apiDown);
        run(state.resolve("shared/0123456789ab/view/runs"), TEAM, CHOICES.replace("id: notify", "id: tell-the-team"));
        Path state2 = tmp.resolve("state2");
        run(state2.resolve("runs"), OTHER, CHOICES);
        Files.writeString(tmp.resolve("a-file"), "x");
        Path dangling = Files.createDirectories(tmp.resolve("dangling"));
        Files.createSymbolicLink(dangling.resolve("runs"), tmp.resolve("nowhere"));
        Files.createDirectories(tmp.resolve("home"));

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path shim = bin.resolve("runbook");
        Files.writeString(shim, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"${COMPLETION_TEST_CALLS:-" + tmp.resolve("calls.log") + "}\"\n"
                + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' dev.runbook.cli.Main \"$@\"\n");
        assertThat(shim.toFile().setExecutable(true)).isTrue();
    }

    /**
     * Completes each line (STATE2, FILE, DANGLING, MISSING stand for folders of the fixture) in one real
     * {@code bash --norc -i}, each call of the CLI logged to {@code callLog}; the candidates by line as given.
     */
    static Map<String, List<String>> complete(Path tmp, List<String> given, Path callLog) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String l : given) {
            lines.add(l.replace("STATE2", tmp.resolve("state2").toString()).replace("FILE", tmp.resolve("a-file").toString())
                    .replace("DANGLING", tmp.resolve("dangling").toString()).replace("MISSING", tmp.resolve("missing").toString()));
        }
        Path cases = Files.write(Files.createTempFile(tmp, "cases", ".txt"), lines);
        Path driver = Files.writeString(Files.createTempFile(tmp, "drive", ".sh"), DRIVER.replace("SCRIPT", SCRIPT.toString()).replace("CASES", cases.toString()));
        Path stderrFile = Files.createTempFile(tmp, "bash-stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-i", driver.toString()).directory(tmp.resolve("work").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RUNBOOK_") || k.startsWith("COMP"));
        env.put("PATH", tmp.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", tmp.resolve("home").toString());
        env.put("RUNBOOK_STATE_DIR", tmp.resolve("state").toString());
        env.put("COMPLETION_TEST_CALLS", callLog.toString());
        env.put("COMPLETION_TEST_SECRET_VAR", "x");
        Process p = pb.redirectError(stderrFile.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        Map<String, List<String>> byLine = parse(out);
        assertThat(byLine.keySet()).as(out).hasSize(lines.size());
        // what bash printed besides the prompts of an interactive shell reading a file, and compopt outside a real Tab
        List<String> stderr = Files.readAllLines(stderrFile).stream()
                .filter(l -> !l.isBlank() && !l.contains("compopt: not currently executing completion function")
                        && !l.matches("^(bash-[0-9.]+[#$] ?)*(exit)?$") && !l.contains("no job control") && !l.contains("cannot set terminal process group"))
                .toList();
        assertThat(stderr).as("bash printed errors while completing").isEmpty();
        Map<String, List<String>> out2 = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) out2.put(given.get(i), byLine.get(lines.get(i)));
        return out2;
    }

    private static void run(Path runs, String id, String storedRunbook) throws IOException {
        Files.createDirectories(runs.resolve(id));
        Files.writeString(runs.resolve(id).resolve("journal.jsonl"), "{}\n");
        Files.writeString(runs.resolve(id).resolve("runbook.yaml"), storedRunbook);
    }

    static List<String> completed(String line) {
        return results.get(line);
    }

    @Test
    void runbook_names_after_exec_show_rehearse_and_export() {
        assertThat(completed("runbook exec api-")).containsExactly("api-down");
        assertThat(completed("runbook exec ")).contains("api-down", "choices");
        assertThat(completed("runbook show ch")).containsExactly("choices");
        assertThat(completed("runbook rehearse ap")).containsExactly("api-down");
        assertThat(completed("runbook export ch")).containsExactly("choices");
    }

    @Test
    void run_ids_and_last_after_resume_runs_show_report_and_takeover() {
        assertThat(completed("runbook resume ")).as("rehearsals resume on the simulator").containsExactlyInAnyOrder("last", NEWEST, OLDER, REHEARSAL);
        assertThat(completed("runbook runs show 2026")).containsExactlyInAnyOrder(NEWEST, OLDER, REHEARSAL);
        assertThat(completed("runbook report l")).containsExactly("last");
        assertThat(completed("runbook report ")).containsExactlyInAnyOrder("last", NEWEST, OLDER, REHEARSAL);
        assertThat(completed("runbook takeover ")).as("a team store's runs, by full id").containsExactly(TEAM);
        assertThat(completed("runbook resume --state-dir STATE2 ")).containsExactlyInAnyOrder("last", OTHER);
        assertThat(completed("runbook runs show --state s3://team-bucket/runbook ")).as("the team store's local copies only")
                .containsExactly(TEAM);
    }

    @Test
    void parameter_names_and_values_of_the_runbook_on_the_line() {
        assertThat(completed("runbook exec api-down -p ")).as("a secret is never given with -p").containsExactly("app=", "healthUrl=");
        assertThat(completed("runbook exec api-down -p h")).containsExactly("healthUrl=");
        assertThat(completed("runbook exec api-down --param ")).containsExactly("app=", "healthUrl=");
        assertThat(completed("runbook exec api-down --param=he")).containsExactly("healthUrl=");
        assertThat(completed("runbook exec choices -p mode=")).containsExactly("fast", "slow");
        assertThat(completed("runbook exec choices -p mode=s")).containsExactly("slow");
        assertThat(completed("runbook exec choices -p dry=t")).containsExactly("true");
        assertThat(completed("runbook exec choices -p region=")).as("a free-form value").isEmpty();
    }

    @Test
    void approve_offers_the_steps_that_have_a_gate_and_scenario_the_runbooks_scenarios() {
        assertThat(completed("runbook exec api-down --approve ")).containsExactly("scale-out", "page");
        assertThat(completed("runbook exec choices --approve=re")).containsExactly("restart");
        assertThat(completed("runbook exec --dry-run -p app=x --incident INC-1 api-down --approve s"))
                .as("the runbook after options and their values").containsExactly("scale-out");
        assertThat(completed("runbook exec -p url=https://x/y choices --approve ")).containsExactly("restart", "notify");
        assertThat(completed("runbook rehearse api-down --scenario ")).containsExactly("happy");
        assertThat(completed("runbook rehearse choices --scenario=d")).containsExactly("drill-a", "drill-b");
        assertThat(completed("runbook rehearse choices --approve ")).containsExactly("restart", "notify");
    }

    @Test
    void resume_and_takeover_offer_the_steps_and_secrets_of_the_runbook_stored_with_the_run() {
        assertThat(completed("runbook resume last --approve ")).as("last: the newest run, of api-down").containsExactly("scale-out", "page");
        assertThat(completed("runbook resume f2bb --approve ")).as("a unique suffix").containsExactly("scale-out", "page");
        assertThat(completed("runbook resume 7f9e --approve r")).as("the copy as it ran (recycle), not today's file (restart)")
                .containsExactly("recycle");
        assertThat(completed("runbook resume 20261207 --approve ")).as("two runs start so: resume would refuse, nothing offered").isEmpty();
        assertThat(completed("runbook resume " + REHEARSAL + " --approve=s")).as("a rehearsal resumes too").containsExactly("scale-out");
        assertThat(completed("runbook resume nope --approve ")).isEmpty();
        assertThat(completed("runbook resume --approve ")).as("no run on the line yet").isEmpty();
        assertThat(completed("runbook resume --state-dir STATE2 last --approve ")).as("the state folder on the line")
                .containsExactly("restart", "notify");
        assertThat(completed("runbook resume 7f9e --secret-env ")).containsExactly("token=");
        assertThat(completed("runbook resume 7f9e --secret-file=")).containsExactly("token=");
        assertThat(completed("runbook resume 7f9e --secret-env token=COMPLETION_TEST_S")).as("exported variables")
                .containsExactly("COMPLETION_TEST_SECRET_VAR");
        assertThat(completed("runbook takeover " + TEAM + " --approve ")).as("the team run's copy").containsExactly("restart", "tell-the-team");
        assertThat(completed("runbook takeover aa11 --approve ")).as("takeover takes the full id only").isEmpty();
        assertThat(completed("runbook takeover --force ")).containsExactly(TEAM);
        assertThat(completed("runbook takeover " + TEAM + " --force --confirm ")).as("--confirm repeats the run id").containsExactly(TEAM);
        assertThat(completed("runbook takeover " + TEAM + " --force --confirm=")).containsExactly(TEAM);
        assertThat(completed("runbook takeover 20261205 --force --confirm ")).as("a part is not the run id --confirm wants").isEmpty();
    }

    @Test
    void secret_names_speed_runbook_filter_and_action_names() {
        assertThat(completed("runbook exec choices --secret-env ")).as("only the secret parameters").containsExactly("token=");
        assertThat(completed("runbook exec choices --secret-file to")).containsExactly("token=");
        assertThat(completed("runbook rehearse choices --secret-env=")).containsExactly("token=");
        assertThat(completed("runbook exec choices --secret-env token=COMPLETION_TEST_S")).containsExactly("COMPLETION_TEST_SECRET_VAR");
        assertThat(completed("runbook exec choices --secret-file token=runb")).as("a file").containsExactly("runbooks");
        assertThat(completed("runbook rehearse api-down --speed ")).containsExactly("max", "1", "10");
        assertThat(completed("runbook runs --runbook ch")).containsExactly("choices");
        assertThat(completed("runbook actions http.")).containsExactly("http.check");
        assertThat(completed("runbook actions ")).contains("shell", "manual", "azure.webapp.restart", "postgres.query");
    }

    @Test
    void a_quoted_runbook_path_is_read_as_the_shell_reads_it_and_nothing_on_the_line_runs() throws IOException {
        assertThat(completed("runbook exec 'my dir/x.yaml' -p ")).containsExactly("mode=", "dry=", "region=", "url=");
        assertThat(completed("runbook exec \"my dir/x.yaml\" --approve ")).containsExactly("restart", "notify");
        assertThat(completed("runbook exec my\\ dir/x.yaml -p m")).containsExactly("mode=");
        assertThat(completed("runbook exec --dry-run 'my dir/x.yaml' -p mode=s")).containsExactly("slow");
        // the text between the quotes is a file name, never code: the file of that name is read, nothing is run
        assertThat(completed("runbook exec 'my dir/$(touch PWNQ).yaml' -p ")).containsExactly("mode=", "dry=", "region=", "url=");
        assertThat(completed("runbook exec \"my dir/$(touch PWNQ).yaml\" --approve ")).containsExactly("restart", "notify");
        assertThat(completed("runbook exec 'my dir/`touch PWNQ`.yaml' -p ")).isEmpty();
        assertThat(completed("runbook exec 'my dir/x.yaml -p ")).as("still inside the quotes: the runbook is being typed").isEmpty();
        try (var files = Files.walk(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.equals("PWNQ"));
        }
    }

    @Test
    void enumerated_option_values() {
        assertThat(completed("runbook exec api-down --output ")).containsExactly("text", "json");
        assertThat(completed("runbook rehearse api-down --output j")).containsExactly("json");
        assertThat(completed("runbook runs --outcome roll")).containsExactly("rolled-back", "rollback-failed");
        assertThat(completed("runbook validate --format ")).containsExactly("text", "json", "junit", "github", "sarif");
        assertThat(completed("runbook runs show --format ")).containsExactly("text", "json");
        assertThat(completed("runbook report --format ")).containsExactly("markdown", "json");
        assertThat(completed("runbook exec api-down --azure-cloud AzureU")).containsExactly("AzureUSGovernment");
    }

    @Test
    void odd_input_offers_nothing_and_prints_nothing() {
        for (String line : List.of("runbook exec nope -p ", "runbook exec broken -p ", "runbook exec broken --approve ",
                "runbook exec binary -p ", "runbook exec -p ", "runbook rehearse nope --scenario ", "runbook exec folder -p ")) {
            assertThat(completed(line)).as(line).isEmpty();
        }
        for (String line : List.of("runbook resume --state-dir FILE ", "runbook resume --state-dir DANGLING ", "runbook resume --state-dir MISSING ")) {
            assertThat(completed(line)).as(line).isEmpty();
        }
    }

    @Test
    void typing_an_option_name_never_starts_the_cli() throws IOException {
        assertThat(completed("runbook exec api-down --o")).contains("--output", "--offline");
        assertThat(completed("runbook resume --")).contains("--state-dir", "--force");
        assertThat(completed("runbook ")).contains("exec", "resume", "rehearse").doesNotContain("__complete");
        List<String> log = Files.readAllLines(calls);
        // one call per line that needs the machine's data, each through the hidden command
        assertThat(log).allMatch(l -> l.startsWith("__complete "));
        int asked = (int) LINES.stream().filter(l -> !l.endsWith("--o") && !l.endsWith("--") && !l.equals("runbook ")
                && !l.contains("--output ") && !l.contains("--output j") && !l.contains("--outcome") && !l.contains("--format")
                && !l.contains("--azure-cloud") && !l.equals("runbook exec -p ") && !l.equals("runbook resume --approve ")
                && !l.contains("token=") && !l.contains("--speed") && !l.startsWith("runbook actions ")).count();
        assertThat(log).hasSize(asked);
    }

    /**
     * A real Tab: an interactive bash in tmux with the script sourced, keys typed as a person would. Proves that the
     * word splitting the test above assumes is what bash does, and that the candidates land on the command line.
     */
    @Test
    void a_real_tab_in_tmux_completes_names_parameters_and_values() throws Exception {
        assumeTrue(dev.runbook.testing.Tmux.available(), "TMUX IS NOT INSTALLED: the real-Tab completion test is skipped (.ci/run installs it)");
        Path rc = Files.writeString(tmp.resolve("rc.bash"), "PS1='$ '\nsource '" + SCRIPT + "'\n");
        Path start = Files.writeString(tmp.resolve("start.sh"), "#!/bin/sh\ncd '" + work + "'\nexport PATH='" + bin + ":/usr/bin:/bin' HOME='"
                + tmp.resolve("home") + "' RUNBOOK_STATE_DIR='" + tmp.resolve("state") + "' COMPLETION_TEST_CALLS='" + tmp.resolve("tmux-calls.log")
                + "'\nexec bash --noprofile --rcfile '" + rc + "' -i\n");
        assertThat(start.toFile().setExecutable(true)).isTrue();
        try (dev.runbook.testing.Tmux t = dev.runbook.testing.Tmux.start(start, 200, 40)) {
            t.waitFor("$ ", Duration.ofSeconds(60));
            t.type("runbook exec api-d");
            t.press("Tab");
            t.waitFor("runbook exec api-down ", Duration.ofSeconds(60));
            t.type("-p ap");
            t.press("Tab");
            t.waitFor("runbook exec api-down -p app=", Duration.ofSeconds(60));
            t.type("x -p healthUrl=h -p ");
            t.press("Tab");
            // no common prefix: the first Tab completes nothing, the second lists the candidates
            t.press("Tab");
            String screen = t.waitFor("healthUrl=", Duration.ofSeconds(60));
            assertThat(screen).contains("app=");
            t.press("C-u");
            t.type("runbook exec choices -p mode=f");
            t.press("Tab");
            t.waitFor("runbook exec choices -p mode=fast ", Duration.ofSeconds(60));
            t.press("C-u");
            t.type("runbook resume 20261207-12"); // 20261207-11... is a rehearsal, resumable too
            t.press("Tab");
            t.waitFor("runbook resume " + NEWEST, Duration.ofSeconds(60));
            t.press("C-u");
            t.type("runbook exec 'my dir/$(touch PWNQ).yaml' -p mo");
            t.press("Tab");
            t.waitFor("runbook exec 'my dir/$(touch PWNQ).yaml' -p mode=", Duration.ofSeconds(60));
            t.type("s");
            t.press("Tab");
            t.waitFor("-p mode=slow ", Duration.ofSeconds(60));
            t.press("C-u");
            t.type("runbook exec my\\ dir/x.yaml --approve re");
            t.press("Tab");
            t.waitFor("runbook exec my\\ dir/x.yaml --approve restart ", Duration.ofSeconds(60));
            assertThat(work.resolve("PWNQ")).as("nothing on the line ran").doesNotExist();
            // a file offered after --secret-file NAME= is quoted by bash (-o filenames), never run
            Files.writeString(work.resolve("zz$(touch PWNF) x"), "secret\n");
            t.press("C-u");
            t.type("runbook exec choices --secret-file token=zz");
            t.press("Tab");
            t.waitFor("--secret-file token=zz\\$\\(touch\\ PWNF\\)\\ x ", Duration.ofSeconds(60));
            assertThat(work.resolve("PWNF")).doesNotExist();
            t.press("C-u");
            t.type("runbook resume f2bb --approve sc");
            t.press("Tab");
            t.waitFor("runbook resume f2bb --approve scale-out ", Duration.ofSeconds(60));
            t.press("C-u");
            t.type("runbook takeover " + TEAM + " --force --confirm ");
            t.press("Tab");
            t.waitFor("--force --confirm " + TEAM + " ", Duration.ofSeconds(60));
        }
    }

    private static Map<String, List<String>> parse(String out) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        String current = null;
        for (String l : out.lines().toList()) {
            if (l.startsWith("CASE ")) {
                current = l.substring(5);
                m.put(current, new ArrayList<>());
            } else if (l.equals("END")) {
                current = null;
            } else if (current != null && !l.isEmpty()) {
                m.get(current).add(l);
            }
        }
        return m;
    }

    static final String CHOICES = """
            runbook: choices
            title: Parameters of every kind
            severity: P3
            parameters:
              mode: { type: string, default: fast, enum: [fast, slow], description: how hard }
              dry: { type: bool, default: false }
              region: { type: string, required: true }
              url: { type: url }
              token: { type: string, secret: true }
            diagnose:
              - id: look
                uses: shell
                effect: read
                with: { command: [sh, -c, 'true'] }
            resolve:
              - id: restart
                uses: shell
                effect: write
                with: { command: [sh, -c, 'true'] }
            rollback:
              - id: notify
                uses: manual
                with: { instructions: "Tell the team." }
            """;

    /**
     * Completes each line of CASES as bash would at a Tab with the cursor at the end: COMP_WORDS split at blanks, with
     * '=' and ':' words of their own (COMP_WORDBREAKS) and, right after one, that character as the current word; a
     * quoted or backslash-escaped part stays in its word with its quotes (checked by a real Tab in tmux).
     */
    static final String DRIVER = """
            source 'SCRIPT'
            _drive() {
              local line=$1 i ch word=""
              COMP_LINE=$line
              COMP_POINT=${#line}
              COMP_WORDS=()
              local q=""
              for (( i=0; i<${#line}; i++ )); do
                ch=${line:i:1}
                # inside quotes (kept in the word, as readline keeps them) nothing breaks a word
                if [[ -n $q ]]; then
                  word+=$ch; [[ $ch == "$q" ]] && q=""; continue
                fi
                case $ch in
                  \\\\) word+=$ch${line:i+1:1}; ((i++)) ;;
                  \\'|\\") word+=$ch; q=$ch ;;
                  ' ') [[ -n $word ]] && COMP_WORDS+=("$word"); word="" ;;
                  '='|':') [[ -n $word ]] && COMP_WORDS+=("$word"); COMP_WORDS+=("$ch"); word="" ;;
                  *) word+=$ch ;;
                esac
              done
              if [[ -n $word ]]; then COMP_WORDS+=("$word"); elif [[ $line != *[=:] ]]; then COMP_WORDS+=(""); fi
              COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
              COMPREPLY=()
              _runbook runbook "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
              printf 'CASE %s\\n' "$line"
              (( ${#COMPREPLY[@]} )) && printf '%s\\n' "${COMPREPLY[@]}"
              printf 'END\\n'
            }
            while IFS= read -r line; do _drive "$line"; done < 'CASES'
            exit 0
            """;
}
