package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunHistory;
import dev.runbook.journal.RunOutcome;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash matrix of issue 17: a real runbook process (the built launcher) is halted as kill -9 would halt it
 * ({@code RUNBOOK_TEST_CRASH_AFTER}: no shutdown hook, no flush) right after every journal event, and with every
 * event torn in half, of (a) a run of six writes and (b) a run whose verify fails and rolls those six writes back.
 * Each crashed run is resumed; an operator who looks at the system (the ledger the steps append to) answers the
 * in-doubt questions. From the ledger: every change happened exactly once, every undo at most once (exactly once
 * when the run rolls back), and the journal ends with the right outcome. No process of a step outlives the crash.
 */
class CrashMatrixIT {
    static final Path LAUNCHER = Path.of("runbook").toAbsolutePath();
    static final Path FIXTURE = Path.of("src/test/resources/engine/six-writes.yaml").toAbsolutePath();
    static final List<String> STEPS = List.of("w1", "w2", "w3", "w4", "w5", "w6");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needs() {
        assumeTrue(Files.isRegularFile(Path.of("target/runbook.jar")), "the launcher is not built: run 'mvn -B verify' (package comes first)");
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc to look for a step's processes");
    }

    /** What the matrix found, for the report (target/crash-matrix.txt) and the assertions. */
    static final class Tally {
        int tried;
        int resumed;
        int refusedThenResumed;
        int changesRepeated;
        int changesLost;
        int undosRepeated;
        int undosLost;
        int wrongOutcome;
        int orphans;
        int inDoubtDone;
        int inDoubtRerun;
        int rollbackContinued;
        int alreadyEnded;
        final List<String> failures = new ArrayList<>();

        String line(String name) {
            return String.format("%-10s kill points tried %d, resumed %d (of which first refused while a step's process lived: %d),"
                    + " changes repeated %d, changes lost %d, undos repeated %d, undos lost %d, wrong outcome %d, orphans %d"
                    + " | in doubt answered done %d, rerun %d; rollbacks continued %d; already ended (rollback.end or run.end) %d",
                    name, tried, resumed, refusedThenResumed, changesRepeated, changesLost, undosRepeated, undosLost, wrongOutcome, orphans,
                    inDoubtDone, inDoubtRerun, rollbackContinued, alreadyEnded);
        }
    }

    @Test
    void a_crash_after_any_event_of_six_writes_resumes_to_each_change_exactly_once() throws Exception {
        Tally t = matrix("pass", RunOutcome.SUCCEEDED);
        report("six-writes", t);
        assertThat(t.failures).as(t.line("six-writes")).isEmpty();
        assertThat(t.resumed).isEqualTo(t.tried);
    }

    @Test
    void a_crash_after_any_event_of_a_rollback_resumes_to_each_change_and_undo_exactly_once() throws Exception {
        Tally t = matrix("fail", RunOutcome.ROLLED_BACK);
        report("rollback", t);
        assertThat(t.failures).as(t.line("rollback")).isEmpty();
        assertThat(t.resumed).isEqualTo(t.tried);
    }

    /**
     * kill -9 of the runbook process while a step's (or an undo's) child is still working: before its change (the
     * child must die with runbook, or it would make the change after the crash, and again when resume reruns the
     * step) and after it (the operator sees the change and answers done). For each of the six steps and undos.
     */
    @Test
    void a_kill_9_while_a_step_or_undo_child_works_resumes_to_each_change_exactly_once() throws Exception {
        Tally steps = new Tally();
        Tally undos = new Tally();
        for (String s : STEPS) {
            for (String when : List.of("before", "after")) {
                midStepKill(steps, "pass", RunOutcome.SUCCEEDED, s + ":" + when);
                midStepKill(undos, "fail", RunOutcome.ROLLED_BACK, "undo-" + s + ":" + when);
            }
        }
        report("mid-step", steps);
        report("mid-undo", undos);
        assertThat(steps.failures).as(steps.line("mid-step")).isEmpty();
        assertThat(undos.failures).as(undos.line("mid-undo")).isEmpty();
    }

