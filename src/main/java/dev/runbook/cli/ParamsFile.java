package dev.runbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --params FILE}: a YAML mapping of parameter names to values. */
final class ParamsFile {
    private ParamsFile() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws IOException {
        Object v;
        try {
            v = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Object.class);
        } catch (IOException e) {
            throw new IOException("--params " + file + ": " + e.getMessage().lines().findFirst().orElse("cannot read it"), e);
        }
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw new IOException("--params " + file + ": expected a mapping of parameter names to values");
        return new LinkedHashMap<>((Map<String, Object>) m);
    }
}
