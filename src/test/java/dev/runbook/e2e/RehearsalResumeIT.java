package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.cli.ExitCodes;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training drill "Ctrl-C, then resume" through the built launcher: a rehearsal of {@code service-down}
 * ({@code restart-does-not-help}) is interrupted with a real SIGINT while its verify step retries, says how to go on,
 * and {@code runbook resume ID} continues it on the simulator to the same end as a rehearsal that was never
 * interrupted: rolled back, the same steps run, the same changes to the simulated world, the debrief passed.
 */
class RehearsalResumeIT {
    static final Path LAUNCHER = Path.of("runbook").toAbsolutePath();
    static final List<String> REHEARSE = List.of("rehearse", "service-down", "--scenario", "restart-does-not-help", "--parallel", "1");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needs() {
        assumeTrue(Files.isRegularFile(Path.of("target/runbook.jar")), "the launcher is not built: run 'mvn -B verify' (package comes first)");
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    @Test
    void an_interrupted_rehearsal_resumes_on_the_simulator_and_ends_as_an_uninterrupted_one() throws Exception {
        assumeTrue(!dev.runbook.testing.SignalDisposition.ignored(2), dev.runbook.testing.SignalDisposition.why("INT"));
        Path straight = tmp.resolve("straight");
        Run whole = launch(straight, REHEARSE);
        assertThat(whole.code()).as(whole.toString()).isZero();

        Path state = tmp.resolve("drill");
        List<String> slow = new ArrayList<>(REHEARSE);
        slow.addAll(List.of("--speed", "10")); // the verify step's 30 s retries take 3 s: time to press Ctrl-C
        Process p = start(state, slow, "first");
        try {
            waitFor("first", "healthy attempt 3/10", p);
            signal(jvmOf(p), "INT");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the interrupted rehearsal ends").isTrue();
        } finally {
            p.destroyForcibly();
        }
        Run first = result(p.exitValue(), "first");
        String id = runId(state);
        assertThat(first.code()).as(first.toString()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(first.out()).as("a hint the tool honours").contains("Continue with: runbook resume " + id, "go on where it stopped (on the simulator): runbook resume " + id)
                .doesNotContain("Practise again");

        Run resumed = launch(state, List.of("resume", id.substring(id.length() - 4)));
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("run " + id + " ended interrupted", "PASS: the rehearsal followed the expected path.");
        // the same end as the rehearsal that was never interrupted: outcome, steps, gates and the simulated world's changes
        for (String section : List.of("  outcome  ", "  steps run  ", "  gates  ", "    azure.")) {
            assertThat(lines(resumed.out(), section)).as(section).isEqualTo(lines(whole.out(), section)).isNotEmpty();
        }

        List<RunEvent> events = JournalReader.read(state.resolve("rehearsals/runs").resolve(id)).events();
        assertThat(events).filteredOn(RunEvent.RunResumed.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(RunEvent.Interrupted.class::isInstance).hasSize(1);
        assertThat(((RunEvent.RunFinished) events.get(events.size() - 1)).outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        // who it acted as, asked again on resume: the simulator's identity, never a real one
        assertThat(events).filteredOn(RunEvent.Identity.class::isInstance).isNotEmpty()
                .allSatisfy(e -> assertThat(((RunEvent.Identity) e).targets()).allSatisfy(t -> assertThat(t.status()).isEqualTo("simulated")));
        assertThat(Files.exists(state.resolve("runs").resolve(id))).as("a rehearsal stays out of the real runs").isFalse();
    }

    private static List<String> lines(String out, String prefix) {
        String debrief = out.substring(out.indexOf("DEBRIEF"));
        return debrief.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private Run launch(Path state, List<String> args) throws Exception {
        String name = "run" + System.nanoTime();
        Process p = start(state, args, name);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("runbook " + args + " did not finish within 60 s");
        }
        return result(p.exitValue(), name);
    }

    private Run result(int code, String name) throws IOException {
        return new Run(code, Files.readString(tmp.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    private Process start(Path state, List<String> args, String name) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(tmp.resolve(name + ".out").toFile()).redirectError(tmp.resolve(name + ".err").toFile());
        pb.environment().put("RUNBOOK_STATE_DIR", state.toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("COLUMNS", "200");
        return pb.start();
    }

    private void waitFor(String name, String text, Process p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end && p.isAlive()) {
            if (Files.readString(tmp.resolve(name + ".out"), StandardCharsets.UTF_8).contains(text)) return;
            Thread.sleep(50);
        }
        throw new AssertionError("never saw '" + text + "':\n" + result(p.isAlive() ? -1 : p.exitValue(), name));
    }

    private static void signal(ProcessHandle target, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(target.pid())).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + name + " " + target.pid()).isTrue();
    }

    /** The JVM of a launcher: the launcher itself once it has exec'd java, else its java child. */
    private static ProcessHandle jvmOf(Process launcher) {
        return Stream.concat(Stream.of(launcher.toHandle()), launcher.toHandle().children())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under the launcher (pid " + launcher.pid() + ")"));
    }

    private static String runId(Path state) throws IOException {
        try (Stream<Path> runs = Files.list(state.resolve("rehearsals/runs"))) {
            List<Path> all = runs.filter(Files::isDirectory).toList();
            assertThat(all).as("one rehearsal in " + state).hasSize(1);
            return all.get(0).getFileName().toString();
        }
    }
}