    private void midStepKill(Tally t, String verify, RunOutcome expected, String slow) throws Exception {
        Path work = Files.createDirectories(tmp.resolve(slow.replace(':', '-')));
        Path ledger = work.resolve("ledger");
        String line = (slow.startsWith("undo-") ? "undo " : "change ") + slow.substring(slow.indexOf('w'), slow.indexOf(':'));
        boolean before = slow.endsWith(":before");
        t.tried++;
        Process p = start(work, verify, null, slow);
        // before: the child sleeps 2 s before its change (it touched LEDGER.sleeping); after: it made it, sleeps 60 s
        for (int i = 0; i < 1200 && p.isAlive() && !(before ? Files.exists(work.resolve("ledger.sleeping")) : lines(ledger).contains(line)); i++) {
            Thread.sleep(25);
        }
        if (!p.isAlive()) {
            t.failures.add(slow + ": the run ended before the kill\n" + Files.readString(work.resolve("out.txt")));
            return;
        }
        long killedAt = System.nanoTime();
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        Path dir = runDir(work.resolve("state"));
        crashAndResume(t, expected, slow, work, ledger, dir);
        // a child that outlived the kill would make its change up to 2 s later: look once that time has passed
        long left = 3000 - (System.nanoTime() - killedAt) / 1_000_000;
        if (left > 0) Thread.sleep(left);
        int n = Collections.frequency(lines(ledger), line);
        if (n != 1) t.failures.add(slow + ": '" + line + "' " + n + " times in the ledger " + lines(ledger));
    }

    private Tally matrix(String verify, RunOutcome expected) throws Exception {
        // the whole run once, to count its events
        Path probe = Files.createDirectories(tmp.resolve("probe"));
        Process p = start(probe, verify, null);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        long events = JournalReader.read(runDir(probe.resolve("state"))).lastSeq();
        assertThat(events).as("events of the whole run").isGreaterThan(30);
        Tally t = new Tally();
        for (long k = 1; k <= events; k++) {
            for (boolean torn : new boolean[] {false, true}) {
                crashAndResume(t, verify, expected, k, torn);
            }
        }
        return t;
    }

