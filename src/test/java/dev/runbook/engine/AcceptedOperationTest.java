package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Operation;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.engine.gate.Answers;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.RunStore;
import dev.runbook.journal.StepStatus;
import dev.runbook.model.Effect;
import dev.runbook.model.ParamType;
import dev.runbook.model.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud work that outlives a cancel is in doubt, not cancelled: a restore the provider accepted goes on after the step
 * timed out or was interrupted, so resume checks on it and waits for it, and never starts a second one blindly.
 */
class AcceptedOperationTest {
    @TempDir
    Path tmp;

    /** A provider's restore: accepted at once, then it takes as long as the test wants. */
    static final class Restores implements ActionResolver {
        final ActionSpec spec = ActionSpec.builder("cloud.restore", Effect.WRITE).required("target", ParamType.STRING, "new cluster")
                .output("cluster", ParamType.STRING, "the new cluster").output("status", ParamType.STRING, "its status").build();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger attached = new AtomicInteger();
        volatile Operation.Status state = Operation.Status.RUNNING;

        @Override
        public Optional<ActionSpec> spec(String name) {
            return name.equals(spec.name()) ? Optional.of(spec) : Optional.empty();
        }

        @Override
        public Action action(String name) {
            return new Action() {
                @Override
                public ActionSpec spec() {
                    return spec;
                }

                @Override
                public Plan plan(ActionContext ctx, Args args) throws ActionException {
                    return Plan.of("restore into " + args.string("target"));
                }

                @Override
                public Result execute(ActionContext ctx, Args args) throws ActionException {
                    started.incrementAndGet();
                    Operation op = new Operation("cloud.restore", args.string("target"), "restore into " + args.string("target"));
                    ctx.operationAccepted(op);
                    try {
                        ctx.sleep(Duration.ofMinutes(10)); // the provider is slow; the step's timeout runs out first
                    } catch (ActionException e) {
                        throw ActionException.unfinished(op, e);
                    }
                    return Result.of(Map.of("cluster", args.string("target"), "status", "available"));
                }

                @Override
                public Operation.State check(ActionContext ctx, Operation op) {
                    return new Operation.State(state, op.id() + " is " + state.name().toLowerCase(java.util.Locale.ROOT));
                }

                @Override
                public Result attach(ActionContext ctx, Operation op) {
                    attached.incrementAndGet();
                    return new Result(Map.of("cluster", op.id(), "status", "available"), op.id() + " is available");
                }
            };
        }
    }

    private final Runbook rb = runbook("pitr")
            .resolve(step("restore", "cloud.restore").with(Map.of("target", "orders-pitr")).timeout(Duration.ofMillis(300)))
            .build();

    private RunService service() {
        return new RunService(new RunStore(tmp.resolve("state")), Clock.systemUTC());
    }

    private RunService.Source source() throws Exception {
        Path f = Files.writeString(tmp.resolve("pitr.yaml"), "pitr");
        return new RunService.Source(rb, f, Files.readAllBytes(f));
    }

    private EngineOptions.Builder options(Restores provider, Map<String, String> inDoubt) {
        return EngineOptions.builder().actions(provider).workDir(tmp).yes(true)
                .answers(new Answers(Map.of(), Map.of(), inDoubt, Map.of(), Map.of(), null));
    }

    private String timedOutRun(Restores provider) throws Exception {
        RunResult r = service().start(source(), Mode.EXECUTE, Map.of(), options(provider, Map.of()).build(), e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).contains("the provider accepted the restore into orders-pitr and it may still be going on");
        return r.runId();
    }

    @Test
    void a_restore_accepted_then_timed_out_is_in_doubt_with_its_operation_journaled() throws Exception {
        Restores provider = new Restores();
        String id = timedOutRun(provider);
        RunService.Resumable res = service().inspect(id);
        List<RunEvent> events = res.journal().events();
        assertThat(events).filteredOn(RunEvent.StepAccepted.class::isInstance).singleElement()
                .isEqualTo(new RunEvent.StepAccepted("restore", "cloud.restore", "orders-pitr", "restore into orders-pitr"));
        assertThat(events).filteredOn(RunEvent.StepFinished.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RunEvent.StepFinished) e).errorKind()).isEqualTo(dev.runbook.journal.ErrorKind.UNFINISHED));
        assertThat(res.history().inDoubt()).as("not failed, not cancelled: in doubt").containsExactly("restore");
        assertThat(res.history().accepted()).containsKey("restore");
    }

    @Test
    void resume_refuses_to_start_a_second_restore_while_the_first_is_running() throws Exception {
        Restores provider = new Restores();
        String id = timedOutRun(provider);
        RunResult r = service().resume(service().inspect(id), source(), false, Map.of(), options(provider, Map.of("restore", "rerun")).build(),
                e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.message()).contains("not running step 'restore' again", "orders-pitr is running");
        assertThat(provider.started).as("no second restore").hasValue(1);
    }

    @Test
    void without_a_decision_resume_stops_and_says_how_to_wait_for_it() throws Exception {
        Restores provider = new Restores();
        String id = timedOutRun(provider);
        RunResult r = service().resume(service().inspect(id), source(), false, Map.of(), options(provider, Map.of()).build(), e -> { });
        assertThat(r.outcome()).isEqualTo(RunOutcome.APPROVAL_REQUIRED);
        assertThat(r.message()).contains("inDoubt: { restore: attach }", "running");
        assertThat(provider.started).hasValue(1);
    }

    @Test
    void resume_waits_for_the_accepted_restore_and_the_step_succeeds_with_its_outputs() throws Exception {
        Restores provider = new Restores();
        String id = timedOutRun(provider);
        RunResult r = service().resume(service().inspect(id), source(), false, Map.of(), options(provider, Map.of("restore", "attach")).build(),
                e -> { });
        assertThat(r.outcome()).as(r.message()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.steps()).containsEntry("restore", StepStatus.SUCCEEDED);
        assertThat(r.outputs().get("restore")).containsEntry("cluster", "orders-pitr").containsEntry("status", "available");
        assertThat(provider.started).as("waiting starts nothing").hasValue(1);
        assertThat(provider.attached).hasValue(1);
    }

    @Test
    void once_the_provider_says_the_restore_failed_it_may_run_again() throws Exception {
        Restores provider = new Restores();
        String id = timedOutRun(provider);
        provider.state = Operation.Status.FAILED;
        RunResult r = service().resume(service().inspect(id), source(), false, Map.of(), options(provider, Map.of("restore", "rerun")).build(),
                e -> { });
        assertThat(provider.started).hasValue(2);
        assertThat(r.outcome()).as("it runs again (and times out again, accepted again)").isEqualTo(RunOutcome.FAILED);
        assertThat(service().inspect(r.runId()).history().inDoubt()).containsExactly("restore");
    }
}
