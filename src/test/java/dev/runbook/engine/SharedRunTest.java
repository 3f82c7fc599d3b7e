package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.journal.Journal;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.RunStore;
import dev.runbook.model.Runbook;
import dev.runbook.secret.Redactor;
import dev.runbook.state.Lease;
import dev.runbook.state.MemoryStore;
import dev.runbook.state.SharedState;
import dev.runbook.state.StateUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs in a team store (in memory here; across processes in SharedStateE2ETest): lease, mirrored journal, fencing, takeover. */
class SharedRunTest {
    @TempDir
    Path tmp;

    final MemoryStore store = new MemoryStore("memory:team");
    final StateUrl url = StateUrl.parse("dir:/team");

    private final Runbook rb = runbook("svc")
            .diagnose(step("a", "fake.read").with(Map.of("value", "x")))
            .resolve(step("one", "fake.write").with(Map.of("value", "1")),
                    step("two", "fake.write").with(Map.of("value", "2")))
            .build();

    SharedState machine(String name) {
        return new SharedState(store, url, tmp.resolve(name), Clock.systemUTC(), Duration.ofSeconds(60), "aws profile " + name);
    }

    RunService.Source source() throws Exception {
        Path f = tmp.resolve("svc.yaml");
        Files.writeString(f, "id: svc\n");
        return new RunService.Source(rb, f, Files.readAllBytes(f));
    }

