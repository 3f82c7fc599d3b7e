package dev.runbook.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanLinesTest {
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void a_change_is_one_line_and_a_detail_that_repeats_it_is_dropped() {
        // azure.appservice.plan.scale: the after map and the details both said "sku: P1v3 → P2v3"
        List<String> lines = PlanLines.of(map("sku", "P1v3", "workers", 2L), map("sku", "P2v3", "workers", 4L),
                List.of("sku: P1v3 → P2v3 (PremiumV3)", "workers: 2 → 4", "the plan restarts its apps"), "asp-fleet-prod");
        assertThat(lines).containsExactly("sku: P1v3 → P2v3", "workers: 2 → 4", "the plan restarts its apps");
    }

    @Test
    void a_value_without_a_before_state_is_shown_as_itself_not_as_null_to_value() {
        // azure.redis.reboot: rebootType is what the step does, not a state that changes
        assertThat(PlanLines.of(map("provisioningState", "Succeeded"), map("rebootType", "PrimaryNode"), List.of(), "redis-fleet-prod"))
                .containsExactly("rebootType: PrimaryNode");
    }

    @Test
    void the_resource_a_step_creates_is_marked_new() {
        assertThat(PlanLines.of(map("name", null), map("name", "pg-fleet-restore"), List.of(), "pg-fleet-restore"))
                .containsExactly("name: pg-fleet-restore (new)");
        assertThat(PlanLines.of(map(), map("dbClusterIdentifier", "orders-restored"), List.of(), "orders-restored"))
                .containsExactly("dbClusterIdentifier: orders-restored (new)");
        assertThat(PlanLines.of(map("replicas", 3L), map("replicas", 3L), List.of(), null)).containsExactly("replicas: 3 (unchanged)");
    }

    @Test
    void whole_doubles_are_written_as_integers() {
        assertThat(PlanLines.show(360851.0)).isEqualTo("360851");
        assertThat(PlanLines.show(0.5)).isEqualTo("0.5");
        assertThat(PlanLines.of(map("itemCount", 360851.0), map("itemCount", 360852.0), List.of(), null))
                .containsExactly("itemCount: 360851 → 360852");
    }
}
