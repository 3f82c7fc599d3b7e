package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    private static List<Reference> refs(String source) throws ExprException {
        return Expr.parse(source).references();
    }

    @Test
    void lists_every_path_in_source_order() throws Exception {
        String src = "steps.health.failed && steps.app.outputs.state == 'Running'";
        List<Reference> r = refs(src);
        assertThat(r).extracting(Reference::path).containsExactly(
                List.of("steps", "health", "failed"), List.of("steps", "app", "outputs", "state"));
        assertThat(r.get(1).offset()).isEqualTo(23);
        assertThat(src.substring(r.get(1).offset(), r.get(1).offset() + r.get(1).length()))
                .isEqualTo("steps.app.outputs.state");
        assertThat(r.get(0).root()).isEqualTo("steps");
        assertThat(r.get(0)).hasToString("steps.health.failed");
        assertThat(r.get(0).optional()).isFalse();
    }

    @Test
    void constant_string_indexes_are_segments() throws Exception {
        assertThat(refs("steps['scale-out'].before.workers")).extracting(Reference::path)
                .containsExactly(List.of("steps", "scale-out", "before", "workers"));
    }

    @Test
    void a_computed_or_positional_index_ends_the_path() throws Exception {
        assertThat(refs("steps[params.id].outputs.x")).extracting(Reference::path)
                .containsExactly(List.of("steps"), List.of("params", "id"));
        assertThat(refs("params.zones[0].name")).extracting(Reference::path)
                .containsExactly(List.of("params", "zones"));
    }

    @Test
    void function_receivers_and_arguments_are_references() throws Exception {
        assertThat(refs("steps.app.outputs.name.startsWith(params.prefix) && size(params.zones) > 0"))
                .extracting(Reference::toString)
                .containsExactly("steps.app.outputs.name", "params.prefix", "params.zones");
    }

    @Test
    void comprehension_variables_are_not_references() throws Exception {
        assertThat(refs("params.zones.exists(z, z == params.primary && z.size() > 1)"))
                .extracting(Reference::toString).containsExactly("params.zones", "params.primary");
        assertThat(refs("steps.filter(id, steps[id].failed).map(id, id)"))
                .extracting(Reference::toString).containsExactly("steps", "steps");
    }

    @Test
    void a_variable_shadowing_a_root_is_not_a_reference_inside_its_body() throws Exception {
        assertThat(refs("params.zones.all(params, params.size() > 0) && params.x"))
                .extracting(Reference::toString).containsExactly("params.zones", "params.x");
    }

    @Test
    void has_marks_its_path_optional() throws Exception {
        List<Reference> r = refs("has(steps.app.outputs.extra) ? steps.app.outputs.extra : 'none'");
        assertThat(r).extracting(Reference::toString)
                .containsExactly("steps.app.outputs.extra", "steps.app.outputs.extra");
        assertThat(r.get(0).optional()).isTrue();
        assertThat(r.get(1).optional()).isFalse();
    }

    @Test
    void literals_only_have_no_references() throws Exception {
        assertThat(refs("1 + 2 == 3 && 'a' in ['a']")).isEmpty();
    }

    @Test
    void the_three_argument_constructor_still_works() {
        Reference r = new Reference(List.of("params", "x"), 3, 8);
        assertThat(r.optional()).isFalse();
        assertThat(r.shifted(2).offset()).isEqualTo(5);
    }
}
