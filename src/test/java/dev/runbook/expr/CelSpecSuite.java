package dev.runbook.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The conformance cases of the CEL specification (github.com/google/cel-spec, Apache-2.0), as published in the
 * npm package {@code @bufbuild/cel-spec} 0.6.1 (Apache-2.0, cel-spec v0.25.1). .ci/run installs the package into
 * {@code .ci/node}; nothing of it is committed. The package holds the cases as a JavaScript module of plain data
 * (each case's {@code original} is a cel.expr.conformance.test.SimpleTest in protobuf JSON), which {@code node}
 * turns into JSON here.
 */
final class CelSpecSuite {
    static final String PACKAGE = "@bufbuild/cel-spec@0.6.1";
    static final String MODULE = "node_modules/@bufbuild/cel-spec/dist/cjs/testdata/conformance.js";

    /** One case: its section path ("strings/matches"), name, expression, bindings and expected outcome. */
    record Case(String section, String name, String expr, JsonNode original) {
        String id() {
            return section + "/" + name;
        }
    }

    /** A value of a type the expression language does not have (uint, bytes, type, message, enum). */
    static final class Foreign extends Exception {
        private static final long serialVersionUID = 1L;

        Foreign(String kind) {
            super(kind);
        }
    }

    private CelSpecSuite() {}

    /** The installed module, or null. CEL_SPEC_DIR overrides the install folder (the one holding node_modules). */
    static Path module() {
        String dir = System.getenv("CEL_SPEC_DIR");
        Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.dir"), ".ci", "node");
        Path module = base.resolve(MODULE);
        return Files.isRegularFile(module) ? module : null;
    }

    /** Every case of the suite, in file order; null when node cannot be started. */
    static List<Case> load(Path module, Path scratch) throws IOException, InterruptedException {
        Path out = scratch.resolve("conformance.json");
        String script = "require('fs').writeFileSync(process.argv[2], JSON.stringify(require(process.argv[1]).tests))";
        Process p;
        try {
            p = new ProcessBuilder("node", "-e", script, module.toString(), out.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null; // no node
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("node failed: " + log);
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        List<Case> cases = new ArrayList<>();
        collect(root, "", cases);
        return cases;
    }

    private static void collect(JsonNode suite, String path, List<Case> out) {
        for (JsonNode t : suite.path("tests")) {
            JsonNode o = t.path("original");
            String name = o.hasNonNull("name") ? o.get("name").asText() : o.path("expr").asText();
            out.add(new Case(path, name, o.path("expr").asText(), o));
        }
        for (JsonNode s : suite.path("suites")) {
            String name = s.path("name").asText();
            collect(s, path.isEmpty() ? name : path + "/" + name, out);
        }
    }

    /** A cel.expr.Value in protobuf JSON as the interpreter's plain value. */
    static Object value(JsonNode v) throws Foreign {
        if (v.has("int64Value")) return Long.parseLong(v.get("int64Value").asText());
        if (v.has("doubleValue")) return number(v.get("doubleValue"));
        if (v.has("stringValue")) return v.get("stringValue").asText();
        if (v.has("boolValue")) return v.get("boolValue").asBoolean();
        if (v.has("nullValue")) return null;
        if (v.has("listValue")) {
            List<Object> list = new ArrayList<>();
            for (JsonNode e : v.get("listValue").path("values")) list.add(value(e));
            return list;
        }
        if (v.has("mapValue")) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (JsonNode e : v.get("mapValue").path("entries")) {
                Object key = value(e.get("key"));
                if (!(key instanceof String s)) throw new Foreign("map with " + Values.typeName(key) + " keys");
                map.put(s, value(e.get("value")));
            }
            return map;
        }
        if (v.has("bytesValue")) throw new Foreign("bytes");
        if (v.has("uint64Value")) throw new Foreign("uint");
        if (v.has("typeValue")) throw new Foreign("type");
        if (v.has("objectValue")) throw new Foreign("message");
        if (v.has("enumValue")) throw new Foreign("enum");
        throw new Foreign("value " + v);
    }


    private static double number(JsonNode n) {
        if (n.isNumber()) return n.asDouble();
        return switch (n.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(n.asText());
        };
    }
}
