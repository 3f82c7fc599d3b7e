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
 * ({@link YamlFile}: no aliases, no duplicate keys, {@code no} is a string).
 */
final class ParamsFile {
    private ParamsFile() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws IOException {
        Optional<Node> root;
        try {
            root = YamlFile.read(file);
        } catch (YamlFile.Invalid e) {
            throw new IOException("--params " + e.getMessage(), e);
        }
        if (root.isEmpty()) return Map.of();
        if (!(root.get() instanceof Node.Mapping m)) {
            throw new IOException("--params " + file + ": expected a mapping of parameter names to values");
        }
        return new LinkedHashMap<>((Map<String, Object>) m.toPlain());
    }
}
