package dev.runbook.action.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionSpec;
import dev.runbook.action.Catalogue;
import dev.runbook.model.Effect;
import org.junit.jupiter.api.Test;

class CoreSpecsTest {
    private final Catalogue catalogue = Catalogue.standard();

    @Test
    void service_loader_publishes_every_core_action_under_its_exact_name() {
        assertThat(catalogue.names()).contains("http.check", "shell", "manual", "wait", "assert", "message");
    }

    @Test
    void shell_and_manual_let_the_author_declare_the_effect() {
        ActionSpec shell = catalogue.spec("shell").orElseThrow();
        ActionSpec manual = catalogue.spec("manual").orElseThrow();
        assertThat(shell.authorDeclaresEffect()).isTrue();
        assertThat(shell.effect()).isEqualTo(Effect.WRITE);
        assertThat(manual.authorDeclaresEffect()).isTrue();
        assertThat(manual.effect()).isEqualTo(Effect.READ);
    }

    @Test
    void built_in_checks_are_read_only_and_not_author_declared() {
        for (String name : new String[] {"http.check", "wait", "assert", "message"}) {
            ActionSpec spec = catalogue.spec(name).orElseThrow();
            assertThat(spec.effect()).as(name).isEqualTo(Effect.READ);
            assertThat(spec.authorDeclaresEffect()).as(name).isFalse();
        }
    }

    @Test
    void every_spec_has_a_provider_registered_under_its_prefix() {
        for (ActionSpec spec : CoreSpecs.all()) {
            assertThat(catalogue.providers()).containsKey(spec.provider());
            assertThat(spec.outputs()).as(spec.name()).isNotEmpty();
            assertThat(spec.defaultTimeout()).as(spec.name()).isPositive();
        }
    }
}
