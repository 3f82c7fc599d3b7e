package dev.runbook.action.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimWorldTest {
    private static final ResourceId APP = new ResourceId("azure.webapp", "api-prod");
    private static final ResourceId HEALTH = new ResourceId("http.endpoint", "https://api.example.com/health");
    private final SimClock clock = new SimClock(InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")), Double.POSITIVE_INFINITY);

    private SimWorld world(List<WorldChange> changes) {
        return new SimWorld(new SimSetup(Map.of(APP, Map.of("state", "Stopped"), HEALTH, Map.of("status", 503)), changes, Map.of(), Map.of()), clock);
    }

    private static WorldChange healthRecovers(WorldChange.Trigger when, int calls, Duration time) {
        return new WorldChange(when, calls, time, Map.of(HEALTH, Map.of("status", 200)), SourcePosition.UNKNOWN);
    }

    @Test
    void update_records_each_changed_property_with_its_cause() {
        SimWorld w = world(List.of());
        w.update(APP, Map.of("state", "Running"), "restart");
        w.update(APP, Map.of("state", "Running"), "restart again");
        assertThat(w.read(APP, false)).contains(Map.of("state", "Running"));
        assertThat(w.events()).extracting(SimEvent::toString).containsExactly("azure.webapp/api-prod state: Stopped → Running (restart)");
    }

    @Test
    void numbers_from_yaml_and_from_arguments_compare_equal() {
        SimWorld w = world(List.of());
        w.update(HEALTH, Map.of("status", 503L), "same value");
        assertThat(w.events()).isEmpty();
        assertThat(w.read(HEALTH, false).orElseThrow().get("status")).isEqualTo(503L);
    }

    @Test
    void change_after_calls_lets_that_many_reads_see_the_old_state() {
        SimWorld w = world(List.of(healthRecovers(new WorldChange.StepSucceeded("restart"), 2, Duration.ZERO)));
        assertThat(status(w, true)).isEqualTo(503L);
        w.stepSucceeded("restart");
        assertThat(status(w, false)).as("plans do not count as calls").isEqualTo(503L);
        assertThat(status(w, true)).isEqualTo(503L);
        assertThat(status(w, true)).isEqualTo(503L);
        assertThat(status(w, true)).isEqualTo(200L);
    }

    @Test
    void change_after_time_happens_once_the_simulated_clock_passes_it() throws Exception {
        SimWorld w = world(List.of(healthRecovers(new WorldChange.StepSucceeded("restart"), 0, Duration.ofMinutes(2))));
        w.stepSucceeded("restart");
        clock.sleep(Duration.ofSeconds(90));
        assertThat(status(w, true)).isEqualTo(503L);
        assertThat(w.untilNextTimedChange()).contains(Duration.ofSeconds(30));
        clock.sleep(Duration.ofSeconds(30));
        assertThat(status(w, true)).isEqualTo(200L);
        assertThat(w.events()).extracting(SimEvent::cause).containsExactly("scenario: 2m after step 'restart'");
    }

    @Test
    void change_triggered_by_a_resource_reaching_a_state() {
        SimWorld w = world(List.of(healthRecovers(new WorldChange.ResourceIs(APP, Map.of("state", "Running")), 0, Duration.ZERO)));
        w.update(APP, Map.of("state", "Starting"), "start");
        assertThat(status(w, true)).isEqualTo(503L);
        w.update(APP, Map.of("state", "Running"), "start");
        assertThat(status(w, true)).isEqualTo(200L);
    }

    @Test
    void change_from_the_start_needs_no_trigger() throws Exception {
        SimWorld w = world(List.of(healthRecovers(new WorldChange.Start(), 0, Duration.ofMinutes(10))));
        assertThat(status(w, true)).isEqualTo(503L);
        clock.sleep(Duration.ofMinutes(10));
        assertThat(status(w, true)).isEqualTo(200L);
    }

    @Test
    void a_trigger_fires_once() {
        SimWorld w = world(List.of(new WorldChange(new WorldChange.StepSucceeded("restart"), 0, Duration.ZERO,
                Map.of(APP, Map.of("restarts", 1)), SourcePosition.UNKNOWN)));
        w.stepSucceeded("restart");
        w.update(APP, Map.of("restarts", 5), "test");
        w.stepSucceeded("restart");
        assertThat(w.read(APP, false).orElseThrow().get("restarts")).isEqualTo(5L);
    }

    @Test
    void concurrent_callers_each_get_their_own_call_number() throws Exception {
        SimWorld w = world(List.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 400; i++) pool.submit(() -> w.countCall("step:health"));
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(w.countCall("step:health")).isEqualTo(401);
    }

    @Test
    void unknown_resource_reads_empty() {
        assertThat(world(List.of()).read(new ResourceId("azure.webapp", "other"), true)).isEmpty();
    }

    @Test
    void resource_ids_split_at_the_first_slash_so_urls_stay_whole() {
        assertThat(ResourceId.parse("http.endpoint/https://x.example/health")).contains(new ResourceId("http.endpoint", "https://x.example/health"));
        assertThat(ResourceId.parse("no-slash")).isEmpty();
        assertThat(ResourceId.parse("kind/")).isEmpty();
    }

    private static Object status(SimWorld w, boolean asCall) {
        return w.read(HEALTH, asCall).orElseThrow().get("status");
    }
}
