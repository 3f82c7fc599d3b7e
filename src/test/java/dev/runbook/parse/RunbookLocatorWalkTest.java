package dev.runbook.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-walk search finds exactly what the two stream walks it replaced found, in the same order. */
class RunbookLocatorWalkTest {
    @Test
    void finds_what_the_stream_walks_found(@TempDir Path tmp) throws IOException {
        Path lib = tmp.resolve("lib");
        for (String f : List.of("a.yaml", "b.yml", ".hidden.yaml", "notes.txt", "sub/c.yaml", "sub/deeper/d.yaml",
                "scenarios/a/s1.yaml", "scenarios/a/s2.yml", "scenarios/loose.yaml", "scenarios/a/deep/x.yaml",
                "sub/scenarios/c/s3.yaml", ".git/e.yaml", "scenarios/b/.hidden.yaml")) {
            Path p = lib.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "runbook: x\n");
        }
        Files.createDirectories(lib.resolve("folder.yaml"));
        Files.createSymbolicLink(lib.resolve("link.yaml"), lib.resolve("a.yaml"));
        Files.createSymbolicLink(lib.resolve("linkdir"), lib.resolve("sub"));
        Files.createSymbolicLink(lib.resolve("scenarios/a/link.yaml"), lib.resolve("a.yaml"));
        Files.createSymbolicLink(lib.resolve("dangling.yaml"), lib.resolve("nowhere.yaml"));

        for (Path root : List.of(lib, lib.resolve("scenarios"), lib.resolve("scenarios/a"), lib.resolve("sub"),
                tmp.relativize(lib), lib.resolve("scenarios/a/.."))) {
            Path dir = root.isAbsolute() ? root : tmp.resolve(root);
            RunbookLocator.Found found = RunbookLocator.walk(dir);
            assertThat(found.runbooks()).as("runbooks under %s", root).isEqualTo(runbooksByStream(dir));
            assertThat(found.scenarios()).as("scenarios under %s", root).isEqualTo(scenariosByStream(dir));
        }
        assertThat(RunbookLocator.walk(lib).runbooks()).extracting(p -> lib.relativize(p).toString())
                .containsExactly(".git/e.yaml", "a.yaml", "b.yml", "link.yaml", "sub/c.yaml", "sub/deeper/d.yaml");
        assertThat(RunbookLocator.walk(lib).scenarios()).extracting(p -> lib.relativize(p).toString())
                .containsExactly("scenarios/a/link.yaml", "scenarios/a/s1.yaml", "scenarios/a/s2.yml", "sub/scenarios/c/s3.yaml");
    }

    // the implementations the walk replaced
    private static List<Path> runbooksByStream(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(f -> !underScenarios(dir, f)).filter(RunbookLocatorWalkTest::runbookFile).sorted().forEach(files::add);
        }
        return files;
    }

    private static List<Path> scenariosByStream(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(RunbookLocatorWalkTest::scenario).sorted().forEach(out::add);
        }
        return out;
    }

    private static boolean runbookFile(Path f) {
        String n = f.getFileName().toString();
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".") && Files.isRegularFile(f);
    }

    private static boolean scenario(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path folder = abs.getParent();
        Path scenarios = folder == null ? null : folder.getParent();
        return runbookFile(file) && scenarios != null && scenarios.getFileName() != null
                && scenarios.getFileName().toString().equals("scenarios");
    }

    private static boolean underScenarios(Path root, Path f) {
        Path rel = root.relativize(f);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            if (rel.getName(i).toString().equals("scenarios")) return true;
        }
        return false;
    }
}
