package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Start-up must never load a cloud SDK: the CLI runs in a child JVM (same class path as the tests,
 * so every SDK jar is present) with -verbose:class, and the loaded classes are inspected.
 */
class StartupClassLoadingTest {
    static final Path WORK = Path.of("src/test/resources/cli");

    static List<String> loadedClasses(String... args) throws IOException, InterruptedException {
        return loadedClasses(java.util.Map.of(), args);
    }

    static List<String> loadedClasses(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-Xshare:off", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(WORK.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))).isIn(0, 1);
        return lines.stream().filter(l -> l.startsWith("[") && l.contains("class,load")).toList();
    }

    static void assertNoSdk(List<String> classes) {
        assertThat(classes).isNotEmpty();
        assertThat(classes).noneMatch(l -> l.contains(" software.amazon.")).noneMatch(l -> l.contains(" com.azure."))
                .noneMatch(l -> l.contains(" org.postgresql."))
                .noneMatch(l -> l.matches(".* dev\\.runbook\\.state\\.(s3|azblob|postgres)\\..*"));
    }

    @Test
    void help_loads_no_sdk_no_yaml_and_no_provider() throws Exception {
        List<String> classes = loadedClasses("--help");
        assertNoSdk(classes);
        assertThat(classes).noneMatch(l -> l.contains(" com.fasterxml.jackson."))
                .noneMatch(l -> l.contains(" dev.runbook.action.Provider "))
                .noneMatch(l -> l.matches(".* dev\\.runbook\\.action\\.[a-z]+\\..*"));
    }

    @Test
    void list_loads_no_sdk() throws Exception {
        assertNoSdk(loadedClasses("list"));
    }

    @Test
    void show_loads_no_sdk() throws Exception {
        assertNoSdk(loadedClasses("show", "api-down"));
        assertNoSdk(loadedClasses("show", "api-down", "--params"));
        assertNoSdk(loadedClasses("show", "api-down", "--params-template", "-"));
    }

    /** The shipped runbooks are in the fast reader's subset: validating them never loads SnakeYAML Engine (or any YAML library). */
    @Test
    void validate_of_the_shipped_runbooks_loads_no_yaml_library() throws Exception {
        List<String> classes = loadedClasses("validate", Path.of("../../../../runbooks").toString());
        assertNoSdk(classes);
        assertThat(classes).anyMatch(l -> l.contains(" dev.runbook.parse.FastYaml "))
                .noneMatch(l -> l.contains(" org.snakeyaml."))
                .noneMatch(l -> l.contains(" org.yaml.snakeyaml."))
                .noneMatch(l -> l.contains(" com.fasterxml.jackson.dataformat.yaml."))
                .noneMatch(l -> l.contains(" dev.runbook.parse.EngineYaml "))
                // rollback-deployment.yaml has a literal matches() pattern: validate judges it without RE2's engine
                .noneMatch(l -> l.contains(" com.google.re2j."));
    }

    @Test
    void validate_loads_no_sdk_but_does_read_the_catalogue() throws Exception {
        List<String> classes = loadedClasses("validate", "runbooks", "broken");
        assertNoSdk(classes);
        assertThat(classes).anyMatch(l -> l.contains(" dev.runbook.action.Provider "));
    }

    /**
     * Shell completion at Tab ({@code runbook __complete}, hidden): never an SDK, a state-store class or a journal
     * reader, and not picocli's model either, whatever the line names; a team store in the environment or on the line
     * is never opened (its local copies' folder names are listed).
     */
    @Test
    void completion_loads_no_sdk_no_state_store_and_no_command_model() throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("RUNBOOK_STATE", "s3://team-bucket/runbook", "RUNBOOK_STATE_LEASE_TTL", "5");
        for (String[] args : List.of(new String[] {"__complete", "runbooks"}, new String[] {"__complete", "params", "api-down"},
                new String[] {"__complete", "values", "api-down", "app"}, new String[] {"__complete", "steps", "api-down"},
                new String[] {"__complete", "scenarios", "api-down"}, new String[] {"__complete", "runs"},
                new String[] {"__complete", "resume", "--state", "azblob://acct/container/p"}, new String[] {"__complete", "team-runs"},
                new String[] {"__complete", "params", "no-such-runbook"}, new String[] {"__complete"},
                new String[] {"__complete", "run-steps", "last"}, new String[] {"__complete", "run-secrets", "x", "--team"},
                new String[] {"__complete", "confirm", "x"}, new String[] {"__complete", "secrets", "api-down"})) {
            List<String> classes = loadedClasses(env, args);
            assertNoSdk(classes);
            assertThat(classes).as(String.join(" ", args))
                    .noneMatch(l -> l.contains(" dev.runbook.state."))
                    .noneMatch(l -> l.contains(" dev.runbook.journal.RunStore"))
                    .noneMatch(l -> l.contains(" dev.runbook.journal.JournalReader"))
                    // of the run history only RunIds, the one rule a run is named by (resume RUN --approve <Tab>)
                    .noneMatch(l -> l.contains(" dev.runbook.history.") && !l.contains(" dev.runbook.history.RunIds"))
                    .noneMatch(l -> l.contains(" dev.runbook.engine."))
                    .noneMatch(l -> l.contains(" dev.runbook.action."))
                    .noneMatch(l -> l.contains(" com.fasterxml.jackson."))
                    .noneMatch(l -> l.contains(" picocli.CommandLine$Model$CommandSpec "));
        }
    }

    /** A team store named in the environment is opened only by the commands that keep runs, never by these. */
    @Test
    void with_a_team_store_set_help_list_show_and_validate_load_no_state_store_class() throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("RUNBOOK_STATE", "s3://team-bucket/runbook", "RUNBOOK_STATE_LEASE_TTL", "5");
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"list"}, new String[] {"show", "api-down"},
                new String[] {"validate", "runbooks", "broken"}, new String[] {"exec", "--help"}, new String[] {"takeover", "--help"})) {
            List<String> classes = loadedClasses(env, args);
            assertNoSdk(classes);
            assertThat(classes).as(String.join(" ", args)).noneMatch(l -> l.contains(" dev.runbook.state."));
        }
    }
}
