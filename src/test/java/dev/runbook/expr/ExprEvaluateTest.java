package dev.runbook.expr;

import static dev.runbook.expr.Fixtures.eval;
import static dev.runbook.expr.Fixtures.evalError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExprEvaluateTest {

    @Test
    void reads_the_scope_with_members_and_indexes() throws Exception {
        assertThat(eval("params.app")).isEqualTo("api");
        assertThat(eval("steps.app.outputs.state")).isEqualTo("Running");
        assertThat(eval("steps['scale-out'].before.workers")).isEqualTo(2L);
        assertThat(eval("steps[\"app\"]['outputs'].plan")).isEqualTo("plan-1");
        assertThat(eval("params.zones[1]")).isEqualTo("b");
        assertThat(eval("params.zones[params.replicas - 1]")).isEqualTo("c");
        assertThat(eval("steps.app.outputs.meta.owner")).isEqualTo("team-a");
        assertThat(eval("steps.app.outputs.missing")).isNull();
        assertThat(eval("run.dryRun")).isEqualTo(false);
        assertThat(eval("env.REGION")).isEqualTo("westeurope");
    }

    @Test
    void reads_integers_of_any_java_width_as_long() throws Exception {
        assertThat(eval("steps.app.outputs.count")).isEqualTo(3L);
        assertThat(eval("steps.app.outputs.count + 1")).isEqualTo(4L);
        Map<String, Object> scope = Map.of("x", (short) 2, "f", 1.5f, "l", new ArrayList<>(List.of(1, 2)));
        assertThat(Expr.parse("x * 2").evaluate(scope)).isEqualTo(4L);
        assertThat(Expr.parse("f").evaluate(scope)).isEqualTo(1.5);
        assertThat(Expr.parse("l[1] == 2 && 2 in l").evaluate(scope)).isEqualTo(true);
    }

    @Test
    void evaluates_the_design_example() throws Exception {
        assertThat(eval("steps.health.failed && steps.app.outputs.state == 'Running'")).isEqualTo(true);
    }

    @Test
    void evaluates_arithmetic() throws Exception {
        assertThat(eval("7 / 2")).isEqualTo(3L);
        assertThat(eval("-7 / 2")).isEqualTo(-3L);
        assertThat(eval("-7 % 3")).isEqualTo(-1L);
        assertThat(eval("7.0 / 2")).isEqualTo(3.5);
        assertThat(eval("params.ratio * 2")).isEqualTo(3.0);
        assertThat(eval("1 + 0.5")).isEqualTo(1.5);
        assertThat(eval("3 - 5")).isEqualTo(-2L);
        assertThat(eval("steps.app.outputs.cpu * 100 > 70")).isEqualTo(true);
    }

    @Test
    void concatenates_strings_and_lists() throws Exception {
        assertThat(eval("'a' + 'b' + params.app")).isEqualTo("abapi");
        assertThat(eval("[1] + [2, 3]")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(eval("params.zones + ['d']")).isEqualTo(List.of("a", "b", "c", "d"));
    }

    @Test
    void compares_values() throws Exception {
        assertThat(eval("1 == 1.0")).isEqualTo(true);
        assertThat(eval("2 > 1.5")).isEqualTo(true);
        assertThat(eval("1.5 <= 1")).isEqualTo(false);
        assertThat(eval("9007199254740993 > 9007199254740992.0")).isEqualTo(true);
        assertThat(eval("'abc' < 'abd'")).isEqualTo(true);
        assertThat(eval("'b' >= 'a'")).isEqualTo(true);
        assertThat(eval("false < true")).isEqualTo(true);
        assertThat(eval("'a' != 'b'")).isEqualTo(true);
        assertThat(eval("[1, 'x'] == [1, 'x']")).isEqualTo(true);
        assertThat(eval("[1, 2] == [1]")).isEqualTo(false);
        assertThat(eval("{'a': 1} == {'a': 1.0}")).isEqualTo(true);
        assertThat(eval("{'a': 1} != {'b': 1}")).isEqualTo(true);
        assertThat(eval("params.nothing == null")).isEqualTo(true);
        assertThat(eval("params.app == null")).isEqualTo(false);
        assertThat(eval("null != 0")).isEqualTo(true);
    }

    @Test
    void tests_membership_in_lists_and_maps() throws Exception {
        assertThat(eval("'b' in params.zones")).isEqualTo(true);
        assertThat(eval("'z' in params.zones")).isEqualTo(false);
        assertThat(eval("2.0 in params.sizes")).isEqualTo(true);
        assertThat(eval("'scale-out' in steps")).isEqualTo(true);
        assertThat(eval("'nope' in steps")).isEqualTo(false);
        assertThat(eval("1 in {'a': 1}")).isEqualTo(false);
    }

    @Test
    void short_circuits_and_and_or() throws Exception {
        assertThat(eval("false && steps.nope.failed")).isEqualTo(false);
        assertThat(eval("true || 1 / 0 == 1")).isEqualTo(true);
        assertThat(eval("params.nothing != null && params.nothing.x == 1")).isEqualTo(false);
        assertThat(eval("false ? 1 / 0 : 2")).isEqualTo(2L);
    }

    @Test
    void calls_string_functions() throws Exception {
        assertThat(eval("size('héllo')")).isEqualTo(5L);
        assertThat(eval("'\\U0001F600'.size()")).isEqualTo(1L);
        assertThat(eval("size(params.zones)")).isEqualTo(3L);
        assertThat(eval("params.zones.size()")).isEqualTo(3L);
        assertThat(eval("size(steps.app.outputs.meta)")).isEqualTo(1L);
        assertThat(eval("steps.app.outputs.state.contains('unn')")).isEqualTo(true);
        assertThat(eval("params.app.startsWith('ap')")).isEqualTo(true);
        assertThat(eval("params.app.endsWith('pi')")).isEqualTo(true);
        assertThat(eval("params.app.endsWith('x')")).isEqualTo(false);
        assertThat(eval("'MiXed-É'.lowerAscii()")).isEqualTo("mixed-É");
        assertThat(eval("'MiXed-é'.upperAscii()")).isEqualTo("MIXED-é");
        assertThat(eval("'  padded \\n'.trim()")).isEqualTo("padded");
        assertThat(eval("'a,b,,c'.split(',')")).isEqualTo(List.of("a", "b", "", "c"));
        assertThat(eval("'ab'.split('')")).isEqualTo(List.of("a", "b"));
        assertThat(eval("'a-b-c'.replace('-', '+')")).isEqualTo("a+b+c");
        assertThat(eval("params.zones.join(', ')")).isEqualTo("a, b, c");
        assertThat(eval("params.zones.join()")).isEqualTo("abc");
    }

    @Test
    void matches_is_an_unanchored_regular_expression_search() throws Exception {
        assertThat(eval("'pod-42-ready'.matches(r'\\d+')")).isEqualTo(true);
        assertThat(eval("'pod-42-ready'.matches('^\\\\d+$')")).isEqualTo(false);
        assertThat(eval("matches('abc', '^a.c$')")).isEqualTo(true);
    }

    @Test
    void guards_regular_expressions() {
        assertThat(evalError("'a'.matches('" + "a".repeat(201) + "')").getMessage()).contains("limit is 200");
        ExprException e = evalError("'x'.matches('(')");
        assertThat(e.getMessage()).startsWith("invalid regular expression");
        assertThat(e.offset()).isEqualTo(12);
        Map<String, Object> big = Map.of("s", "a".repeat(100_001));
        ExprException tooLong = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expr.parse("s.matches('a')").evaluate(big));
        assertThat(tooLong.getMessage()).contains("limit is 100000");
    }

    @Test
    void an_unmatched_parenthesis_in_a_pattern_is_named_not_reported_as_re2js_internal_error() throws Exception {
        // found by ExprFuzzTest: re2j words any unmatched ')' as "internal error: stack underflow"
        for (String pattern : new String[] {"a)", "[a-z])*", "|)"}) {
            ExprException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                    () -> Expr.parse("'x'.matches(p)").evaluate(Map.of("p", pattern)));
            assertThat(e.getMessage()).startsWith("invalid regular expression: Unmatched closing ')'").doesNotContain("internal error");
        }
    }

    @Test
    void matches_has_re2_semantics_so_a_nested_repetition_cannot_run_away() throws Exception {
        // java.util.regex backtracked exponentially here; RE2 matches in linear time and simply answers
        Map<String, Object> scope = Map.of("s", "a".repeat(40) + "!");
        assertThat(Expr.parse("s.matches('(.*a){12}b')").evaluate(scope)).isEqualTo(false);
        assertThat(Expr.parse("s.matches('(a+)+!')").evaluate(scope)).isEqualTo(true);
    }

    @Test
    void matches_follows_re2_where_java_regex_differs() throws Exception {
        // '$' is the very end: command output ends in a newline, and '^ok$' must not accept "ok\n"
        assertThat(Expr.parse("out.matches('^ok$')").evaluate(Map.of("out", "ok\n"))).isEqualTo(false);
        assertThat(Expr.parse("out.matches('^ok\\n$')").evaluate(Map.of("out", "ok\n"))).isEqualTo(true);
        assertThat(Expr.parse("out.matches('(?m)^ok$')").evaluate(Map.of("out", "ok\n"))).isEqualTo(true);
        // (?i) folds every letter, not only ASCII
        assertThat(eval("'ÉCOLE'.matches('(?i)^école$')")).isEqualTo(true);
        assertThat(eval("'STRASSE'.matches('(?i)^straße$')")).isEqualTo(false);
        // RE2 spellings work, Java-only constructs are refused with a hint
        assertThat(eval("'id-7'.matches(r'(?P<n>\\d)$')")).isEqualTo(true);
        assertThat(eval("'aXb'.matches(r'\\p{Lu}')")).isEqualTo(true);
        ExprException e = evalError("'ab'.matches(r'a(?=b)')");
        assertThat(e.getMessage()).startsWith("invalid regular expression");
        assertThat(e.hint()).contains("RE2");
        assertThat(evalError("'aa'.matches(r'(a)\\1')").getMessage()).startsWith("invalid regular expression");
    }

    @Test
    void follows_cel_where_java_strings_and_numbers_differ() throws Exception {
        // trim() removes Unicode White_Space (NBSP, NEL, ideographic space), as CEL does
        assertThat(eval("'\\u0085\\u00a0\\u1680 text\\u2007\\u202f\\u3000'.trim()")).isEqualTo("text");
        assertThat(eval("'\\u200btext'.trim()")).isEqualTo("\u200btext"); // a zero-width space is not white space
        assertThat(eval("'\\u001ftext'.trim()")).isEqualTo("\u001ftext"); // nor is a unit separator (Java's isWhitespace says it is)
        // strings order by code point: U+1F600 (a surrogate pair in UTF-16) sorts after U+FB01
        assertThat(eval("'\\U0001F600' > '\\uFB01'")).isEqualTo(true);
        assertThat(eval("'a' < 'ab' && !('ab' < 'a') && 'é' > 'z'")).isEqualTo(true);
        // -2^63 as a double is outside int's range in CEL (both ends are open)
        assertThat(evalError("int(-9223372036854775808.0)").getMessage()).contains("out of range");
        assertThat(eval("int(-9223372036854774784.0)")).isEqualTo(-9223372036854774784L);
        // exists_one() looks at every element, so an error after a second match is still an error
        assertThat(evalError("[3, 2, 1, 0].exists_one(n, 12 / n > 1)").getMessage()).contains("division by zero");
        assertThat(eval("[3, 2, 1].exists_one(n, n > 1)")).isEqualTo(false);
        assertThat(eval("[3, 2, 1].exists_one(n, n > 2)")).isEqualTo(true);
    }

    @Test
    void reads_the_cel_syntax_added_for_conformance() throws Exception {
        assertThat(eval(".5 + 0.25")).isEqualTo(0.75);
        assertThat(eval("[1, 2][0] + .5")).isEqualTo(1.5);
        assertThat(eval("'\\101\\012'")).isEqualTo("A\n");
        assertThat(eval("{'foo.txt': 32, 'a-b': 1}.`foo.txt` + {'a-b': 1}.`a-b`")).isEqualTo(33L);
        assertThat(eval("has({'a/b': 1}.`a/b`) && !has({'a/b': 1}.`a/c`)")).isEqualTo(true);
        assertThat(eval("{'namespace': 'prod'}.namespace")).isEqualTo("prod");
        assertThat(evalError("{'in': 1}.in").getMessage()).contains("keyword");
        assertThat(evalError("{'a': 1}.`a`()").getMessage()).contains("cannot be called");
        assertThat(evalError("{'a': 1}.`a+b`").getMessage()).contains("not allowed");
    }

    @Test
    void converts_between_types() throws Exception {
        assertThat(eval("int('42')")).isEqualTo(42L);
        assertThat(eval("int(-2.9)")).isEqualTo(-2L);
        assertThat(eval("int(7)")).isEqualTo(7L);
        assertThat(eval("double('2.5')")).isEqualTo(2.5);
        assertThat(eval("double(2)")).isEqualTo(2.0);
        assertThat(eval("string(3)")).isEqualTo("3");
        assertThat(eval("string(3.0)")).isEqualTo("3");
        assertThat(eval("string(0.1)")).isEqualTo("0.1");
        assertThat(eval("string(1e21)")).isEqualTo("1e+21");
        assertThat(eval("string(0.00001)")).isEqualTo("1e-05");
        assertThat(eval("string(123456789.5)")).isEqualTo("123456789.5");
        assertThat(eval("string(true)")).isEqualTo("true");
        assertThat(eval("string('s')")).isEqualTo("s");
    }

    @Test
    void reports_conversion_errors() {
        assertThat(evalError("int('4x')").getMessage()).isEqualTo("int() cannot convert '4x' to an integer");
        assertThat(evalError("int(' 4')").hint()).contains("trim");
        assertThat(evalError("int(1e19)").getMessage()).contains("out of range");
        assertThat(evalError("double('1.5d')").getMessage()).contains("cannot convert '1.5d'");
        assertThat(evalError("string(params.nothing)").getMessage()).contains("string() cannot convert null");
        assertThat(evalError("string(params.zones)").hint()).contains("JSON");
    }

    @Test
    void has_tests_presence_of_a_key() throws Exception {
        assertThat(eval("has(steps.app.outputs.state)")).isEqualTo(true);
        assertThat(eval("has(steps.app.outputs.nope)")).isEqualTo(false);
        assertThat(eval("has(steps.app.outputs.missing)")).isEqualTo(true);
        assertThat(eval("has(params.nothing.x)")).isEqualTo(false);
        assertThat(evalError("has(steps.nope.outputs)").getMessage()).isEqualTo("no such key 'nope' in steps");
    }

    @Test
    void evaluates_comprehensions() throws Exception {
        assertThat(eval("params.sizes.exists(s, s > 3)")).isEqualTo(true);
        assertThat(eval("params.sizes.exists(s, s > 4)")).isEqualTo(false);
        assertThat(eval("params.sizes.all(s, s > 0)")).isEqualTo(true);
        assertThat(eval("params.sizes.all(s, s > 1)")).isEqualTo(false);
        assertThat(eval("params.sizes.exists_one(s, s == 2)")).isEqualTo(true);
        assertThat(eval("params.sizes.exists_one(s, s > 2)")).isEqualTo(false);
        assertThat(eval("params.sizes.filter(s, s % 2 == 0)")).isEqualTo(List.of(2L, 4L));
        assertThat(eval("params.sizes.map(s, s * 10)")).isEqualTo(List.of(10L, 20L, 30L, 40L));
        assertThat(eval("params.sizes.map(s, s > 2, string(s))")).isEqualTo(List.of("3", "4"));
        assertThat(eval("steps.filter(id, steps[id].failed)")).isEqualTo(List.of("health"));
        assertThat(eval("[[1, 2], [3]].map(l, l.map(x, x + 1))")).isEqualTo(List.of(List.of(2L, 3L), List.of(4L)));
        assertThat(eval("params.zones.exists(params, params == 'b')")).isEqualTo(true);
        assertThat(eval("[].all(x, x)")).isEqualTo(true);
    }

    @Test
    void bounds_comprehension_work() {
        Map<String, Object> scope = new HashMap<>();
        List<Long> many = new ArrayList<>();
        for (long i = 0; i < 1000; i++) many.add(i);
        scope.put("l", many);
        ExprException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expr.parse("l.map(x, l.map(y, x * y))").evaluate(scope));
        assertThat(e.getMessage()).contains("iterates too much");
        scope.put("s", "x".repeat(6_000_000));
        ExprException built = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expr.parse("s + s").evaluate(scope));
        assertThat(built.getMessage()).contains("builds too much data");
    }

    @Test
    void reports_missing_keys_with_the_path() {
        ExprException e = evalError("steps.app.outputs.stat == 'x'");
        assertThat(e.getMessage()).isEqualTo("no such key 'stat' in steps.app.outputs");
        assertThat(e.offset()).isEqualTo(18);
        assertThat(e.hint()).isEqualTo("did you mean 'state'?");

        e = evalError("steps['scale-out'].before.worker");
        assertThat(e.getMessage()).isEqualTo("no such key 'worker' in steps['scale-out'].before");

        e = evalError("parms.app");
        assertThat(e.getMessage()).isEqualTo("unknown name 'parms'");
        assertThat(e.hint()).isEqualTo("did you mean 'params'?");
    }

    @Test
    void hints_index_syntax_when_a_step_id_with_a_hyphen_is_split_by_minus() {
        ExprException e = evalError("steps.scale-out.before.workers");
        assertThat(e.getMessage()).isEqualTo("no such key 'scale' in steps");
        assertThat(e.hint()).contains("steps['scale-out']");
    }

    @Test
    void reports_runtime_errors_as_expr_exceptions() {
        assertThat(evalError("1 / 0").getMessage()).isEqualTo("division by zero");
        assertThat(evalError("1 / 0").offset()).isEqualTo(2);
        assertThat(evalError("1.0 / 0").getMessage()).isEqualTo("division by zero");
        assertThat(evalError("5 % 0").getMessage()).isEqualTo("modulo by zero");
        assertThat(evalError("9223372036854775807 + 1").getMessage()).contains("integer overflow");
        assertThat(evalError("-9223372036854775808 / -1").getMessage()).contains("integer overflow");
        assertThat(evalError("1e308 * 10.0").getMessage()).contains("overflow");
        assertThat(evalError("params.zones[3]").getMessage()).isEqualTo("index 3 is out of range for params.zones (size 3)");
        assertThat(evalError("params.zones[-1]").getMessage()).contains("out of range");
        assertThat(evalError("params.zones['a']").getMessage()).contains("list index must be an int");
        assertThat(evalError("params.app.x").getMessage()).isEqualTo("cannot read field 'x' of string (params.app)");
        assertThat(evalError("params.nothing.x").getMessage()).isEqualTo("params.nothing is null; cannot read 'x'");
        assertThat(evalError("params.app && true").getMessage()).contains("must be bool, got string (params.app)");
        assertThat(evalError("params.app + 1").getMessage()).contains("+ cannot combine string (params.app) and int (1)");
        assertThat(evalError("params.app < 1").getMessage()).contains("< cannot compare string");
        assertThat(evalError("params.nothing < 1").hint()).contains("null has no order");
        assertThat(evalError("'a' in 'abc'").hint()).contains("contains");
        assertThat(evalError("1.5 % 1").getMessage()).contains("% needs int operands");
        assertThat(evalError("params.app ? 1 : 2").getMessage()).contains("condition of ?: must be bool");
        assertThat(evalError("!params.app").getMessage()).contains("must be bool");
        assertThat(evalError("-params.app").getMessage()).contains("- needs a number");
        assertThat(evalError("{'a': 1, 'a': 2}").getMessage()).contains("duplicate key 'a'");
        assertThat(evalError("{1: 2}").getMessage()).contains("map key must be a string");
        assertThat(evalError("size(1)").getMessage()).contains("size() needs a string, list or map, got int (1)");
        assertThat(evalError("params.sizes.join(',')").getMessage()).contains("list of strings");
        assertThat(evalError("params.replicas.exists(x, true)").getMessage()).contains("needs a list or map");
        assertThat(evalError("params.sizes.filter(x, x)").getMessage()).contains("must be bool");
    }

    @Test
    void reports_unknown_functions_with_suggestions() {
        ExprException e = evalError("params.app.startWith('a')");
        assertThat(e.getMessage()).isEqualTo("unknown function 'startWith'");
        assertThat(e.offset()).isEqualTo(11);
        assertThat(e.hint()).isEqualTo("did you mean 'startsWith'?");
        assertThat(evalError("contains(params.app, 'a')").hint()).isEqualTo("call it as s.contains(t)");
        assertThat(evalError("params.app.int()").hint()).isEqualTo("call it as int(x)");
        assertThat(evalError("size(1, 2)").getMessage()).contains("called with 2 arguments");
        assertThat(evalError("exists(params.zones, x, true)").getMessage()).contains("wrong use of exists()");
        assertThat(evalError("system('ls')").getMessage()).isEqualTo("unknown function 'system'");
    }

    @Test
    void wraps_unexpected_java_objects_instead_of_leaking_them() {
        Map<String, Object> scope = Map.of("o", new Object(), "m", Map.of("t", Thread.currentThread()));
        ExprException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expr.parse("o.getClass()").evaluate(scope));
        assertThat(e.getMessage()).isEqualTo("unknown function 'getClass'");
        e = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expr.parse("o == 1").evaluate(scope));
        assertThat(e.getMessage()).isEqualTo("o is a value of unsupported type Object");
        e = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expr.parse("m.t").evaluate(scope));
        assertThat(e.getMessage()).contains("unsupported type");
    }

    @Test
    void evaluation_with_a_null_scope_reports_unknown_names() {
        ExprException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
                () -> Expr.parse("params.x").evaluate(null));
        assertThat(e.getMessage()).isEqualTo("unknown name 'params'");
    }
}
