package dev.runbook.expr;

import static dev.runbook.expr.Fixtures.check;
import static dev.runbook.expr.Fixtures.checkError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExprCheckTest {

    @Test
    void infers_result_types() throws Exception {
        assertThat(check("steps.health.failed && steps.app.outputs.state == 'Running'")).isEqualTo(Type.BOOL);
        assertThat(check("params.replicas + 1")).isEqualTo(Type.INT);
        assertThat(check("params.replicas * params.ratio")).isEqualTo(Type.DOUBLE);
        assertThat(check("params.app + '-x'")).isEqualTo(Type.STRING);
        assertThat(check("params.zones + ['d']")).isEqualTo(Type.list(Type.STRING));
        assertThat(check("params.zones[0]")).isEqualTo(Type.STRING);
        assertThat(check("steps.app.outputs.meta.owner")).isEqualTo(Type.STRING);
        assertThat(check("steps.app.outputs.meta['owner']")).isEqualTo(Type.STRING);
        assertThat(check("steps['scale-out'].before.workers")).isEqualTo(Type.INT);
        assertThat(check("steps.app.outputs.missing.anything[3].deeper")).isEqualTo(Type.DYN);
        assertThat(check("size(params.zones)")).isEqualTo(Type.INT);
        assertThat(check("params.sizes.map(s, s * 2)")).isEqualTo(Type.list(Type.INT));
        assertThat(check("params.sizes.filter(s, s > 2)")).isEqualTo(Type.list(Type.INT));
        assertThat(check("steps.filter(id, steps[id].failed)")).isEqualTo(Type.list(Type.STRING));
        assertThat(check("params.zones.exists(z, z == 'a')")).isEqualTo(Type.BOOL);
        assertThat(check("params.enabled ? 'on' : 'off'")).isEqualTo(Type.STRING);
        assertThat(check("params.enabled ? 'on' : null")).isEqualTo(Type.STRING);
        assertThat(check("params.enabled ? 1 : 'x'")).isEqualTo(Type.DYN);
        assertThat(check("{'a': 1}")).isEqualTo(Type.map(Type.INT));
        assertThat(check("[]")).isEqualTo(Type.list(Type.DYN));
        assertThat(check("string(params.replicas)")).isEqualTo(Type.STRING);
        assertThat(check("int(params.app)")).isEqualTo(Type.INT);
        assertThat(check("double(params.replicas)")).isEqualTo(Type.DOUBLE);
        assertThat(check("'a,b'.split(',')")).isEqualTo(Type.list(Type.STRING));
        assertThat(check("params.zones.join(',')")).isEqualTo(Type.STRING);
        assertThat(check("has(steps.app.outputs.state)")).isEqualTo(Type.BOOL);
        assertThat(check("null")).isEqualTo(Type.NULL);
    }

    @Test
    void reports_unknown_fields_at_the_name_with_a_suggestion() {
        ExprException e = checkError("steps.app.outputs.stat == 'Running'");
        assertThat(e.getMessage()).isEqualTo("steps.app.outputs has no field 'stat'");
        assertThat(e.offset()).isEqualTo(18);
        assertThat(e.hint()).isEqualTo("did you mean 'state'?");

        e = checkError("steps.ap.failed");
        assertThat(e.getMessage()).isEqualTo("steps has no field 'ap'");
        assertThat(e.offset()).isEqualTo(6);
        assertThat(e.hint()).isEqualTo("did you mean 'app'?");

        e = checkError("steps['scale-out'].before.workrs");
        assertThat(e.getMessage()).isEqualTo("steps['scale-out'].before has no field 'workrs'");
        assertThat(e.offset()).isEqualTo(26);

        e = checkError("steps['scale-ot'].failed");
        assertThat(e.getMessage()).isEqualTo("steps has no field 'scale-ot'");
        assertThat(e.offset()).isEqualTo(6);
        assertThat(e.hint()).isEqualTo("did you mean 'scale-out'?");

        e = checkError("steps['scale-in'].failed");
        assertThat(e.hint()).isEqualTo("fields: app, health, scale-out");

        e = checkError("run.zzz");
        assertThat(e.hint()).isEqualTo("fields: id, dryRun");

        e = checkError("has(steps.app.outputs.stat)");
        assertThat(e.getMessage()).isEqualTo("steps.app.outputs has no field 'stat'");
    }

    @Test
    void reports_unknown_names() {
        ExprException e = checkError("parms.app");
        assertThat(e.getMessage()).isEqualTo("unknown name 'parms'");
        assertThat(e.offset()).isEqualTo(0);
        assertThat(e.hint()).isEqualTo("did you mean 'params'?");
        assertThat(checkError("zzz").hint()).isEqualTo("names in scope: params, steps, run, env");
    }

    @Test
    void suggests_index_syntax_for_a_hyphenated_step_id() {
        ExprException e = checkError("steps.scale-out.before.workers > 1");
        assertThat(e.getMessage()).isEqualTo("steps has no field 'scale'");
        assertThat(e.offset()).isEqualTo(6);
        assertThat(e.hint()).isEqualTo("'-' is subtraction here; a name containing '-' needs index syntax: steps['scale-out']");
    }

    @Test
    void checks_operand_types() {
        ExprException e = checkError("'a' && true");
        assertThat(e.getMessage()).isEqualTo("&& needs bool operands, got string");
        assertThat(e.offset()).isEqualTo(0);

        e = checkError("steps.health.failed || steps.app.outputs.count");
        assertThat(e.getMessage()).isEqualTo("|| needs bool operands, got int");
        assertThat(e.offset()).isEqualTo(23);

        e = checkError("params.app == 3");
        assertThat(e.getMessage()).isEqualTo("== cannot compare string with int");
        assertThat(e.offset()).isEqualTo(11);
        assertThat(e.hint()).contains("string(x)");

        assertThat(checkError("params.enabled != 'true'").getMessage()).isEqualTo("!= cannot compare bool with string");
        assertThat(checkError("params.app < 3").getMessage()).isEqualTo("< cannot compare string with int");
        assertThat(checkError("null < 3").hint()).contains("null has no order");
        assertThat(checkError("params.app + 1").getMessage()).isEqualTo("+ cannot add string and int");
        assertThat(checkError("params.app - 1").getMessage()).isEqualTo("- needs numbers, got string and int");
        assertThat(checkError("params.ratio % 2").getMessage()).isEqualTo("% needs int operands, got double and int");
        assertThat(checkError("!params.app").getMessage()).isEqualTo("! needs a bool operand, got string");
        assertThat(checkError("-params.app").getMessage()).isEqualTo("- needs a number, got string");
        assertThat(checkError("params.app ? 1 : 2").getMessage()).isEqualTo("the condition of ?: must be bool, got string");
        assertThat(checkError("'a' in 'abc'").hint()).contains("contains");
        assertThat(checkError("1 in params.zones").getMessage()).contains("cannot look for int in list(string)");
        assertThat(checkError("1 in steps").getMessage()).contains("map keys are strings");
        assertThat(checkError("params.zones['a']").getMessage()).isEqualTo("a list index must be an int, got string");
        assertThat(checkError("steps.app.outputs.meta[1]").getMessage()).isEqualTo("a map key must be a string, got int");
        assertThat(checkError("params.app[0]").hint()).contains("strings cannot be indexed");
        assertThat(checkError("params.app.length").getMessage())
                .isEqualTo("cannot read field 'length' of string params.app");
        assertThat(checkError("params.zones.first").hint()).contains("params.zones.map(e, e.first)");
        assertThat(checkError("params.sizes.all(s, s)").getMessage()).isEqualTo("the condition of all() must be bool, got int");
        assertThat(checkError("params.app.exists(c, true)").getMessage()).contains("exists() needs a list or map");
        assertThat(checkError("{'a': 1, 'a': 2}").getMessage()).contains("duplicate key");
    }

    @Test
    void allows_dyn_and_null_with_everything_sensible() throws Exception {
        assertThat(check("params.nothing == 'x'")).isEqualTo(Type.BOOL);
        assertThat(check("params.nothing + 1")).isEqualTo(Type.DYN);
        assertThat(check("params.nothing + 'x'")).isEqualTo(Type.STRING);
        assertThat(check("params.nothing && true")).isEqualTo(Type.BOOL);
        assertThat(check("params.app == null")).isEqualTo(Type.BOOL);
        assertThat(check("1 == 1.0")).isEqualTo(Type.BOOL);
        assertThat(check("params.zones == []")).isEqualTo(Type.BOOL);
        assertThat(check("steps.app.outputs.meta == {'owner': 'x'}")).isEqualTo(Type.BOOL);
    }

    @Test
    void checks_function_calls() {
        ExprException e = checkError("params.app.startWith('a')");
        assertThat(e.getMessage()).isEqualTo("unknown function 'startWith'");
        assertThat(e.hint()).isEqualTo("did you mean 'startsWith'?");
        assertThat(checkError("params.zones.contains('a')").hint()).isEqualTo("to test list membership write: x in list");
        assertThat(checkError("params.app.startsWith(1)").getMessage()).isEqualTo("startsWith() needs strings, got int");
        assertThat(checkError("size(params.replicas)").getMessage()).isEqualTo("size() needs a string, list or map, got int");
        assertThat(checkError("int(params.enabled)").getMessage()).isEqualTo("int() needs a number or string, got bool");
        assertThat(checkError("string(params.zones)").hint()).contains("JSON");
        assertThat(checkError("params.sizes.join(',')").getMessage()).isEqualTo("join() needs a list of strings, got list(int)");
        assertThat(checkError("params.app.trim(1)").getMessage()).isEqualTo("trim() called with 1 argument");
        e = checkError("params.app.matches('(')");
        assertThat(e.getMessage()).startsWith("invalid regular expression");
        assertThat(e.offset()).isEqualTo(19);
    }

    @Test
    void comprehension_variables_shadow_and_do_not_leak() {
        assertThat(checkError("params.sizes.all(s, s > 0) && s > 0").getMessage()).isEqualTo("unknown name 's'");
    }

    @Test
    void an_object_description_names_it_in_messages() {
        Type.Obj scope = Type.obj("scope", Map.of("steps", Type.obj("steps", Map.of(
                "app", Type.obj("steps['app']", Map.of("outputs", Type.obj("outputs of step 'app'", Map.of())))))));
        ExprException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expr.parse("steps.app.outputs.x").check(scope));
        assertThat(e.getMessage()).isEqualTo("outputs of step 'app' has no field 'x'");
        assertThat(e.hint()).isEqualTo("it has no fields");
    }
}
