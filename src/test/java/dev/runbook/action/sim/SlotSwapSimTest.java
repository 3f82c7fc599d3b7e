package dev.runbook.action.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Args;
import dev.runbook.action.Catalogue;
import dev.runbook.action.Result;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotSwapSimTest {
    private static final ResourceId PROD = new ResourceId("azure.webapp", "api");
    private static final ResourceId STAGING = new ResourceId("azure.webapp", "api/staging");

    private final SimClock clock = new SimClock(InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")), Double.POSITIVE_INFINITY);

    @Test
    void a_swap_moves_the_release_and_leaves_the_slots_own_properties_in_place() throws Exception {
        Map<ResourceId, Map<String, Object>> resources = new LinkedHashMap<>();
        resources.put(PROD, Map.of("plan", "asp", "slots", List.of("staging"), "release", "1.0", "state", "Running"));
        resources.put(STAGING, Map.of("release", "1.1", "state", "Running", "warmedUp", true));
        SimWorld w = new SimWorld(new SimSetup(resources, List.of(), Map.of(), Map.of()), clock);
        ActionSpec spec = Catalogue.standard().spec("azure.webapp.swap-slot").orElseThrow();
        Result r = new SimAction(spec, w, Behaviours.forSpec(spec)).execute(new TestContext(clock, "swap", Duration.ofMinutes(5)),
                Args.of(Map.of("resourceGroup", "rg", "name", "api", "slot", "staging", "targetSlot", "production")));
        assertThat(r.outputs()).containsEntry("status", "Succeeded");
        Map<String, Object> prod = w.read(PROD, false).orElseThrow();
        Map<String, Object> staging = w.read(STAGING, false).orElseThrow();
        assertThat(prod).containsEntry("release", "1.1").containsEntry("warmedUp", true)
                .containsEntry("plan", "asp").containsEntry("slots", List.of("staging"));
        assertThat(staging).containsEntry("release", "1.0").doesNotContainKeys("plan", "slots");
        assertThat(staging.get("warmedUp")).isNull();
    }
}
