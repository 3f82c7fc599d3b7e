package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every case of the CEL conformance suite (cel-spec, Apache-2.0; via the npm package @bufbuild/cel-spec 0.6.1,
 * Apache-2.0, which .ci/run installs) that lies inside the subset docs/expressions.md documents, and requires the
 * value CEL gives — or an error where CEL gives one. Cases outside the subset are counted by reason
 * ({@link CelFeatures}); the few where the documented differences from CEL apply are listed in
 * {@link #DOCUMENTED}, each with the row of docs/expressions.md it follows. Without the package the test is
 * skipped, loudly.
 */
class CelConformanceTest {

    private static final String LEFT_TO_RIGHT = "&&, ||, all() and exists() stop at the first deciding value; an error before it is reported";
    private static final String DIVISION_BY_ZERO = "division of doubles by zero is an error";
    private static final String OVERFLOW = "a double result too large for a double is an error";

    /** Cases whose outcome follows a row of "Differences from full CEL"; anything else that differs fails. */
    static final Map<String, String> DOCUMENTED = Map.ofEntries(
            Map.entry("basic/variables/unbound_is_runtime_error", LEFT_TO_RIGHT),
            Map.entry("logic/AND/short_circuit_error_right", LEFT_TO_RIGHT),
            Map.entry("logic/AND/short_circuit_type_right", LEFT_TO_RIGHT),
            Map.entry("logic/OR/short_circuit_error_right", LEFT_TO_RIGHT),
            Map.entry("logic/OR/short_circuit_type_right", LEFT_TO_RIGHT),
            Map.entry("macros/all/list_elem_error_shortcircuit", LEFT_TO_RIGHT),
            Map.entry("comparisons/eq_literal/not_eq_double_nan", DIVISION_BY_ZERO),
            Map.entry("comparisons/ne_literal/ne_double_nan", DIVISION_BY_ZERO),
            Map.entry("comparisons/ne_literal/not_ne_double_nan", DIVISION_BY_ZERO),
            Map.entry("fp_math/fp_math/divide_zero", DIVISION_BY_ZERO),
            Map.entry("fp_math/fp_math/fp_overflow_negative", OVERFLOW),
            Map.entry("fp_math/fp_math/fp_overflow_positive", OVERFLOW));

    enum Outcome { PASS, ERROR_WHERE_VALUE, DIFFERENT_VALUE }

    @Test
    void the_supported_subset_of_the_cel_spec_conformance_suite_gives_cels_results(@TempDir Path scratch) throws Exception {
        Path module = CelSpecSuite.module();
        if (module == null) {
            skipLoudly("the CEL conformance cases are not installed (" + CelSpecSuite.PACKAGE + " under .ci/node;"
                    + " run: npm install --no-save --prefix .ci/node " + CelSpecSuite.PACKAGE + ")");
        }
        List<CelSpecSuite.Case> cases = CelSpecSuite.load(module, scratch);
        if (cases == null) skipLoudly("node is not installed; it reads the CEL conformance cases from " + module);
        Map<String, Integer> skipped = new TreeMap<>();
        Map<Outcome, List<String>> outcomes = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) outcomes.put(o, new ArrayList<>());
        List<String> documented = new ArrayList<>();
        for (CelSpecSuite.Case c : cases) {
            String why = CelFeatures.outside(c);
            if (why != null) {
                skipped.merge(why, 1, Integer::sum);
                continue;
            }
            String detail = run(c);
            Outcome o = detail == null ? Outcome.PASS
                    : detail.startsWith("error") ? Outcome.ERROR_WHERE_VALUE : Outcome.DIFFERENT_VALUE;
            if (o != Outcome.PASS && DOCUMENTED.containsKey(c.id())) {
                documented.add(c.id());
                continue;
            }
            outcomes.get(o).add(o == Outcome.PASS ? c.id() : c.id() + "  " + c.expr() + "  →  " + detail);
        }
        int inside = documented.size() + outcomes.values().stream().mapToInt(List::size).sum();
        StringBuilder report = new StringBuilder("cel-spec conformance (" + CelSpecSuite.PACKAGE + "): " + cases.size()
                + " cases, " + inside + " inside the subset: " + outcomes.get(Outcome.PASS).size() + " pass, "
                + outcomes.get(Outcome.ERROR_WHERE_VALUE).size() + " error where CEL gives a value, "
                + outcomes.get(Outcome.DIFFERENT_VALUE).size() + " different value, " + documented.size()
                + " documented differences\nskipped by reason:\n");
        skipped.forEach((why, n) -> report.append(String.format("  %4d  %s%n", n, why)));
        for (String id : documented) report.append("DOCUMENTED  ").append(id).append("  ").append(DOCUMENTED.get(id)).append('\n');
        for (Outcome o : List.of(Outcome.DIFFERENT_VALUE, Outcome.ERROR_WHERE_VALUE)) {
            for (String line : outcomes.get(o)) report.append(o).append("  ").append(line).append('\n');
        }
        System.out.println(report);
        assertThat(outcomes.get(Outcome.DIFFERENT_VALUE)).as(report.toString()).isEmpty();
        assertThat(outcomes.get(Outcome.ERROR_WHERE_VALUE)).as(report.toString()).isEmpty();
        assertThat(DOCUMENTED.keySet()).as("documented cases that no longer differ").containsExactlyInAnyOrderElementsOf(documented);
        assertThat(inside).as("the subset must not shrink unnoticed").isGreaterThan(500);
    }

    private static void skipLoudly(String why) {
        System.err.println("\n*** SKIPPED CelConformanceTest: " + why + " ***\n");
        Assumptions.abort(why);
    }

    /** Null when the case passes, else what happened ("error: ..." or "got ..."). */
    static String run(CelSpecSuite.Case c) throws CelSpecSuite.Foreign {
        Map<String, Object> scope = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.original().path("bindings").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> b = it.next();
            scope.put(b.getKey(), CelSpecSuite.value(b.getValue().get("value")));
        }
        boolean wantsError = c.original().has("evalError");
        // a case with neither a value nor an error expects true (cel-spec's SimpleTest default)
        Object expected = wantsError ? null : c.original().has("value") ? CelSpecSuite.value(c.original().get("value")) : true;
        Object actual;
        try {
            actual = Expr.parse(c.expr()).evaluate(scope);
        } catch (ExprException e) {
            return wantsError ? null : "error: " + e.getMessage();
        }
        if (wantsError) return "got " + show(actual) + " where CEL gives an error";
        return same(expected, actual) ? null : "got " + show(actual) + ", CEL gives " + show(expected);
    }

    /** Equality that also requires the same type (an int is not a double here) and treats NaN as equal to itself. */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Double x && b instanceof Double y) return x.equals(y) || x.doubleValue() == y.doubleValue();
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) return false;
            for (Object k : x.keySet()) if (!same(x.get(k), y.get(k))) return false;
            return true;
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    private static String show(Object v) {
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof Double d) return d + " (double)";
        if (v instanceof Long l) return l + " (int)";
        return String.valueOf(v);
    }
}
