package dev.runbook.action.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runbook.action.ActionException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Plan;
import dev.runbook.action.Result;
import dev.runbook.action.UndoHint;
import dev.runbook.model.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimActionTest {
    private static final ResourceId APP = new ResourceId("azure.webapp", "api-prod");
    private static final ResourceId PLAN = new ResourceId("azure.appservice.plan", "asp-prod");
    private static final String URL = "https://api.example.com/health";
    private static final ResourceId HEALTH = new ResourceId("http.endpoint", URL);

    private final SimClock clock = new SimClock(InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")), Double.POSITIVE_INFINITY);
    private final Map<ResourceId, Map<String, Object>> resources = new LinkedHashMap<>(Map.of(
            APP, Map.of("state", "Stopped", "plan", "asp-prod"),
            PLAN, Map.of("sku", "P1V2", "workers", 1),
            HEALTH, Map.of("status", 503, "latencyMs", 40)));

    private SimWorld world(Map<String, SimOverride> steps, List<WorldChange> changes) {
        return new SimWorld(new SimSetup(resources, changes, steps, Map.of()), clock);
    }

    private SimAction action(ActionSpec spec, SimWorld w) {
        return new SimAction(spec, w, Behaviours.forSpec(spec));
    }

    private TestContext ctx(String step) {
        return new TestContext(clock, step, Duration.ofMinutes(1));
    }

    private static Args args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Args.of(m);
    }

    @Test
    void generic_read_returns_properties_named_like_outputs_and_typed_defaults_for_the_rest() throws Exception {
        Result r = action(TestSpecs.WEBAPP_GET, world(Map.of(), List.of())).execute(ctx("app"), args("resourceGroup", "rg", "name", "api-prod"));
        assertThat(r.outputs()).containsExactly(Map.entry("state", "Stopped"), Map.entry("plan", "asp-prod"), Map.entry("instances", 0L));
    }

    @Test
    void generic_write_plans_before_and_after_then_applies_the_arguments() throws Exception {
        SimWorld w = world(Map.of(), List.of());
        SimAction scale = action(TestSpecs.PLAN_SCALE, w);
        Args a = args("resourceGroup", "rg", "plan", "asp-prod", "workers", 3L);
        Plan p = scale.plan(ctx("scale-out"), a);
        assertThat(p.summary()).isEqualTo("scale asp-prod: workers 1 → 3");
        assertThat(p.before()).containsEntry("workers", 1L).containsEntry("sku", "P1V2");
        assertThat(p.after()).containsEntry("workers", 3L).containsEntry("sku", "P1V2");
        assertThat(w.read(PLAN, false).orElseThrow()).as("plan changes nothing").containsEntry("workers", 1L);

        Result r = scale.execute(ctx("scale-out"), a);
        assertThat(r.outputs()).containsEntry("workers", 3L);
        assertThat(w.read(PLAN, false).orElseThrow()).containsEntry("workers", 3L).containsEntry("sku", "P1V2");
    }

    @Test
    void generic_write_undoes_itself_by_writing_the_before_values_back() throws Exception {
        SimAction scale = action(TestSpecs.PLAN_SCALE, world(Map.of(), List.of()));
        Args a = args("resourceGroup", "rg", "plan", "asp-prod", "workers", 3L);
        Plan p = scale.plan(ctx("scale-out"), a);
        Result r = scale.execute(ctx("scale-out"), a);
        assertThat(scale.undo(a, p, r)).contains(new UndoHint("azure.appservice.plan.scale",
                Map.of("resourceGroup", "rg", "plan", "asp-prod", "workers", 1L)));
    }

    @Test
    void destructive_plan_names_the_target_to_type_at_the_gate() throws Exception {
        resources.put(new ResourceId("aws.rds", "orders-db"), Map.of("status", "available"));
        Plan p = action(TestSpecs.DB_DELETE, world(Map.of(), List.of())).plan(ctx("drop"), args("instance", "orders-db"));
        assertThat(p.target()).isEqualTo("orders-db");
    }

    @Test
    void transient_fault_fails_the_first_call_only() throws Exception {
        SimWorld w = world(Map.of("scale-out", override(new Fault(Fault.Kind.TRANSIENT, 1, null, SourcePosition.UNKNOWN), null)), List.of());
        SimAction scale = action(TestSpecs.PLAN_SCALE, w);
        Args a = args("resourceGroup", "rg", "plan", "asp-prod", "workers", 3L);
        ActionException first = catchThrowableOfType(ActionException.class, () -> scale.execute(ctx("scale-out"), a));
        assertThat(first.kind()).isEqualTo(ActionException.Kind.TRANSIENT);
        assertThat(w.read(PLAN, false).orElseThrow()).as("a failed call changes nothing").containsEntry("workers", 1L);
        assertThat(scale.execute(ctx("scale-out"), a).outputs()).containsEntry("workers", 3L);
    }

    @Test
    void permanent_fault_fails_every_call_with_its_message() {
        SimWorld w = world(Map.of("scale-out", override(new Fault(Fault.Kind.PERMANENT, Fault.ALWAYS, "AuthorizationFailed: no write on asp-prod", SourcePosition.UNKNOWN), null)), List.of());
        SimAction scale = action(TestSpecs.PLAN_SCALE, w);
        Args a = args("resourceGroup", "rg", "plan", "asp-prod", "workers", 3L);
        for (int i = 0; i < 3; i++) {
            ActionException e = catchThrowableOfType(ActionException.class, () -> scale.execute(ctx("scale-out"), a));
            assertThat(e.kind()).isEqualTo(ActionException.Kind.PERMANENT);
            assertThat(e.getMessage()).isEqualTo("AuthorizationFailed: no write on asp-prod");
        }
    }

    @Test
    void faults_apply_to_their_step_only() throws Exception {
        SimWorld w = world(Map.of("scale-out", override(Fault.of(Fault.Kind.PERMANENT), null)), List.of());
        assertThat(action(TestSpecs.PLAN_SCALE, w).execute(ctx("scale-back"), args("resourceGroup", "rg", "plan", "asp-prod", "workers", 2L)).outputs())
                .containsEntry("workers", 2L);
    }

    @Test
    void timeout_fault_waits_out_the_step_timeout_in_simulated_time() {
        SimWorld w = world(Map.of("app", override(Fault.of(Fault.Kind.TIMEOUT), null)), List.of());
        Instant start = clock.instant();
        ActionException e = catchThrowableOfType(ActionException.class,
                () -> action(TestSpecs.WEBAPP_GET, w).execute(ctx("app"), args("resourceGroup", "rg", "name", "api-prod")));
        assertThat(e.kind()).isEqualTo(ActionException.Kind.TIMEOUT);
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void latency_passes_in_simulated_time_before_the_answer() throws Exception {
        SimWorld w = world(Map.of("app", override(null, Duration.ofSeconds(45))), List.of());
        Instant start = clock.instant();
        TestContext c = ctx("app");
        action(TestSpecs.WEBAPP_GET, w).execute(c, args("resourceGroup", "rg", "name", "api-prod"));
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.progress).containsExactly("waiting for the service (simulated 45s)");
    }

    @Test
    void step_override_replaces_outputs_and_changes_the_world_when_it_succeeds() throws Exception {
        SimOverride ov = new SimOverride(Map.of("state", "Running"), Map.of(HEALTH, Map.of("status", 200)), null, null, SourcePosition.UNKNOWN);
        SimWorld w = world(Map.of("app", ov), List.of());
        Result r = action(TestSpecs.WEBAPP_GET, w).execute(ctx("app"), args("resourceGroup", "rg", "name", "api-prod"));
        assertThat(r.outputs()).containsEntry("state", "Running");
        assertThat(w.read(HEALTH, false).orElseThrow()).containsEntry("status", 200L);
    }

    @Test
    void http_check_answers_from_the_endpoint_and_fails_on_unexpected_status() {
        SimWorld w = world(Map.of(), List.of());
        ActionException e = catchThrowableOfType(ActionException.class,
                () -> action(TestSpecs.HTTP_CHECK, w).execute(ctx("health"), args("url", URL, "expect", Map.of("status", 200L))));
        assertThat(e.getMessage()).isEqualTo(URL + ": status 503, expected 200");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void http_check_checks_body_fields_and_selects_them() throws Exception {
        resources.put(HEALTH, Map.of("status", 200, "body", Map.of("status", "Healthy", "db", Map.of("ok", true))));
        Result r = action(TestSpecs.HTTP_CHECK, world(Map.of(), List.of())).execute(ctx("health"),
                args("url", URL, "expect", Map.of("status", List.of(200L, 204L), "body", Map.of("/db/ok", true)), "select", Map.of("state", "/status")));
        assertThat(r.outputs()).containsEntry("status", 200L).containsEntry("ok", true).containsEntry("fields", Map.of("state", "Healthy"));
        assertThat((String) r.outputs().get("body")).contains("\"Healthy\"");
    }

    @Test
    void health_recovers_two_calls_after_the_restart_so_verify_polling_sees_it_late() throws Exception {
        SimWorld w = world(Map.of(), List.of(new WorldChange(new WorldChange.StepSucceeded("restart"), 2, Duration.ZERO,
                Map.of(HEALTH, Map.of("status", 200)), SourcePosition.UNKNOWN)));
        SimAction check = action(TestSpecs.HTTP_CHECK, w);
        w.stepSucceeded("restart");
        Args a = args("url", URL);
        assertThatThrownBy(() -> check.execute(ctx("healthy"), a)).hasMessageContaining("status 503");
        assertThatThrownBy(() -> check.execute(ctx("healthy"), a)).hasMessageContaining("status 503");
        assertThat(check.execute(ctx("healthy"), a).outputs()).containsEntry("status", 200L);
    }

    @Test
    void http_check_of_an_undeclared_url_is_refused_with_a_hint_for_the_scenario() {
        ActionException e = catchThrowableOfType(ActionException.class, () -> action(TestSpecs.HTTP_CHECK, world(Map.of(), List.of()))
                .execute(ctx("health"), args("url", "https://other.example/")));
        assertThat(e.getMessage()).contains("connection refused");
        assertThat(e.hint()).contains("http.endpoint/https://other.example/");
    }

    @Test
    void shell_is_never_executed_and_exits_as_the_scenario_says() throws Exception {
        SimWorld w = world(Map.of("undo-rollout", new SimOverride(Map.of("exitCode", 1, "stderr", "error: no rollout history"), Map.of(), null, null, SourcePosition.UNKNOWN)), List.of());
        SimAction shell = action(TestSpecs.SHELL, w);
        Args a = args("command", List.of("rm", "-rf", "/tmp/should-not-run"), "successCodes", List.of(0L));
        assertThat(shell.plan(ctx("x"), a).summary()).isEqualTo("run rm -rf /tmp/should-not-run (simulated: not executed)");
        assertThat(shell.execute(ctx("x"), a).outputs()).containsEntry("exitCode", 0L).containsEntry("stdout", "");
        ActionException e = catchThrowableOfType(ActionException.class, () -> shell.execute(ctx("undo-rollout"), a));
        assertThat(e.getMessage()).isEqualTo("rm -rf /tmp/should-not-run exited with 1: error: no rollout history");
    }

    @Test
    void the_undo_call_of_a_step_ignores_the_step_overrides() throws Exception {
        SimOverride ov = new SimOverride(Map.of(), Map.of(HEALTH, Map.of("status", 200)), new Fault(Fault.Kind.PERMANENT, 1, null, SourcePosition.UNKNOWN), null, SourcePosition.UNKNOWN);
        SimWorld w = world(Map.of("scale-out", ov), List.of());
        SimAction scale = action(TestSpecs.PLAN_SCALE, w);
        assertThatThrownBy(() -> scale.execute(ctx("scale-out"), args("resourceGroup", "rg", "plan", "asp-prod", "workers", 3L)));
        scale.execute(ctx("scale-out"), args("resourceGroup", "rg", "plan", "asp-prod", "workers", 3L));
        w.update(HEALTH, Map.of("status", 503), "test");
        scale.execute(ctx("scale-out"), args("resourceGroup", "rg", "plan", "asp-prod", "workers", 1L));
        assertThat(w.read(PLAN, false).orElseThrow()).containsEntry("workers", 1L);
        assertThat(w.read(HEALTH, false).orElseThrow()).as("the step's set: is not applied again by its undo").containsEntry("status", 503L);
    }

    private static SimOverride override(Fault f, Duration latency) {
        return new SimOverride(Map.of(), Map.of(), f, latency, SourcePosition.UNKNOWN);
    }
}
