package dev.runbook.parse;

import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import java.util.List;
import java.util.Optional;

/**
 * Reads one YAML document into a positioned {@link Node} tree.
 * Values follow the YAML 1.2 core schema ({@link CoreScalars}): {@code 017} is seventeen, {@code 0b101} and
 * {@code yes} are text, a key with no value is null, {@code .inf} is a float, an integer beyond 64 bits is an error.
 * Hostile input is refused early: documents over {@link #MAX_CHARS}, nesting over {@link #MAX_DEPTH},
 * anchors and aliases (expansion is how "billion laughs" works), tags, duplicate keys and further documents in
 * the same file.
 *
 * <p>Two readers stand behind this class. {@link FastYaml} reads the block-style subset runbooks are written in
 * (block and flow collections, plain scalars, one-line quoted scalars, literal and folded block scalars, comments)
 * without loading a YAML library; the first thing it is not certain about, it gives up and the full
 * reader ({@link EngineYaml}, on SnakeYAML Engine) reads the file from the start. The full reader alone reports
 * syntax errors. {@code FastYamlTest} holds the two to the same trees, positions and diagnostics.
 */
public final class YamlReader {
    /** 1 MiB: a runbook is a page or two of YAML; anything bigger is a mistake or an attack. */
    public static final int MAX_CHARS = 1 << 20;
    public static final int MAX_DEPTH = 64;

    public record Result(Optional<Node> root, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private YamlReader() {
    }

    /** Reads {@code text}; {@code file} is the name positions carry. */
    public static Result read(String file, String text) {
        if (text.length() <= MAX_CHARS) {
            Result fast = FastYaml.read(file, text);
            if (fast != null) return fast;
        }
        return EngineYaml.read(file, text);
    }

    /**
     * Reads the first {@code length} characters of {@code chars} (which this call may keep): files go this way,
     * decoded straight into an array, so the common case never builds the whole text as a String.
     */
    public static Result read(String file, char[] chars, int length) {
        if (length <= MAX_CHARS) {
            Result fast = FastYaml.read(file, chars, length);
            if (fast != null) return fast;
        }
        return EngineYaml.read(file, new String(chars, 0, length));
    }

    /** The full reader only: for tests that compare the two. */
    static Result readFull(String file, String text) {
        return EngineYaml.read(file, text);
    }
}