    static List<String> storedLines(MemoryStore store, String runId) {
        return store.list("runs/" + runId + "/events/").stream()
                .map(k -> new String(store.get(k).orElseThrow().bytes(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void every_journal_line_is_in_the_store_and_the_lock_is_released_at_the_end() throws Exception {
        SharedState alice = machine("alice");
        Harness h = new Harness(tmp);
        RunResult r = new RunService(alice, Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(), h.options().yes(true).user("alice").build(), e -> { });
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
        List<String> local = Files.readAllLines(alice.local().runDir(r.runId()).resolve(Journal.FILE));
        assertThat(storedLines(store, r.runId())).isEqualTo(local);
        assertThat(store.get("runs/" + r.runId() + "/runbook.yaml").orElseThrow().bytes()).isEqualTo("id: svc\n".getBytes());
        assertThat(alice.meta(r.runId()).orElseThrow().lockKey()).isEqualTo(RunStore.lockKey("svc", Map.of()));
        assertThat(store.list("locks/")).isEmpty();
        // another machine reads the same run, chain verified
        SharedState carol = machine("carol");
        Path copy = carol.sync(r.runId(), carol.view());
        JournalReader.Contents c = JournalReader.read(copy);
        assertThat(c.intact()).as(c.problems().toString()).isTrue();
        assertThat(c.events()).hasSize(local.size());
        assertThat(carol.runIds()).containsExactly(r.runId());
    }

    @Test
    void a_second_run_anywhere_is_refused_naming_the_holder() throws Exception {
        SharedState alice = machine("alice");
        Lease held = alice.lock(RunStore.lockKey("svc", Map.of()), Lease.Record.holder("20260101-000000-svc-aaaa", "svc", "alice", "laptop-a", 1, null));
        try (held) {
            Harness h = new Harness(tmp);
            assertThatThrownBy(() -> new RunService(machine("bob"), Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(), h.options().yes(true).build(), e -> { }))
                    .isInstanceOfSatisfying(RunService.Refused.class, e -> assertThat(e.locked()).isTrue())
                    .hasMessageContaining("alice@laptop-a").hasMessageContaining("run 20260101-000000-svc-aaaa")
                    .hasMessageContaining("runbook takeover 20260101-000000-svc-aaaa");
            assertThat(h.actions.executed).isEmpty();
        }
    }

    @Test
    void a_holder_taken_over_mid_run_starts_nothing_more_and_says_who_took_it() throws Exception {
        SharedState alice = machine("alice");
        SharedState bob = machine("bob");
        Harness h = new Harness(tmp);
        String[] runId = new String[1];
        RunListener takeoverAfterOne = (id, e) -> {
            if (e instanceof RunEvent.StepFinished f && f.step().equals("one")) {
                runId[0] = id;
                try {
                    // bob's machine forces the lease and journals the handover: event seq N+1 is now his
                    String lock = RunStore.lockKey("svc", Map.of());
                    Lease l = bob.takeover(lock, Lease.Record.holder(id, "svc", "bob", "laptop-b", 2, null), bob.lease(lock).orElseThrow().leaseId());
                    Path dir = bob.sync(id, bob.local());
                    try (Journal j = Journal.reopen(JournalReader.read(dir), new Redactor(), Clock.systemUTC()).mirror(bob.mirror(id, l))) {
                        j.append(new RunEvent.Handover("alice@laptop-a", "bob@laptop-b", "shift change", true));
                    }
                } catch (Lease.Held ex) {
                    throw new AssertionError(ex);
                }
            }
        };
        RunResult r = new RunService(alice, Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(),
                h.options().yes(true).listener(takeoverAfterOne).build(), e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).contains("run " + runId[0] + " was taken over by bob@laptop-b", "this machine stops; nothing more is changed");
        // who, when (bob's lease start, to the second) and why (his handover is the event alice could not write)
        assertThat(alice.fenced()).get().asString()
                .matches("run " + runId[0] + " was taken over by bob@laptop-b at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"
                        + " \\(forced; reason: shift change\\): this machine stops; nothing more is changed");
        assertThat(h.actions.executed).containsExactly("a", "one");
        // alice's own journal stops where the store's record passed to bob; nothing of step two anywhere
        List<String> stored = storedLines(store, runId[0]);
        assertThat(stored.get(stored.size() - 1)).contains("\"type\":\"run.handover\"");
        assertThat(stored).noneMatch(l -> l.contains("\"step\":\"two\""));
        List<String> local = Files.readAllLines(alice.local().runDir(runId[0]).resolve(Journal.FILE));
        assertThat(local).noneMatch(l -> l.contains("\"step\":\"two\"")).noneMatch(l -> l.contains("run.end"));
        assertThat(stored.subList(0, local.size())).isEqualTo(local);
        // and the fenced holder does not give the lock back: it is bob's
        assertThat(Lease.read(store, RunStore.lockKey("svc", Map.of())).orElseThrow().user()).isEqualTo("bob");
    }

    @Test
    void takeover_after_the_lease_expired_continues_the_run_once_with_the_handover_journaled() throws Exception {
        SharedState alice = machine("alice");
        Harness h = new Harness(tmp);
        // alice's run is interrupted at the gate of step two (aborted), and her lease is left behind as if her laptop died
        ScriptedInteraction op = new ScriptedInteraction().gate(dev.runbook.journal.GateAnswer.APPROVE, dev.runbook.journal.GateAnswer.ABORT);
        RunResult first = new RunService(alice, Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(), h.options().interaction(op).user("alice").build(), e -> { });
        assertThat(first.outcome()).isEqualTo(RunOutcome.ABORTED);
        store.createIfAbsent(Lease.key(RunStore.lockKey("svc", Map.of())),
                ("{\"lock\":\"k\",\"leaseId\":\"dead\",\"runId\":\"" + first.runId() + "\",\"runbook\":\"svc\",\"user\":\"alice\",\"host\":\"laptop-a\",\"pid\":1,"
                        + "\"started\":\"2020-01-01T00:00:00Z\",\"renewed\":\"2020-01-01T00:00:00Z\",\"expires\":\"2020-01-01T00:01:00Z\"}").getBytes());

        SharedState bob = machine("bob");
        RunService bobs = new RunService(bob, Clock.systemUTC());
        RunService.Resumable r = bobs.inspect(first.runId());
        Path copy = bob.local().runDir(first.runId()).resolve(RunStore.RUNBOOK_COPY);
        RunService.Source src = new RunService.Source(rb, copy, Files.readAllBytes(copy));
        Harness h2 = new Harness(tmp);
        RunResult done = bobs.takeover(r, src, Map.of(), h2.options().yes(true).user("bob").host("laptop-b").build(), e -> { }, "alice's laptop died", null);
        assertThat(done.outcome()).as(done.message()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("a", "one");
        assertThat(h2.actions.executed).containsExactly("two");
        JournalReader.Contents all = JournalReader.read(alice.sync(first.runId(), alice.view()));
        assertThat(all.intact()).as(all.problems().toString()).isTrue();
        assertThat(all.events()).filteredOn(RunEvent.Handover.class::isInstance).singleElement()
                .isEqualTo(new RunEvent.Handover("alice@laptop-a", "bob@laptop-b", "alice's laptop died", false));
        assertThat(store.list("locks/")).isEmpty();
    }

    @Test
    void a_run_left_unfinished_under_an_expired_lease_is_handed_over_not_run_past() throws Exception {
        String dead = "20200101-000000-svc-dead";
        String lease = "{\"lock\":\"k\",\"leaseId\":\"5f0c-dead\",\"runId\":\"" + dead + "\",\"runbook\":\"svc\",\"user\":\"alice\",\"host\":\"laptop-a\","
                + "\"pid\":1,\"started\":\"2020-01-01T00:00:00Z\",\"renewed\":\"2020-01-01T00:00:00Z\",\"expires\":\"2020-01-01T00:01:00Z\"}";
        store.createIfAbsent(Lease.key(RunStore.lockKey("svc", Map.of())), lease.getBytes(StandardCharsets.UTF_8));
        machine("alice").register(new SharedState.Meta(dead, "svc", RunStore.lockKey("svc", Map.of()), "alice", "laptop-a", "2020-01-01T00:00:00Z", "execute"),
                "id: svc\n".getBytes(StandardCharsets.UTF_8));
        store.createIfAbsent("runs/" + dead + "/events/0000000001", "{\"seq\":1,\"type\":\"run.start\"}".getBytes(StandardCharsets.UTF_8));
        Harness h = new Harness(tmp);
        RunService bobs = new RunService(machine("bob"), Clock.systemUTC());
        assertThatThrownBy(() -> bobs.start(source(), Mode.EXECUTE, Map.of(), h.options().yes(true).user("bob").host("laptop-b").build(), e -> { }))
                .isInstanceOfSatisfying(RunService.Refused.class, e -> assertThat(e.locked()).isTrue())
                .hasMessageContaining("run " + dead + " was left unfinished by alice@laptop-a: its lease expired at 2020-01-01T00:01:00Z")
                .hasMessageContaining("runbook takeover " + dead + " --reason \"why you take it over\" --state dir:/team")
                .hasMessageContaining("runbook unlock 5f0c-dead --state dir:/team");
        assertThat(h.actions.executed).isEmpty();
        assertThat(Lease.read(store, RunStore.lockKey("svc", Map.of())).orElseThrow().leaseId()).isEqualTo("5f0c-dead");

        // once that run has ended (its last event is its end), an expired lease left behind is simply taken
        store.createIfAbsent("runs/" + dead + "/events/0000000002", "{\"seq\":2,\"type\":\"run.end\"}".getBytes(StandardCharsets.UTF_8));
        RunResult r = bobs.start(source(), Mode.EXECUTE, Map.of(), h.options().yes(true).user("bob").host("laptop-b").build(), e -> { });
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void takeover_refuses_a_live_holder_without_force() throws Exception {
        SharedState alice = machine("alice");
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().gate(dev.runbook.journal.GateAnswer.APPROVE, dev.runbook.journal.GateAnswer.ABORT);
        RunResult first = new RunService(alice, Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(), h.options().interaction(op).build(), e -> { });
        try (Lease live = alice.lock(RunStore.lockKey("svc", Map.of()), Lease.Record.holder(first.runId(), "svc", "alice", "laptop-a", 1, null))) {
            RunService bobs = new RunService(machine("bob"), Clock.systemUTC());
            RunService.Resumable r = bobs.inspect(first.runId());
            assertThatThrownBy(() -> bobs.takeover(r, source(), Map.of(), new Harness(tmp).options().yes(true).build(), e -> { }, "x", null))
                    .isInstanceOfSatisfying(RunService.Refused.class, e -> assertThat(e.locked()).isTrue())
                    .hasMessageContaining("alice@laptop-a").hasMessageContaining("runbook takeover " + first.runId() + " --reason").hasMessageContaining("--force");
            assertThatThrownBy(() -> bobs.resume(r, source(), false, Map.of(), new Harness(tmp).options().yes(true).build(), e -> { }))
                    .hasMessageContaining("may still be running there");
        }
    }

    @Test
    void a_store_that_stops_answering_stops_the_run_before_the_next_step() throws Exception {
        dev.runbook.state.FlakyStore flaky = new dev.runbook.state.FlakyStore(store);
        SharedState alice = new SharedState(flaky, url, tmp.resolve("alice"), Clock.systemUTC(), Duration.ofSeconds(60), null);
        Harness h = new Harness(tmp);
        RunListener outage = (id, e) -> {
            if (e instanceof RunEvent.StepFinished f && f.step().equals("a")) flaky.down = true;
        };
        RunResult r = new RunService(alice, Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(), h.options().yes(true).listener(outage).build(), e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).contains("cannot write the journal to the state store", "the run stops");
        assertThat(alice.storeFailure()).isPresent();
        assertThat(alice.fenced()).isEmpty();
        assertThat(h.actions.executed).containsExactly("a");
    }

    @Test
    void a_lost_answer_to_a_journal_append_is_read_back_and_the_run_goes_on() throws Exception {
        dev.runbook.state.FlakyStore flaky = new dev.runbook.state.FlakyStore(store);
        SharedState alice = new SharedState(flaky, url, tmp.resolve("alice"), Clock.systemUTC(), Duration.ofSeconds(60), null);
        Harness h = new Harness(tmp);
        RunListener lose = (id, e) -> {
            if (e instanceof RunEvent.StepStarted s && s.step().equals("one")) flaky.loseNext = 1;
            if (e instanceof RunEvent.StepStarted s && s.step().equals("two")) flaky.dropNext = 1;
        };
        RunResult r = new RunService(alice, Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(), h.options().yes(true).listener(lose).build(), e -> { });
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.executed).containsExactly("a", "one", "two");
        assertThat(storedLines(store, r.runId())).isEqualTo(Files.readAllLines(alice.local().runDir(r.runId()).resolve(Journal.FILE)));
    }

    @Test
    void an_event_the_store_has_but_the_local_journal_lost_is_fetched_before_resume() throws Exception {
        SharedState alice = machine("alice");
        Harness h = new Harness(tmp);
        ScriptedInteraction op = new ScriptedInteraction().gate(dev.runbook.journal.GateAnswer.APPROVE, dev.runbook.journal.GateAnswer.ABORT);
        RunResult first = new RunService(alice, Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(), h.options().interaction(op).build(), e -> { });
        assertThat(first.outcome()).isEqualTo(RunOutcome.ABORTED);
        // as if the process died after the store took event N+1 and before the local write: the store has one line more
        Path other = alice.sync(first.runId(), alice.view());
        try (Journal j = Journal.reopen(JournalReader.read(other), new Redactor(), Clock.systemUTC()).mirror(alice.mirror(first.runId(), null))) {
            j.append(new RunEvent.OperatorText(null, "note", "written to the store only"));
        }
        int localBefore = Files.readAllLines(alice.local().runDir(first.runId()).resolve(Journal.FILE)).size();
        RunService svc = new RunService(alice, Clock.systemUTC());
        RunService.Resumable r = svc.inspect(first.runId());
        assertThat(r.journal().lastSeq()).isEqualTo(localBefore + 1);
        RunResult done = svc.resume(r, source(), false, Map.of(), new Harness(tmp).options().yes(true).build(), e -> { });
        assertThat(done.outcome()).as(done.message()).isEqualTo(RunOutcome.SUCCEEDED);
        List<String> local = Files.readAllLines(alice.local().runDir(first.runId()).resolve(Journal.FILE));
        assertThat(storedLines(store, first.runId())).isEqualTo(local);
        assertThat(JournalReader.read(alice.local().runDir(first.runId())).intact()).isTrue();
    }

    @Test
    void a_local_copy_that_disagrees_with_the_store_is_rebuilt_from_it() throws Exception {
        SharedState alice = machine("alice");
        RunResult r = new RunService(alice, Clock.systemUTC()).start(source(), Mode.EXECUTE, Map.of(), new Harness(tmp).options().yes(true).build(), e -> { });
        SharedState carol = machine("carol");
        Path copy = carol.sync(r.runId(), carol.view());
        Path file = copy.resolve(Journal.FILE);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("\"step\":\"a\"", "\"step\":\"A\""));
        Files.write(file, lines);
        assertThat(JournalReader.read(copy).intact()).isFalse();
        carol.sync(r.runId(), carol.view());
        assertThat(JournalReader.read(copy).intact()).isTrue();
        assertThat(Files.readAllLines(file)).isEqualTo(storedLines(store, r.runId()));
    }
}
