package dev.runbook.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.model.Effect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every action that can change something names what a call works on (the post-mortem's "Target" of a change, the
 * journal's {@code subject}), from its own metadata: the catalogue is walked, so an action added later without a
 * subject that says something fails here, and no report has a switch over action names.
 */
class SubjectDeclaredTest {
    /** Arguments as a runbook would give them: every parameter with a value of its type (its default when it has one). */
    static Map<String, Object> sample(ActionSpec spec) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (ParamSpec p : spec.parameters()) {
            Object v = p.defaultValue() != null ? p.defaultValue() : switch (p.type()) {
                case STRING, ANY -> p.allowed().isEmpty() ? "s-" + p.name() : p.allowed().get(0);
                case URL -> "https://x.example/" + p.name();
                case LIST -> List.of("prog-" + p.name(), "arg");
                case INT -> 3L;
                case NUMBER -> 1.5;
                case BOOL -> true;
                case DURATION -> "30s";
                case MAP -> Map.of();
            };
            args.put(p.name(), v);
        }
        return args;
    }

    private static boolean mayChange(ActionSpec s) {
        return s.authorDeclaresEffect() || s.effect() != Effect.READ;
    }

    @Test
    void every_action_that_may_change_something_names_what_it_works_on() {
        List<String> silent = new ArrayList<>();
        for (ActionSpec s : Catalogue.standard().specs()) {
            if (!mayChange(s)) continue;
            String subject = s.subjectOf(sample(s));
            if (subject == null || subject.isBlank()) silent.add(s.name());
        }
        assertThat(silent).as("actions whose changes would have an empty Target").isEmpty();
    }

    @Test
    void subjects_name_only_declared_parameters() {
        for (ActionSpec s : Catalogue.standard().specs()) {
            for (String n : s.subject().named()) {
                assertThat(s.parameter(n)).as(s.name() + "'s subject names '" + n + "', which it does not declare").isPresent();
            }
        }
    }

    @Test
    void a_template_is_used_when_its_arguments_have_values_and_a_fallback_otherwise() {
        Subject sub = Subject.of("{host}: {command}", "local shell: {command}", "local shell");
        assertThat(sub.render(Map.of("command", List.of("kubectl", "rollout")), List.of())).isEqualTo("local shell: kubectl");
        assertThat(sub.render(Map.of("host", "db-1", "command", List.of("psql")), List.of())).isEqualTo("db-1: psql");
        assertThat(sub.render(Map.of(), List.of())).isEqualTo("local shell");
        // not declared: the required text arguments, as before
        List<ParamSpec> params = List.of(ParamSpec.required("resourceGroup", dev.runbook.model.ParamType.STRING, "rg"),
                ParamSpec.required("name", dev.runbook.model.ParamType.STRING, "n"), ParamSpec.optional("slot", dev.runbook.model.ParamType.STRING, null, "s"));
        assertThat(Subject.REQUIRED_TEXT.render(Map.of("resourceGroup", "rg-1", "name", "app", "slot", "x"), params)).isEqualTo("resourceGroup: rg-1, name: app");
        assertThat(Subject.REQUIRED_TEXT.render(Map.of(), params)).isNull();
    }
}
