package dev.runbook.engine;

import static dev.runbook.engine.Fixtures.runbook;
import static dev.runbook.engine.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.model.Phase;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runbook.step looks steps up through an index (a 15,000-step run asks per event): same answers as a scan. */
class RunbookLookupTest {
    @Test
    void every_step_is_found_in_any_phase_and_the_first_of_a_repeated_id_wins() {
        Runbook rb = runbook("lookup").diagnose(step("a", "fake.read"), step("dup", "fake.read"))
                .resolve(step("b", "fake.write"), step("dup", "fake.write")).rollback(step("c", "fake.write")).build();
        for (Step s : rb.allSteps()) {
            Step found = rb.step(s.id()).orElseThrow();
            Step scanned = rb.allSteps().stream().filter(x -> x.id().equals(s.id())).findFirst().orElseThrow();
            assertThat(found).isSameAs(scanned);
        }
        assertThat(rb.step("dup").orElseThrow().phase()).isEqualTo(Phase.DIAGNOSE);
        assertThat(rb.step("c").orElseThrow().phase()).isEqualTo(Phase.ROLLBACK);
        assertThat(rb.step("nope")).isEmpty();
    }

    @Test
    void the_phases_stay_an_unmodifiable_map_equal_to_a_plain_one() {
        Runbook rb = runbook("lookup").resolve(step("b", "fake.write")).build();
        Runbook same = runbook("lookup").resolve(step("b", "fake.write")).build();
        assertThat(rb).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(rb.phases()).containsOnlyKeys(Phase.values());
        assertThat(rb.phases().get(Phase.RESOLVE)).extracting(Step::id).containsExactly("b");
        assertThat(rb.steps(Phase.VERIFY)).isEqualTo(List.of());
        assertThatThrownBy(() -> rb.phases().put(Phase.VERIFY, List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rb.phases().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
