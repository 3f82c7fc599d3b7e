package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One team store, several machines: each "machine" is the real CLI in a child JVM with a state home of its own (and its
 * own user name), all pointed at the same store. Extend it with a store URL (and the environment it needs); state-backends
 * runs it against PostgreSQL, S3 and Azure Blob emulators.
 */
public abstract class SharedStateE2E {
    static final Path COUNTER = Path.of("src/test/resources/engine/counter.yaml").toAbsolutePath();
    static final Path HANDOVER = Path.of("src/test/resources/state/handover.yaml").toAbsolutePath();

    @TempDir
    protected Path tmp;

    private final List<Process> started = new ArrayList<>();

    /** The store every machine shares. */
    protected abstract String stateUrl();

    /** What the store needs in the environment (endpoints, credentials); empty for none. */
    protected Map<String, String> storeEnv() {
        return Map.of();
    }

    /** Run ids in the store, for finding the run a child started (read through the store itself). */
    protected List<String> runIds() throws Exception {
        try (var store = dev.runbook.state.StateStores.open(dev.runbook.state.StateUrl.parse(stateUrl()), storeEnv())) {
            return store.list("runs/").stream().filter(k -> k.endsWith("/meta.json")).map(k -> k.split("/")[1]).toList();
        }
    }

    @AfterEach
    void killLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    record Result(int code, String output) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + output;
        }
    }

    /** A machine: its own state home and user name. */
    final class Machine {
        final String user;
        final Path home;

        Machine(String user) {
            this.user = user;
            this.home = tmp.resolve("home-" + user);
        }

        Process start(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Duser.name=" + user, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main"));
            cmd.addAll(List.of(args));
            Path log = Files.createTempFile(tmp, user + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("RUNBOOK_") || k.startsWith("AWS_") || k.startsWith("AZURE_"));
            env.put("RUNBOOK_STATE_DIR", home.toString());
            env.put("RUNBOOK_STATE", stateUrl());
            env.put("RUNBOOK_STATE_LEASE_TTL", "3");
            env.put("NO_COLOR", "1");
            env.putAll(storeEnv());
            Process p = pb.start();
            p.getOutputStream().close();
            started.add(p);
            logs.put(p, log);
            return p;
        }

        Result run(String... args) throws Exception {
            Process p = start(args);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("runbook " + String.join(" ", args)).isTrue();
            return new Result(p.exitValue(), output(p));
        }
    }

    private final Map<Process, Path> logs = new HashMap<>();

    String output(Process p) throws IOException {
        return Files.readString(logs.get(p));
    }

    static void waitFor(Path file, String line) throws Exception {
        for (int i = 0; i < 1200 && !(Files.exists(file) && Files.readAllLines(file).contains(line)); i++) Thread.sleep(50);
        assertThat(Files.readAllLines(file)).contains(line);
    }

    /** Until an event holding every one of {@code parts} is in the store's journal of {@code run}. */
    void waitForEvent(String run, String... parts) throws Exception {
        try (var store = dev.runbook.state.StateStores.open(dev.runbook.state.StateUrl.parse(stateUrl()), storeEnv())) {
            for (int i = 0; i < 1200; i++) {
                for (String k : store.list("runs/" + run + "/events/")) {
                    String line = store.get(k).map(b -> new String(b.bytes(), java.nio.charset.StandardCharsets.UTF_8)).orElse("");
                    if (java.util.Arrays.stream(parts).allMatch(line::contains)) return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no event with " + String.join(", ", parts) + " in run " + run);
    }

    String onlyRun() throws Exception {
        List<String> ids = runIds();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    Path answers(String text) throws IOException {
        Path f = Files.createTempFile(tmp, "answers-", ".yaml");
        Files.writeString(f, text);
        return f;
    }

    /** A command tried again while a dead holder's lease has not yet expired (TTL 3 s), until it is told the run was left unfinished. */
    Result onceExpired(Machine m, String... args) throws Exception {
        Result r = null;
        for (int i = 0; i < 40; i++) {
            r = m.run(args);
            if (r.code() != 8 || r.output().contains("left unfinished")) return r;
            Thread.sleep(500);
        }
        return r;
    }

    /** takeover, tried again while the dead holder's lease has not yet expired (TTL 3 s). */
    Result takeoverOnceExpired(Machine m, String... args) throws Exception {
        Result r = null;
        for (int i = 0; i < 40; i++) {
            r = m.run(args);
            if (r.code() != 8 || !r.output().contains("has not expired")) return r;
            Thread.sleep(500);
        }
        return r;
    }

    @Test
    void two_runs_started_at_once_on_two_machines_exactly_one_runs() throws Exception {
        Path file = tmp.resolve("ledger.txt");
        Machine alice = new Machine("alice");
        Machine bob = new Machine("bob");
        // the winner holds the lock for 20 s: long enough that the other JVM asks while it runs, however loaded the machine
        String[] args = {"exec", COUNTER.toString(), "-p", "file=" + file, "-p", "pause=20", "--yes", "--no-input"};
        Process a = alice.start(args);
        Process b = bob.start(args);
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<Integer> codes = List.of(a.exitValue(), b.exitValue());
        String both = "--- alice\n" + output(a) + "\n--- bob\n" + output(b);
        assertThat(codes).as(both).containsExactlyInAnyOrder(0, 8);
        String loser = a.exitValue() == 8 ? output(a) : output(b);
        String winner = a.exitValue() == 8 ? "bob" : "alice";
        assertThat(loser).contains("another run holds the lock: " + winner + "@", "lease expires", "lock id");
        assertThat(Files.readAllLines(file)).containsExactly("first", "slow-start", "slow", "second");
        assertThat(runIds()).hasSize(1);
    }

    @Test
    void a_holder_killed_mid_run_is_taken_over_from_another_machine_and_every_change_happens_once() throws Exception {
        Path file = tmp.resolve("ledger.txt");
        Machine alice = new Machine("alice");
        Process a = alice.start("exec", COUNTER.toString(), "-p", "file=" + file, "-p", "pause=120", "--yes", "--no-input");
        waitFor(file, "slow-start");
        List<ProcessHandle> tree = a.descendants().toList();
        a.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String run = onlyRun();

        Machine bob = new Machine("bob");
        // bob starts the same remediation: once alice's lease has run out, he is pointed at her unfinished run, not run past it
        Result ex = onceExpired(bob, "exec", COUNTER.toString(), "-p", "file=" + file, "-p", "pause=120", "--yes", "--no-input");
        assertThat(ex.code()).as(ex.toString()).isEqualTo(8);
        assertThat(ex.output()).contains("run " + run + " was left unfinished by alice@",
                "runbook takeover " + run + " --reason \"why you take it over\" --state " + stateUrl(), "runbook unlock ");
        Result resume = bob.run("resume", run, "--yes", "--no-input");
        assertThat(resume.code()).as(resume.toString()).isEqualTo(8);
        assertThat(resume.output()).contains("runbook takeover " + run + " --reason");
        assertThat(Files.readAllLines(file)).containsExactly("first", "slow-start");
        Result t = takeoverOnceExpired(bob, "takeover", run, "--reason", "alice's laptop died", "--yes", "--no-input",
                "--answers", answers("inDoubt:\n  slow: done\n").toString());
        assertThat(t.code()).as(t.toString()).isZero();
        assertThat(t.output()).contains("taking over run " + run, "slow was in doubt: done");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly("first", "slow-start", "second");
        assertThat(Collections.frequency(lines, "first")).isEqualTo(1);

        Machine carol = new Machine("carol");
        Result runs = carol.run("runs");
        assertThat(runs.code()).as(runs.toString()).isZero();
        assertThat(runs.output()).contains(run, "succeeded");
        Result show = carol.run("runs", "show", run);
        assertThat(show.code()).as("chain verified from a third machine: " + show).isZero();
        assertThat(show.output()).contains("run handed over from alice@", " to bob@", "reason: alice's laptop died");
        Result report = carol.run("report", run);
        assertThat(report.code()).as(report.toString()).isZero();
        assertThat(report.output()).contains("run handed over from alice@");
        // the lock was given back at the end
        Result again = bob.run("exec", COUNTER.toString(), "-p", "file=" + tmp.resolve("other.txt"), "--yes", "--no-input");
        assertThat(again.code()).as(again.toString()).isZero();
        // one history: ids sort by start time everywhere; carol prunes, and every home sees the same history after
        List<String> ids = runIds();
        assertThat(ids).hasSize(2);
        String second = ids.stream().filter(id -> !id.equals(run)).findFirst().orElseThrow();
        assertThat(second).isGreaterThan(run);
        Result listed = carol.run("runs");
        assertThat(listed.output().indexOf(second)).as(listed.output()).isLessThan(listed.output().indexOf(run)).isNotNegative();
        Thread.sleep(1_100); // --older-than 1s: both runs' last events are older
        Result prune = carol.run("runs", "prune", "--older-than", "1s");
        assertThat(prune.code()).as(prune.toString()).isZero();
        assertThat(prune.output()).contains("deleted " + run, "deleted " + second);
        Result empty = alice.run("runs");
        assertThat(empty.output()).as(empty.toString()).contains("No runs yet in " + stateUrl() + ".");
        assertThat(runIds()).isEmpty();
    }

    @Test
    void a_holder_taken_over_by_force_cannot_append_and_says_so() throws Exception {
        Path file = tmp.resolve("ledger.txt");
        Machine alice = new Machine("alice");
        Process a = alice.start("exec", HANDOVER.toString(), "-p", "file=" + file, "-p", "hold=30s", "--yes", "--no-input");
        waitFor(file, "first");
        String run = onlyRun();
        waitForEvent(run, "\"type\":\"step.start\"", "\"step\":\"hold\""); // alice is in the wait
        Machine bob = new Machine("bob");
        Result t = bob.run("takeover", run, "--reason", "alice is stuck", "--force", "--confirm", run, "--yes", "--no-input",
                "--answers", answers("inDoubt:\n  hold: done\n").toString());
        assertThat(t.code()).as(t.toString()).isZero();
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String aOut = output(a);
        assertThat(a.exitValue()).as(aOut).isEqualTo(8);
        assertThat(aOut).containsPattern("run " + run + " was taken over by bob@\\S+ at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")
                .contains("this machine stops; nothing more is changed");
        assertThat(Files.readAllLines(file)).containsExactly("first", "second");
        Result show = new Machine("carol").run("runs", "show", run);
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.output()).contains("forced: the previous holder's lease had not expired", "reason: alice is stuck");
    }

    @Test
    void unlock_releases_a_dead_holders_lock_by_its_id_and_journals_it() throws Exception {
        Path file = tmp.resolve("ledger.txt");
        Machine alice = new Machine("alice");
        Process a = alice.start("exec", HANDOVER.toString(), "-p", "file=" + file, "-p", "hold=60s", "--yes", "--no-input");
        waitFor(file, "first");
        a.destroyForcibly();
        assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Machine bob = new Machine("bob");
        Result refused = bob.run("exec", HANDOVER.toString(), "-p", "file=" + file, "--yes", "--no-input");
        if (refused.code() == 8) {
            String id = refused.output().replaceAll("(?s).*lock id ([0-9a-f-]{36}).*", "$1");
            Result u = bob.run("unlock", id);
            assertThat(u.code()).as(u.toString()).isZero();
            assertThat(u.output()).contains("released lock " + id);
            Result show = bob.run("runs", "show", onlyRunOf("handover"));
            assertThat(show.output()).contains("lock " + id, "released by hand by bob");
        }
        Result wrong = bob.run("unlock", "00000000-0000-0000-0000-000000000000");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.output()).contains("no lock with id");
    }

    String onlyRunOf(String runbook) throws Exception {
        return runIds().stream().filter(id -> id.contains("-" + runbook + "-")).findFirst().orElseThrow();
    }
}
