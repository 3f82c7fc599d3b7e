package dev.runbook.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runbook.check.Diagnostic;
import dev.runbook.testing.Fuzz;

/**
 * Coverage-guided fuzzing of the YAML readers (see {@link Fuzz}). The contract of {@link YamlReader#read}: for any
 * text it returns a tree or diagnostics, never throws, and a text it cannot read carries at least one error that has
 * a position inside the file. The fast reader, where it accepts a text, must agree with the full reader exactly.
 */
class YamlFuzzTest {
    static {
        // loads the full reader's classes (SnakeYAML Engine, its error paths) before the fuzzer's clock runs: under load,
        // loading and instrumenting them in the middle of one input took over a second (a spurious timeout)
        for (String text : new String[] {"a: [1, {b: c}]\n---\nd\n", "a: b: c\n", "- &x a\n- *x\n", "!!str a\n", "'a\n", "a:\tb\n",
                "? [a]\n: b\n", "%YAML 1.2\n--- |2\n  x\n"}) {
            YamlReader.readFull("warm-up.yaml", text);
            YamlReader.read("warm-up.yaml", text);
        }
    }

    @FuzzTest
    void yamlReader(byte[] data) {
        String text = Fuzz.utf8(data);
        if (text == null) return;
        YamlReader.Result r = YamlReader.read("fuzz.yaml", text.toCharArray(), text.length());
        checkResult(r, text);
    }

    /** The full reader (SnakeYAML Engine behind the project's rules) on its own: the fast reader hands it most odd texts. */
    @FuzzTest
    void fullReader(byte[] data) {
        String text = Fuzz.utf8(data);
        if (text == null) return;
        checkResult(YamlReader.readFull("fuzz.yaml", text), text);
    }

    /** Whatever the fast reader reads itself, the full reader reads to the same tree, positions and diagnostics. */
    @FuzzTest
    void fastAgreesWithFull(byte[] data) {
        String text = Fuzz.utf8(data);
        if (text == null) return;
        YamlReader.Result fast = FastYaml.read("fuzz.yaml", text);
        if (fast == null) return;
        YamlReader.Result full = YamlReader.readFull("fuzz.yaml", text);
        if (full.root().isEmpty()) throw Fuzz.broken("the fast reader read what the full reader rejects: " + full.diagnostics(), text);
        String a = FastYamlTest.describe(fast.root().get());
        String b = FastYamlTest.describe(full.root().get());
        if (!a.equals(b)) throw Fuzz.broken("the readers disagree:\nfast:\n" + a + "\nfull:\n" + b, text);
        if (!fast.diagnostics().equals(full.diagnostics())) {
            throw Fuzz.broken("the readers' diagnostics differ: " + fast.diagnostics() + " vs " + full.diagnostics(), text);
        }
    }

    static void checkResult(YamlReader.Result r, String text) {
        if (r == null || r.root() == null || r.diagnostics() == null) throw Fuzz.broken("no result", text);
        if (r.root().isEmpty() && r.diagnostics().stream().noneMatch(Diagnostic::isError)) {
            throw Fuzz.broken("no tree and no error", text);
        }
        // YAML breaks lines at \n, \r\n and a lone \r; one more for a problem found at the end of the text
        long lines = text.chars().filter(c -> c == '\n' || c == '\r').count() + 2;
        for (Diagnostic d : r.diagnostics()) {
            if (d.message() == null || d.message().isBlank()) throw Fuzz.broken("a diagnostic without a message: " + d, text);
            if (d.line() < 1 || d.line() > lines || d.col() < 1) throw Fuzz.broken("a diagnostic outside the file: " + d, text);
        }
    }
}
