package dev.runbook.expr;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.testing.Fuzz;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the expression language (see {@link Fuzz}): parser, type checker and interpreter, and
 * templates. The contract: for any text, {@link Expr#parse}, {@link Expr#check} and {@link Expr#evaluate} return or
 * throw {@link ExprException} with a message and an offset inside the text, and never one of the "internal error"
 * wrappers {@link Expr} puts around an unexpected Java exception (those are bugs that reach the operator).
 */
class ExprFuzzTest {
    /** The message {@link Expr#evaluate} wraps an unexpected RuntimeException in: "cannot evaluate SRC: NullPointerException...". */
    private static final Pattern WRAPPED = Pattern.compile(": [A-Z][A-Za-z]*(Exception|Error)(: |$)");

    static final Type.Obj SCOPE = Type.obj("the scope", Map.of(
            "params", Type.obj("params", map("name", Type.STRING, "count", Type.INT, "ratio", Type.DOUBLE, "on", Type.BOOL,
                    "tags", Type.list(Type.STRING), "meta", Type.map(Type.DYN), "any", Type.DYN, "none", Type.NULL)),
            "steps", Type.obj("steps", Map.of("fetch", Type.obj("step 'fetch'", Map.of("outputs", Type.obj("outputs of step 'fetch'",
                    map("stdout", Type.STRING, "code", Type.INT, "items", Type.list(Type.DYN), "json", Type.map(Type.DYN))),
                    "status", Type.STRING)))),
            "run", Type.obj("run", map("id", Type.STRING, "mode", Type.STRING)),
            "env", Type.map(Type.STRING)));

    static Map<String, Object> values() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", "api-prod");
        params.put("count", 3L);
        params.put("ratio", 0.75);
        params.put("on", true);
        params.put("tags", List.of("a", "b", "é"));
        params.put("meta", Map.of("owner", "ops", "n", 2L, "nested", Map.of("list", List.of(1L, 2.5, "x"))));
        params.put("any", List.of(Map.of("k", "v")));
        params.put("none", null);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("stdout", "line one\nline two {\"a\": 1}");
        outputs.put("code", 0L);
        outputs.put("items", new ArrayList<>(List.of(1L, "two", 3.0, true)));
        outputs.put("json", Map.of("status", "ok", "count", 12L));
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("params", params);
        scope.put("steps", Map.of("fetch", Map.of("outputs", outputs, "status", "succeeded")));
        scope.put("run", Map.of("id", "r-1", "mode", "execute"));
        scope.put("env", Map.of("HOME", "/home/ops"));
        return scope;
    }

    private static final Map<String, Object> VALUES = values();

    @FuzzTest
    void expression(byte[] data) {
        String text = Fuzz.utf8(data);
        if (text == null) return;
        Expr e;
        try {
            e = Expr.parse(text);
        } catch (ExprException ex) {
            checkError(ex, text);
            return;
        }
        e.references();
        try {
            e.check(SCOPE);
        } catch (ExprException ex) {
            checkError(ex, text);
        }
        // evaluated also when the check refuses it: the interpreter must hold on its own (dyn values, bad data)
        try {
            e.evaluate(VALUES);
        } catch (ExprException ex) {
            checkError(ex, text);
        }
    }

    @FuzzTest
    void template(byte[] data) {
        String text = Fuzz.utf8(data);
        if (text == null) return;
        Template t;
        try {
            t = Template.parse(text);
        } catch (ExprException ex) {
            checkError(ex, text);
            return;
        }
        t.references();
        List<String> sources = t.expressions().stream().map(Expr::source).toList();
        try {
            t.check(SCOPE);
        } catch (ExprException ex) {
            checkError(ex, text, sources);
        }
        try {
            t.render(VALUES);
        } catch (ExprException ex) {
            checkError(ex, text, sources);
        }
    }

    static void checkError(ExprException ex, String text) {
        checkError(ex, text, List.of(text));
    }

    /**
     * The wrappers are recognised by their exact start, never by a word anywhere in the message: messages quote the
     * expression, and the fuzzer learns the words a target compares against and writes them into its inputs.
     */
    static void checkError(ExprException ex, String text, List<String> sources) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) throw Fuzz.broken("an error without a message", text);
        if (m.startsWith("cannot parse expression: internal error (") || m.startsWith("cannot check expression: internal error (")) {
            throw Fuzz.broken("an unexpected exception, wrapped: " + m, text);
        }
        for (String source : sources) {
            String prefix = "cannot evaluate " + source + ": ";
            if (m.startsWith(prefix) && WRAPPED.matcher(": " + m.substring(prefix.length())).lookingAt()) {
                throw Fuzz.broken("an unexpected exception, wrapped: " + m, text);
            }
        }
        if (ex.offset() < 0 || ex.offset() > text.length()) throw Fuzz.broken("an offset outside the text: " + ex.offset() + " (" + m + ")", text);
    }

    private static Map<String, Type> map(Object... kv) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Type) kv[i + 1]);
        return m;
    }
}
