package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionException;
import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Runbook;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who and where a run acts: asked once, before any gate, for each provider the runbook uses; journaled as
 * {@code run.identity}; repeated at every gate and in the non-interactive refusal; never a reason to stop.
 */
class TargetIdentityTest {
    @TempDir
    Path tmp;

    private Runbook readThenWrite() {
        return runbook("change-things").diagnose(step("look", "fake.read"))
                .resolve(step("change", "fake.write"), step("drop", "fake.destroy").with(Map.of("name", "orders-prod"))).build();
    }

    private Harness harness() {
        Harness h = new Harness(tmp);
        h.actions.whoami = Map.of("account", "123456789012");
        return h;
    }

    @Test
    void the_identity_is_asked_once_journaled_before_the_first_gate_and_shown_at_every_gate() {
        Harness h = harness();
        ScriptedInteraction operator = new ScriptedInteraction().gate(GateAnswer.APPROVE, GateAnswer.SKIP);

        RunResult r = h.run(readThenWrite(), Mode.EXECUTE, h.options().interaction(operator));

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.whoamiAsked).as("once, with no arguments, under no real step's id")
                .containsExactly(ActionInvoker.IDENTITY_STEP + " {}");
        List<RunEvent> journal = h.journal(r.runId()).events();
        assertThat(journal).filteredOn(RunEvent.Identity.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RunEvent.Identity) e).targets()).singleElement().satisfies(t -> {
                    assertThat(t.provider()).isEqualTo("fake");
                    assertThat(t.status()).isEqualTo("known");
                    assertThat(t.line()).isEqualTo("fake: account 123456789012");
                    assertThat(t.details()).containsEntry("account", "123456789012");
                }));
        int identity = indexOf(journal, RunEvent.Identity.class);
        assertThat(identity).as("after run.start, before the first gate").isGreaterThan(indexOf(journal, RunEvent.RunStarted.class))
                .isLessThan(indexOf(journal, RunEvent.GateAnswered.class));
        assertThat(operator.asked).as("both gates, the write and the destructive one").hasSize(2)
                .allSatisfy(g -> assertThat(g.identity()).containsExactly("fake: account 123456789012"));
        assertThat(journal).filteredOn(RunEvent.GateAnswered.class::isInstance).map(e -> ((RunEvent.GateAnswered) e).shown())
                .as("what the operator saw is journaled with the answer").hasSize(2)
                .allSatisfy(shown -> assertThat(shown).endsWith(" | as: fake: account 123456789012"));
    }

    /**
     * A provider whose steps say where they act (postgres.* steps' connection): the identity is asked once per distinct
     * set of those arguments, rendered when the run starts, in the steps' order; a step whose argument uses another
     * step's outputs cannot be known yet and gets an "unknown" line saying so, never a guess (and its identity is not
     * asked with a placeholder).
     */
    @Test
    void a_provider_whose_steps_say_where_they_act_is_asked_once_per_distinct_place() {
        Harness h = harness();
        h.actions.whoamiArguments = List.of("value");
        Runbook rb = runbook("several-databases").diagnose(step("a", "fake.read").with(Map.of("value", "db-1")),
                step("b", "fake.read").with(Map.of("value", "db-1")), step("c", "fake.read").with(Map.of("value", "db-2")),
                step("d", "fake.read").with(Map.of("value", "${steps.a.outputs.value}"))).build();

        RunResult r = h.run(rb, Mode.EXECUTE);

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.whoamiAsked).containsExactlyInAnyOrder(ActionInvoker.IDENTITY_STEP + " {value=db-1}",
                ActionInvoker.IDENTITY_STEP + " {value=db-2}");
        RunEvent.Identity id = h.recorder.of(RunEvent.Identity.class).get(0);
        assertThat(id.lines()).containsExactly("fake: account 123456789012", "fake: account 123456789012",
                "fake: unknown (step d's value uses other steps' outputs: known when it runs)");
    }

    /**
     * review1's hung endpoint: a 127.0.0.1 socket that accepts and never answers. The lookup runs alongside the first
     * step (which starts before the identity is known), has its own budget (here the identity action's 1 s default
     * timeout, shorter than {@link TargetIdentity#BUDGET}) and ends "unknown (timed out after 1s …)", journaled before the
     * gate that shows it. Order of events only: nothing here measures time.
     */
    @Test
    void a_hung_identity_endpoint_does_not_hold_the_first_step_and_is_unknown_timed_out_at_the_gate() throws Exception {
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Harness h = new Harness(tmp);
            h.actions.whoamiHangsOn = new java.net.InetSocketAddress(hung.getInetAddress(), hung.getLocalPort());
            h.actions.whoamiTimeout = java.time.Duration.ofSeconds(1);
            ScriptedInteraction operator = new ScriptedInteraction().gate(GateAnswer.APPROVE, GateAnswer.SKIP);

            RunResult r = h.run(readThenWrite(), Mode.EXECUTE, h.options().interaction(operator));

            assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            List<RunEvent> journal = h.journal(r.runId()).events();
            int identity = indexOf(journal, RunEvent.Identity.class);
            assertThat(indexOf(journal, RunEvent.StepStarted.class)).as("the first step started before the identity's answer: " + journal)
                    .isBetween(0, identity - 1);
            assertThat(identity).as("journaled before the first gate's answer").isLessThan(indexOf(journal, RunEvent.GateAnswered.class));
            assertThat(((RunEvent.Identity) journal.get(identity)).lines()).singleElement().asString()
                    .startsWith("fake: unknown (timed out after 1s");
            assertThat(operator.asked).hasSize(2).allSatisfy(g -> assertThat(g.identity()).singleElement().asString()
                    .startsWith("fake: unknown (timed out after 1s"));
        }
    }

    @Test
    void a_dry_run_without_a_gate_still_journals_the_identity_before_its_end() throws Exception {
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Harness h = new Harness(tmp);
            h.actions.whoamiHangsOn = new java.net.InetSocketAddress(hung.getInetAddress(), hung.getLocalPort());
            h.actions.whoamiTimeout = java.time.Duration.ofSeconds(1);

            RunResult r = h.run(readThenWrite(), Mode.DRY_RUN);

            assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            List<RunEvent> journal = h.journal(r.runId()).events();
            assertThat(indexOf(journal, RunEvent.Identity.class)).as(journal.toString()).isGreaterThan(indexOf(journal, RunEvent.StepStarted.class))
                    .isLessThan(indexOf(journal, RunEvent.RunFinished.class));
        }
    }

    @Test
    void ctrl_c_during_the_lookup_cancels_it_and_the_run_stops_interrupted() throws Exception {
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Harness h = new Harness(tmp);
            h.actions.whoamiHangsOn = new java.net.InetSocketAddress(hung.getInetAddress(), hung.getLocalPort());
            // the default budget (15 s): only Ctrl-C ends the lookup early
            Engine[] engine = new Engine[1];
            java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
            EngineOptions.Builder b = h.options().listener((run, e) -> {
                if (e instanceof RunEvent.StepStarted) asked.countDown();
            });
            Thread ctrlC = new Thread(() -> {
                try {
                    asked.await();
                    hung.accept(); // the lookup is connected and waiting
                    engine[0].interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            EngineOptions opts = b.build();
            engine[0] = new Engine(opts);
            ctrlC.start();
            String id = "ctrl-c-during-identity";
            RunResult r;
            try (var j = dev.runbook.journal.Journal.create(tmp.resolve(id), h.redactor, java.time.Clock.systemUTC())) {
                // a first step that runs until Ctrl-C, so the interrupt finds the run and the lookup both under way
                Runbook rb = runbook("ctrl-c").diagnose(step("wait", "fake.sleep").with(Map.of("ms", 60_000L)))
                        .resolve(step("change", "fake.write")).build();
                r = engine[0].run(RunRequest.of(id, rb, Mode.DRY_RUN, Map.of()), j);
            }
            ctrlC.join();

            assertThat(r.outcome()).isEqualTo(RunOutcome.INTERRUPTED);
            assertThat(r.message()).contains("runbook resume " + id);
            assertThat(h.recorder.of(RunEvent.Identity.class)).singleElement().satisfies(e -> assertThat(e.lines()).singleElement()
                    .asString().startsWith("fake: unknown (cancelled"));
        }
    }

    @Test
    void the_non_interactive_refusal_names_where_the_run_would_act() {
        Harness h = harness();

        RunResult r = h.run(readThenWrite(), Mode.EXECUTE);

        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(r.message()).contains("--approve drop").endsWith("It would act as:\n  fake: account 123456789012");
        assertThat(h.actions.executed).as("no step ran").isEmpty();
    }

    @Test
    void a_failed_lookup_is_unknown_with_its_reason_and_the_run_goes_on() {
        Harness h = new Harness(tmp);
        h.actions.whoamiFails = ActionException.permanent("no usable credential (sign-in refused)\nwith a second line", "az login");

        RunResult r = h.run(readThenWrite(), Mode.DRY_RUN);

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.recorder.of(RunEvent.Identity.class)).singleElement().satisfies(e -> assertThat(e.lines())
                .containsExactly("fake: unknown (no usable credential (sign-in refused))"));
        assertThat(h.recorder.of(RunEvent.StepFinished.class)).filteredOn(f -> f.step().equals("look"))
                .singleElement().extracting(RunEvent.StepFinished::status).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void an_offline_dry_run_asks_nothing_and_loads_nothing() {
        Harness h = harness();

        RunResult r = h.run(readThenWrite(), Mode.OFFLINE);

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.actions.whoamiLoads).hasValue(0);
        assertThat(h.recorder.of(RunEvent.Identity.class)).singleElement()
                .satisfies(e -> assertThat(e.lines()).containsExactly("fake: offline: not asked"));
    }

    @Test
    void a_rehearsal_marks_the_identity_simulated() {
        Harness h = harness();
        String id = "rehearsal-1";
        RunResult r;
        try (var j = dev.runbook.journal.Journal.create(tmp.resolve(id), h.redactor, java.time.Clock.systemUTC())) {
            r = new Engine(h.options().approve(java.util.Set.of("change", "drop")).build())
                    .run(RunRequest.rehearsal(id, readThenWrite(), "drill", Map.of()), j);
        }

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(h.recorder.of(RunEvent.Identity.class)).singleElement()
                .satisfies(e -> assertThat(e.lines()).containsExactly("fake (simulated): account 123456789012"));
    }

    @Test
    void a_runbook_that_uses_no_provider_with_an_identity_asks_nothing() {
        Harness h = harness();
        Runbook core = runbook("core-only").diagnose(step("look", "other.read")).build();
        h.actions.add(dev.runbook.action.ActionSpec.builder("other.read", dev.runbook.model.Effect.READ).build());

        h.run(core, Mode.DRY_RUN);

        assertThat(h.actions.whoamiLoads).hasValue(0);
        assertThat(h.recorder.of(RunEvent.Identity.class)).isEmpty();
    }

    private static int indexOf(List<RunEvent> events, Class<? extends RunEvent> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) return i;
        }
        return -1;
    }
}