    private void crashAndResume(Tally t, String verify, RunOutcome expected, long k, boolean torn) throws Exception {
        String point = k + (torn ? ":torn" : "");
        Path work = Files.createDirectories(tmp.resolve("k" + k + (torn ? "t" : "")));
        Path ledger = work.resolve("ledger");
        Path state = work.resolve("state");
        t.tried++;
        Process p = start(work, verify, point);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            t.failures.add(point + ": the crashing run did not end");
            return;
        }
        Path dir = runDir(state);
        String runId = dir.getFileName().toString();
        if (p.exitValue() != 137) {
            t.failures.add(point + ": the run was not halted there (exit " + p.exitValue() + ")\n" + Files.readString(work.resolve("out.txt")));
            return;
        }
        crashAndResume(t, expected, point, work, ledger, dir);
    }

    private void crashAndResume(Tally t, RunOutcome expected, String point, Path work, Path ledger, Path dir) throws Exception {
        Path state = work.resolve("state");
        String runId = dir.getFileName().toString();
        JournalReader.Contents before = JournalReader.read(dir);
        // the steps' processes of the dead run: none may outlive it (its watcher kills each step's session)
        for (RunEvent e : before.events()) {
            if (e instanceof RunEvent.StepProcess sp && sessionAlive(sp.pid())) {
                t.orphans++;
                t.failures.add(point + ": a process of step " + sp.step() + " (session " + sp.pid() + ") outlived the crash");
            }
        }
        if (before.events().isEmpty()) {
            // torn run.start: nothing was recorded, so nothing may have happened
            if (lines(ledger).isEmpty()) t.resumed++;
            else t.failures.add(point + ": nothing journaled but the ledger has " + lines(ledger));
            return;
        }
        RunHistory crashed = RunHistory.replay(before.events());
        if (crashed.outcome().isPresent()) t.alreadyEnded++;
        if (crashed.rollbackUnfinished()) t.rollbackContinued++;
        CliRun.Outcome r = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path answers = work.resolve("answers-" + attempt + ".yaml");
            String said = operatorAnswers(JournalReader.read(dir), ledger);
            Files.writeString(answers, said);
            if (attempt == 0) {
                t.inDoubtDone += said.split(": done", -1).length - 1;
                t.inDoubtRerun += said.split(": rerun", -1).length - 1;
            }
            r = new CliRun(state).resume(runId, "--yes", "--no-input", "--answers", answers.toString());
            if (attempt == 0 && r.all().contains("still running")) t.refusedThenResumed++;
            if (!r.all().contains("still running")) break;
            Thread.sleep(500);
        }
        JournalReader.Contents after = JournalReader.read(dir);
        RunHistory h = RunHistory.replay(after.events());
        List<String> l = lines(ledger);
        boolean ok = true;
        for (String s : STEPS) {
            int changes = Collections.frequency(l, "change " + s);
            int undos = Collections.frequency(l, "undo " + s);
            if (changes > 1) t.changesRepeated += changes - 1;
            if (changes == 0) t.changesLost++;
            if (undos > 1) t.undosRepeated += undos - 1;
            if (expected == RunOutcome.ROLLED_BACK && undos == 0) t.undosLost++;
            if (expected == RunOutcome.SUCCEEDED && undos > 0) t.undosRepeated += undos;
            ok &= changes == 1 && (expected == RunOutcome.ROLLED_BACK ? undos == 1 : undos == 0);
        }
        Optional<RunOutcome> outcome = h.outcome();
        if (outcome.isEmpty() || outcome.get() != expected) {
            t.wrongOutcome++;
            ok = false;
        }
        if (!after.intact()) ok = false;
        if (ok) {
            t.resumed++;
        } else {
            t.failures.add(point + " (" + describe(before) + "): ledger " + l + ", outcome " + outcome + ", journal problems "
                    + after.problems() + "\n" + r);
        }
    }

    /** The operator looks at the system: an in-doubt step or undo whose line is in the ledger was done, else it reruns. */
    static String operatorAnswers(JournalReader.Contents journal, Path ledger) throws IOException {
        List<String> l = lines(ledger);
        RunHistory h = RunHistory.replay(journal.events());
        Set<String> doubt = new LinkedHashSet<>(h.inDoubt());
        boolean inRollback = h.rollback() != null && !h.rollback().finished();
        if (inRollback) doubt.addAll(h.rollback().undoInDoubt());
        StringBuilder sb = new StringBuilder("inDoubt:\n");
        if (doubt.isEmpty()) return "{}\n";
        for (String id : doubt) {
            String line = (inRollback && h.rollback().undoInDoubt().contains(id) ? "undo " : "change ") + id;
            sb.append("  ").append(id).append(": ").append(l.contains(line) ? "done" : "rerun").append('\n');
        }
        return sb.toString();
    }

    private static String describe(JournalReader.Contents c) {
        if (c.events().isEmpty()) return "no event";
        RunEvent last = c.events().get(c.events().size() - 1);
        return "last event " + last.getClass().getSimpleName() + (c.warnings().isEmpty() ? "" : ", " + c.warnings());
    }

    private Process start(Path work, String verify, String crashAfter) throws IOException {
        return start(work, verify, crashAfter, "none");
    }

    private Process start(Path work, String verify, String crashAfter, String slow) throws IOException {
        List<String> cmd = List.of(LAUNCHER.toString(), "exec", FIXTURE.toString(), "-p", "ledger=" + work.resolve("ledger"),
                "-p", "verify=" + verify, "-p", "slow=" + slow, "--yes", "--no-input");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile());
        pb.environment().put("RUNBOOK_STATE_DIR", work.resolve("state").toString());
        pb.environment().put("NO_COLOR", "1");
        if (crashAfter != null) pb.environment().put("RUNBOOK_TEST_CRASH_AFTER", crashAfter);
        else pb.environment().remove("RUNBOOK_TEST_CRASH_AFTER");
        return pb.start();
    }

    private static Path runDir(Path state) throws IOException {
        try (Stream<Path> s = Files.list(state.resolve("runs"))) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static List<String> lines(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** Whether a process of session {@code sid} lives, waiting up to 5 s for the dead run's watcher to end it. */
    static boolean sessionAlive(long sid) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (!inSession(sid)) return false;
            Thread.sleep(100);
        }
        return true;
    }

    private static boolean inSession(long sid) {
        File[] procs = new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        if (procs == null) return false;
        for (File p : procs) {
            try {
                String stat = Files.readString(p.toPath().resolve("stat"));
                // pid (comm) state ppid pgrp session ...: comm may hold spaces, so count from its closing parenthesis
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (f[0].equals("Z")) continue;
                if (Long.parseLong(f[3]) == sid) return true;
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        }
        return false;
    }

    private static void report(String name, Tally t) throws IOException {
        String line = t.line(name);
        System.out.println("crash matrix: " + line);
        Path out = Path.of("target", "crash-matrix.txt");
        Files.writeString(out, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
