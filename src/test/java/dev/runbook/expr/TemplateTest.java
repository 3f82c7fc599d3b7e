package dev.runbook.expr;

import static dev.runbook.expr.Fixtures.scope;
import static dev.runbook.expr.Fixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static Object render(String text) throws ExprException {
        return Template.parse(text).render(scope());
    }

    private static ExprException parseError(String text) {
        ExprException e = catchThrowableOfType(ExprException.class, () -> Template.parse(text));
        assertThat(e).as("parse error for %s", text).isNotNull();
        return e;
    }

    private static ExprException renderError(String text) {
        ExprException e = catchThrowableOfType(ExprException.class, () -> render(text));
        assertThat(e).as("render error for %s", text).isNotNull();
        return e;
    }

    @Test
    void a_plain_string_is_a_literal() throws Exception {
        Template t = Template.parse("just text");
        assertThat(t.isLiteral()).isTrue();
        assertThat(t.isSingleExpression()).isFalse();
        assertThat(t.render(Map.of())).isEqualTo("just text");
        assertThat(t.parts()).containsExactly(new Template.Literal("just text", 0));
        assertThat(Template.parse("").render(Map.of())).isEqualTo("");
        assertThat(t.check(type())).isEqualTo(Type.STRING);
    }

    @Test
    void is_template_is_a_cheap_prefilter() {
        assertThat(Template.isTemplate("plain $5 {x}")).isFalse();
        assertThat(Template.isTemplate("a ${b}")).isTrue();
        assertThat(Template.isTemplate("$${literal}")).isTrue();
        assertThat(Template.isTemplate(null)).isFalse();
    }

    @Test
    void a_single_expression_keeps_its_type() throws Exception {
        assertThat(render("${steps['scale-out'].before.workers}")).isEqualTo(2L);
        assertThat(render("${params.zones}")).isEqualTo(List.of("a", "b", "c"));
        assertThat(render("${params.enabled}")).isEqualTo(true);
        assertThat(render("${params.nothing}")).isNull();
        Template t = Template.parse("${params.replicas}");
        assertThat(t.isSingleExpression()).isTrue();
        assertThat(t.check(type())).isEqualTo(Type.INT);
    }

    @Test
    void mixed_text_renders_a_string() throws Exception {
        assertThat(render("Restart ${params.app} in ${env.REGION}")).isEqualTo("Restart api in westeurope");
        assertThat(render("${params.replicas} replicas")).isEqualTo("3 replicas");
        assertThat(render("ratio=${params.ratio}, x${params.replicas * 1.0}")).isEqualTo("ratio=1.5, x3");
        assertThat(render("zones: ${params.zones}")).isEqualTo("zones: [\"a\",\"b\",\"c\"]");
        assertThat(render("meta ${steps.app.outputs.meta}")).isEqualTo("meta {\"owner\":\"team-a\"}");
        assertThat(render("on=${params.enabled}")).isEqualTo("on=true");
        assertThat(render("${params.app}${params.app}")).isEqualTo("apiapi");
        assertThat(render(" ${params.replicas}")).isEqualTo(" 3");
        assertThat(Template.parse("a ${params.app}").check(type())).isEqualTo(Type.STRING);
    }

    @Test
    void renders_json_with_escapes_and_nulls() throws Exception {
        Map<String, Object> scope = Map.of("v", java.util.Arrays.asList("q\"uote\n", null, 2, 2.5));
        assertThat(Template.parse("v=${v}").render(scope)).isEqualTo("v=[\"q\\\"uote\\n\",null,2,2.5]");
    }

    @Test
    void escapes_a_literal_dollar_brace() throws Exception {
        Template t = Template.parse("cost $${HOME} and ${params.app}");
        assertThat(t.render(scope())).isEqualTo("cost ${HOME} and api");
        assertThat(Template.parse("$${only}").isLiteral()).isTrue();
        assertThat(Template.parse("$${only}").render(Map.of())).isEqualTo("${only}");
        assertThat(render("price $5 {not an expression}")).isEqualTo("price $5 {not an expression}");
    }

    @Test
    void braces_and_quotes_inside_an_expression_do_not_end_it() throws Exception {
        assertThat(render("${params.app == '}' ? 'x' : 'y}'}")).isEqualTo("y}");
        assertThat(render("${{'a': 1}.a}")).isEqualTo(1L);
        assertThat(render("[${\"it's\" + '\\'}'}]")).isEqualTo("[it's'}]");
        assertThat(render("${r'\\'}")).isEqualTo("\\");
    }

    @Test
    void parts_carry_offsets() throws Exception {
        Template t = Template.parse("ab ${params.app} cd");
        assertThat(t.parts()).hasSize(3);
        assertThat(t.parts().get(0)).isEqualTo(new Template.Literal("ab ", 0));
        assertThat(t.parts().get(1).offset()).isEqualTo(5);
        assertThat(t.parts().get(2)).isEqualTo(new Template.Literal(" cd", 16));
        assertThat(t.expressions()).extracting(Expr::source).containsExactly("params.app");
    }

    @Test
    void references_are_relative_to_the_template() throws Exception {
        Template t = Template.parse("x ${params.app} y ${steps['scale-out'].before.workers}");
        List<Reference> refs = t.references();
        assertThat(refs).extracting(Reference::toString)
                .containsExactly("params.app", "steps.scale-out.before.workers");
        assertThat(refs.get(0).offset()).isEqualTo(4);
        assertThat(refs.get(1).offset()).isEqualTo(20);
    }

    @Test
    void reports_unterminated_and_empty_expressions_with_offsets() {
        ExprException e = parseError("abc ${params.app");
        assertThat(e.getMessage()).isEqualTo("unterminated ${ in text");
        assertThat(e.offset()).isEqualTo(4);
        assertThat(e.hint()).contains("$${");

        e = parseError("x ${ }");
        assertThat(e.getMessage()).contains("empty ${}");
        assertThat(e.offset()).isEqualTo(2);

        e = parseError("x ${'unclosed}");
        assertThat(e.getMessage()).contains("unterminated string");
        assertThat(e.offset()).isEqualTo(4);
    }

    @Test
    void syntax_type_and_evaluation_errors_are_shifted_into_the_template() {
        ExprException e = parseError("name: ${params.app ==}");
        assertThat(e.offset()).isEqualTo(21);

        e = catchThrowableOfType(ExprException.class,
                () -> Template.parse("state ${steps.app.outputs.stat}").check(type()));
        assertThat(e.getMessage()).isEqualTo("steps.app.outputs has no field 'stat'");
        assertThat(e.offset()).isEqualTo(26);
        assertThat(e.hint()).isEqualTo("did you mean 'state'?");

        e = renderError("n=${1 / 0}");
        assertThat(e.getMessage()).isEqualTo("division by zero");
        assertThat(e.offset()).isEqualTo(6);
    }

    @Test
    void null_in_text_is_an_error() {
        ExprException e = renderError("value: ${params.nothing}");
        assertThat(e.getMessage()).isEqualTo("${params.nothing} is null and cannot be written into text");
        assertThat(e.offset()).isEqualTo(9);
        assertThat(e.hint()).contains("!= null");
        ExprException c = catchThrowableOfType(ExprException.class, () -> Template.parse("v ${null}").check(type()));
        assertThat(c.getMessage()).contains("always null");
    }
}
