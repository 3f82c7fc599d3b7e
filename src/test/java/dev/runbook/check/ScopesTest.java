package dev.runbook.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.expr.Expr;
import dev.runbook.expr.ExprException;
import dev.runbook.expr.Type;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.parse.RunbookParser;
import dev.runbook.testing.FixtureCatalogue;
import org.junit.jupiter.api.Test;

class ScopesTest {
    static final String RUNBOOK = """
            runbook: s
            title: t
            severity: P2
            diagnose:
              - id: a
                uses: test.get
                with: { name: x }
              - id: b
                uses: test.get
                needs: []
                with: { name: x }
              - id: c
                uses: test.get
                needs: [a]
                with: { name: x }
            resolve:
              - id: fix
                uses: test.scale
                with: { plan: p, workers: 2 }
            rollback:
              - id: back
                uses: wait
                with: { duration: 1s }
            """;

    final Runbook runbook = RunbookParser.parse("s.yaml", RUNBOOK).runbook().orElseThrow();
    final Scopes scopes = RuleContext.of(runbook, FixtureCatalogue.create()).scopes();

    Step step(String id) {
        return runbook.step(id).orElseThrow();
    }

    static Type.Obj steps(Type.Obj scope) {
        return (Type.Obj) scope.fields().get("steps");
    }

    @Test
    void steps_lists_exactly_the_steps_that_have_finished_in_file_order() {
        assertThat(steps(scopes.scope(step("c"), Scopes.Where.STEP)).fields().keySet()).containsExactly("a");
        assertThat(steps(scopes.scope(step("c"), Scopes.Where.OUTPUTS)).fields().keySet()).containsExactly("a", "c");
        assertThat(steps(scopes.scope(step("fix"), Scopes.Where.STEP)).fields().keySet()).containsExactly("a", "b", "c");
        assertThat(steps(scopes.scope(step("fix"), Scopes.Where.UNDO)).fields().keySet()).containsExactly("a", "b", "c", "fix");
        assertThat(steps(scopes.scope(step("back"), Scopes.Where.STEP)).fields().keySet()).containsExactly("a", "b", "c", "fix");
    }

    @Test
    void a_step_is_looked_up_without_listing_and_agrees_with_the_list() {
        Type.Obj steps = steps(scopes.scope(step("c"), Scopes.Where.STEP));
        assertThat(steps.fields().get("a")).isEqualTo(scopes.stepType(step("a")));
        assertThat(steps.fields().get("b")).isNull();
        assertThat(steps.fields().get("nope")).isNull();
        assertThat(steps.fields().containsKey("c")).isFalse();
        assertThat(steps.fields()).hasSize(1);
        assertThat(steps.fields().get("b")).isNull();
    }

    @Test
    void the_scope_of_a_step_is_built_once() {
        assertThat(scopes.scope(step("c"), Scopes.Where.STEP)).isSameAs(scopes.scope(step("c"), Scopes.Where.STEP));
        assertThat(scopes.scope(step("c"), Scopes.Where.STEP)).isNotSameAs(scopes.scope(step("c"), Scopes.Where.OUTPUTS));
    }

    @Test
    void a_missing_step_in_a_type_check_names_the_visible_ones() {
        assertThatThrownBy(() -> Expr.parse("steps['d'].failed").check(scopes.scope(step("fix"), Scopes.Where.STEP)))
                .isInstanceOf(ExprException.class)
                .hasMessage("steps that have run before this point has no field 'd'")
                .satisfies(e -> assertThat(((ExprException) e).hint()).isEqualTo("did you mean 'a'?"));
        assertThatThrownBy(() -> Expr.parse("steps['zzzz'].failed").check(scopes.scope(step("fix"), Scopes.Where.STEP)))
                .satisfies(e -> assertThat(((ExprException) e).hint()).isEqualTo("fields: a, b, c"));
    }
}
