package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.action.ActionException;
import dev.runbook.action.Args;
import dev.runbook.journal.GateAnswer;
import dev.runbook.journal.Journal;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choke point itself: ActionInvoker calls no action's execute without a clearance that covers the call. */
class ActionInvokerTest {
    @TempDir
    Path tmp;

    private final Harness h = new Harness(Path.of("unused"));
    private final Runbook rb = runbook("inv").resolve(step("w", "fake.write"), step("r", "fake.read")).build();
    private final Args none = Args.of(Map.of());
    private final Duration t = Duration.ofSeconds(5);

    private record Parts(ActionInvoker invoker, ApprovalRule approvals) {}

    private Parts parts(Mode mode, EngineOptions.Builder b, Journal j) {
        EngineOptions o = b.build();
        RunRequest req = RunRequest.of("inv", rb, mode, Map.of());
        RunLedger ledger = new RunLedger(rb);
        Set<String> tainted = ConcurrentHashMap.newKeySet();
        RunScope scope = new RunScope(req, ledger, Map.of(), new Evaluator(Set.of(), tainted, o.redactor()), tainted);
        RunContext run = new RunContext(o, req, GraphStepOrder.of(rb), new EventSink(j, List.of(), "inv"), ledger, scope, new RunControl());
        ApprovalRule approvals = new ApprovalRule(run);
        return new Parts(new ActionInvoker(run, approvals), approvals);
    }

    @Test
    void nothing_executes_without_a_clearance_that_covers_the_call() throws Exception {
        Step w = rb.step("w").orElseThrow();
        Step r = rb.step("r").orElseThrow();
        try (Journal j = Journal.create(tmp.resolve("a"), h.redactor, Clock.systemUTC())) {
            Parts p = parts(Mode.EXECUTE, h.options(), j);
            assertThat(p.approvals().ungated(w)).as("a write needs its gate").isEmpty();
            ApprovalRule.Clearance read = p.approvals().ungated(r).orElseThrow();
            assertThatThrownBy(() -> p.invoker().executeStep(null, w, h.actions.action("fake.write"), none, t))
                    .isInstanceOf(ActionException.class).hasMessageContaining("not approved");
            assertThatThrownBy(() -> p.invoker().executeStep(read, w, h.actions.action("fake.write"), none, t))
                    .as("another step's clearance").hasMessageContaining("not approved");
            assertThatThrownBy(() -> p.invoker().executeUndo(read, r, h.actions.action("fake.write"), dev.runbook.model.Effect.WRITE, none, t))
                    .as("a read clearance for a writing undo").hasMessageContaining("not approved");
            p.invoker().executeStep(read, r, h.actions.action("fake.read"), none, t);
            assertThat(h.actions.executed).containsExactly("r");
            p.invoker().close();
        }
    }

    @Test
    void a_gate_approval_clears_the_step_and_a_dry_run_clears_no_write_at_all() throws Exception {
        Step w = rb.step("w").orElseThrow();
        try (Journal j = Journal.create(tmp.resolve("b"), h.redactor, Clock.systemUTC())) {
            Parts p = parts(Mode.EXECUTE, h.options().interaction(new ScriptedInteraction().gate(GateAnswer.APPROVE)), j);
            ApprovalRule.Clearance c = p.approvals().ask(w, null, "w", Map.of()).clearance();
            p.invoker().executeStep(c, w, h.actions.action("fake.write"), none, t);
            assertThat(h.actions.executed).containsExactly("w");
            p.invoker().close();
        }
        try (Journal j = Journal.create(tmp.resolve("c"), h.redactor, Clock.systemUTC())) {
            Parts p = parts(Mode.DRY_RUN, h.options().interaction(new ScriptedInteraction().gate(GateAnswer.APPROVE)), j);
            ApprovalRule.Clearance c = p.approvals().ask(w, null, "w", Map.of()).clearance();
            assertThatThrownBy(() -> p.invoker().executeStep(c, w, h.actions.action("fake.write"), none, t))
                    .hasMessageContaining("not approved");
            assertThat(h.actions.executed).containsExactly("w");
            p.invoker().close();
        }
    }
}
