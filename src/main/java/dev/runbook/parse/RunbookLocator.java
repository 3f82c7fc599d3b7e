package dev.runbook.parse;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds runbooks by name: {@code NAME.yaml} (or {@code .yml}) in {@code ./runbooks}, then in each folder of
 * {@code RUNBOOK_PATH}; a path to an existing file also works. The first folder that has a name wins.
 */
public final class RunbookLocator {
    public static final String ENV = "RUNBOOK_PATH";

    private final Path base;
    private final List<Path> searchPath;

    public RunbookLocator(List<Path> searchPath) {
        this(Path.of(""), searchPath);
    }

    /** {@code base} resolves a relative path given instead of a name. */
    public RunbookLocator(Path base, List<Path> searchPath) {
        this.base = base;
        this.searchPath = List.copyOf(searchPath);
    }

    /** {@code ./runbooks} relative to {@code workDir}, then the folders of {@code runbookPath} (may be null). */
    public static RunbookLocator standard(Path workDir, String runbookPath) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(workDir.resolve("runbooks"));
        if (runbookPath != null) {
            for (String part : runbookPath.split(File.pathSeparator)) {
                if (!part.isBlank()) dirs.add(workDir.resolve(part.trim()));
            }
        }
        return new RunbookLocator(workDir, dirs);
    }

    public static RunbookLocator fromEnvironment() {
        return standard(Path.of(""), System.getenv(ENV));
    }

    public List<Path> searchPath() {
        return searchPath;
    }

    /** A runbook by name or path. */
    public Optional<Path> find(String nameOrPath) {
        Path direct = base.resolve(nameOrPath);
        // a path that names something other than a file (a FIFO, a folder, a dangling link) is returned too, so that
        // reading it (InputFiles) says what it is rather than "no runbook named"
        if (looksLikePath(nameOrPath) && (Files.isRegularFile(direct) || InputFiles.present(direct))) return Optional.of(direct);
        for (Path dir : searchPath) {
            for (String ext : List.of(".yaml", ".yml")) {
                Path candidate = dir.resolve(nameOrPath + ext);
                if (Files.isRegularFile(candidate)) return Optional.of(candidate);
            }
        }
        return Files.isRegularFile(direct) ? Optional.of(direct) : Optional.empty();
    }

    /** Every runbook on the search path by id (file name without extension); earlier folders shadow later ones. */
    public Map<String, Path> all() {
        Map<String, Path> found = new LinkedHashMap<>();
        for (Path dir : searchPath) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(RunbookLocator::isRunbookFile).sorted().forEach(f -> found.putIfAbsent(idOf(f), f));
            } catch (IOException e) {
                // an unreadable folder on RUNBOOK_PATH is skipped, like a missing one
            }
        }
        return found;
    }

    /** Every runbook file under a folder, recursively, skipping rehearsal scenarios ({@code scenarios/}). */
    public static List<Path> filesUnder(Path dir) throws IOException {
        return walk(dir).runbooks();
    }

    /**
     * What a folder holds, found in one walk: runbook files (not under a {@code scenarios} folder) and scenario
     * files ({@code scenarios/<runbook>/<file>}), each sorted. {@code Files.walkFileTree} hands over each file's
     * attributes, so no file is looked at twice (the walk is on {@code validate}'s start-up path).
     */
    public record Found(List<Path> runbooks, List<Path> scenarios) {}

    public static Found walk(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        // the names of the folders around a file at depth 1 and 2, which lie outside the walk
        String rootName = abs.getFileName() == null ? null : abs.getFileName().toString();
        String aboveRoot = abs.getParent() == null || abs.getParent().getFileName() == null ? null
                : abs.getParent().getFileName().toString();
        List<Path> runbooks = new ArrayList<>();
        List<Path> scenarios = new ArrayList<>();
        List<String> folders = new ArrayList<>(); // from below dir down to the current folder
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            private int scenarioFolders;

            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir)) {
                    String name = d.getFileName().toString();
                    folders.add(name);
                    if (name.equals("scenarios")) scenarioFolders++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                if (!d.equals(dir) && folders.remove(folders.size() - 1).equals("scenarios")) scenarioFolders--;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String n = f.getFileName().toString();
                if (!(n.endsWith(".yaml") || n.endsWith(".yml")) || n.startsWith(".")) return FileVisitResult.CONTINUE;
                // a link counts as what it points to, as Files.isRegularFile has it
                if (!(attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(f))) {
                    // a FIFO would block the reader, a dangling link fails it: refuse the folder, naming the file
                    // (a dangling link or a folder named *.yaml is skipped, as before)
                    if (attrs.isOther() || attrs.isSymbolicLink() && Files.exists(f) && !Files.isDirectory(f)) {
                        var problem = InputFiles.problem(f, Long.MAX_VALUE, "a runbook");
                        if (problem.isPresent()) throw problem.get();
                    }
                    return FileVisitResult.CONTINUE;
                }
                int depth = folders.size();
                String grandparent = depth >= 2 ? folders.get(depth - 2) : depth == 1 ? rootName : aboveRoot;
                if ("scenarios".equals(grandparent)) scenarios.add(f);
                if (scenarioFolders == 0) runbooks.add(f);
                return FileVisitResult.CONTINUE;
            }
        });
        runbooks.sort(null);
        scenarios.sort(null);
        return new Found(runbooks, scenarios);
    }

    public static boolean isRunbookFile(Path f) {
        String n = f.getFileName().toString();
        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".") && Files.isRegularFile(f);
    }

    public static String idOf(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    private static boolean isUnderScenarios(Path root, Path f) {
        Path rel = root.relativize(f);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            if (rel.getName(i).toString().equals("scenarios")) return true;
        }
        return false;
    }

    private static boolean looksLikePath(String s) {
        return s.contains("/") || s.contains(File.separator) || s.endsWith(".yaml") || s.endsWith(".yml");
    }
}
