package dev.runbook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.Catalogue;
import dev.runbook.cli.RunbookCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Runs the real root command in-process, as {@code main} would, with captured streams, an environment of its own
 * (so secrets can come from --secret-env without touching the JVM's) and no terminal: the non-interactive path.
 */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(int code, String out, String err) {
        String all() {
            return out + err;
        }

        /** The JSON events of an {@code --output json} run. */
        List<JsonNode> events() {
            return parse(out.lines().toList());
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    final Map<String, String> env = new HashMap<>();
    final Path stateDir;

    Cli(Path stateDir) {
        this.stateDir = stateDir;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", stateDir.resolve("home").toString());
        env.put("RUNBOOK_STATE_DIR", stateDir.toString());
        env.put("NO_COLOR", "1");
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Outcome run(String... args) {
        RunbookCommand root = new RunbookCommand(Path.of(""), env, Catalogue::standard);
        CommandLine cl = RunbookCommand.commandLine(root, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** The journal of the only run kept in the state directory. */
    List<JsonNode> journal() {
        Path runs = stateDir.resolve("runs");
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> all = dirs.filter(Files::isDirectory).toList();
            if (all.size() != 1) throw new AssertionError("expected one run in " + runs + ", found " + all);
            return parse(Files.readAllLines(all.get(0).resolve("journal.jsonl")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            if (l.isBlank()) continue;
            try {
                out.add(JSON.readTree(l));
            } catch (IOException e) {
                throw new AssertionError("not a JSON event: " + l, e);
            }
        }
        return out;
    }

    /** Events of one type, optionally for one step. */
    static List<JsonNode> of(List<JsonNode> events, String type, String step) {
        return events.stream().filter(e -> e.path("type").asText().equals(type))
                .filter(e -> step == null || e.path("step").asText().equals(step)).toList();
    }

    static JsonNode one(List<JsonNode> events, String type, String step) {
        List<JsonNode> found = of(events, type, step);
        if (found.size() != 1) throw new AssertionError("expected one " + type + " event for " + step + ", found " + found);
        return found.get(0);
    }
}
