package dev.runbook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built launcher ({@code ./runbook}) as a child process with stdin from /dev/null (no terminal) and an environment
 * made from scratch: nothing of the developer's AWS_* / AZURE_* variables, profiles or caches leaks into the run.
 */
final class Launcher {
    static final Path LAUNCHER = Path.of("runbook").toAbsolutePath();

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }

        List<JsonNode> events() {
            return Cli.parse(out.lines().toList());
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private final Path dir;
    final Map<String, String> env = new HashMap<>();
    private Path launcher = LAUNCHER;

    /** The same environment, another launcher (bench/diagnose interleaves runs of a baseline build with this one). */
    Launcher with(Path otherLauncher) {
        Launcher l = new Launcher(dir);
        l.env.clear();
        l.env.putAll(env);
        l.launcher = otherLauncher;
        return l;
    }

    Launcher(Path dir) {
        assertThat(Path.of("target/runbook/lib")).as("built by 'mvn package' before failsafe runs").isDirectory();
        this.dir = dir;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", dir.resolve("home").toString());
        env.put("RUNBOOK_STATE_DIR", dir.resolve("state").toString());
        // the start-up cache is an optimisation; building one in the background would outlive the test
        env.put("RUNBOOK_CACHE", "off");
        env.put("NO_COLOR", "1");
        env.put("LANG", "C.UTF-8");
        String javaHome = System.getProperty("java.home");
        if (javaHome != null) env.put("JAVA_HOME", javaHome);
    }

    Launcher env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("runbook did not finish within 90 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
