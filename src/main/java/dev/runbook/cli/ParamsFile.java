package dev.runbook.cli;

import dev.runbook.model.Node;
import dev.runbook.parse.YamlFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --params FILE}: a YAML mapping of parameter names to values, read with the runbook's rules
 * ({@link YamlFile}: YAML 1.2, no aliases, no duplicate keys, {@code no} is a string). Scalars are handed on as
 * {@link Node.Scalar}s so that a string parameter receives its exact text.
 */
final class ParamsFile {
    /** What {@code show --params-template} writes for a required value without a default; never a value itself. */
    static final String PLACEHOLDER = "<REQUIRED>";

    private ParamsFile() {}

    /**
     * Refuses a template whose placeholders were not all replaced, naming every such parameter and its line at once;
     * one given on the command line ({@code -p}, {@code given}) wins over the file, so its placeholder does not count.
     */
    static void requireFilled(Path file, Map<String, Object> values, java.util.Set<String> given) throws IOException {
        java.util.List<String> open = new java.util.ArrayList<>();
        for (var e : values.entrySet()) {
            if (!given.contains(e.getKey()) && e.getValue() instanceof Node.Scalar s && PLACEHOLDER.equals(s.value())) {
                open.add(e.getKey() + " (line " + s.pos().line() + ")");
            }
        }
        if (open.isEmpty()) return;
        throw new IOException("--params " + file + ": " + (open.size() == 1 ? "parameter " + open.get(0) + " still holds"
                : open.size() + " parameters still hold") + " the template's placeholder " + PLACEHOLDER
                + (open.size() == 1 ? "" : ": " + String.join(", ", open))
                + "; put the value in its place, or give it with -p NAME=VALUE");
    }

    static Map<String, Object> read(Path file) throws IOException {
        Optional<Node> root;
        try {
            root = YamlFile.read(file, "a parameters file");
        } catch (YamlFile.Invalid e) {
            throw new IOException("--params " + e.getMessage(), e);
        }
        if (root.isEmpty()) return Map.of();
        if (!(root.get() instanceof Node.Mapping m)) {
            throw new IOException("--params " + file + ": expected a mapping of parameter names to values");
        }
        // scalars stay nodes, so a string parameter gets the text as written (ParamResolver.convert)
        for (String k : m.entries().keySet()) {
            // a file that is not a parameters file (--params /etc/shadow) is refused without quoting it
            if (!YamlFile.isParamName(k)) {
                var at = m.keyPos(k);
                throw new IOException("--params " + file + ":" + at.line() + ":" + at.column()
                        + ": this key is not a parameter name (letters, digits and '_'); the file's content is not shown");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> out.put(k, v instanceof Node.Scalar ? v : v.toPlain()));
        return out;
    }
}
