package dev.runbook.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install tree built at {@code package} (target/runbook), exercised the way users run it: through
 * the launcher and in fresh JVMs whose class path is lib/ only. Unit tests run on Maven's flat class
 * path and cannot see a provider dependency missing from its folder; these tests can.
 */
class PackagedLayoutIT {
    static final Path HOME = Path.of(System.getProperty("runbook.home", "target/runbook")).toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final List<String> PROVIDERS = List.of("aws", "azure", "postgres");
    /** The team state store each provider folder carries (dev.runbook.state.<package>). */
    static final Map<String, String> STATE = Map.of("aws", "s3", "azure", "azblob", "postgres", "postgres");

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
        }
    }

    @Test
    void every_runtime_dependency_lands_in_lib_or_exactly_the_provider_folders_that_need_it() throws IOException {
        String classpath = Files.readString(Path.of(System.getProperty("runbook.classpath.file",
                "target/runtime-classpath.txt"))).trim();
        Set<String> needed = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString())
                .filter(n -> !n.startsWith("picocli-")) // rebuilt from its sources into lib/
                .collect(Collectors.toSet());
        Set<String> shipped = new java.util.HashSet<>(jarNames(HOME.resolve("lib")));
        for (String p : PROVIDERS) shipped.addAll(jarNames(HOME.resolve("providers").resolve(p)));

        assertThat(shipped).containsAll(needed);
        assertThat(jarNames(HOME.resolve("lib")))
                .as("start-up class path: the core and its small closure (re2j: the RE2 engine of matches(); commonmark: import/export), no SDK")
                .allMatch(n -> n.matches("(runbook|picocli|jackson-(core|databind|annotations)|snakeyaml-engine|jline|slf4j-(api|simple)|re2j|commonmark(-ext-gfm-tables)?)-?.*\\.jar"));
    }

    @Test
    void core_jar_holds_provider_metadata_but_no_provider_implementation() throws IOException {
        List<String> entries;
        try (ZipFile jar = new ZipFile(HOME.resolve("lib/runbook.jar").toFile())) {
            entries = jar.stream().map(e -> e.getName()).toList();
        }
        assertThat(entries).contains("dev/runbook/action/aws/AwsProvider.class",
                "dev/runbook/action/azure/AzureProvider.class", "dev/runbook/action/postgres/PostgresProvider.class");
        assertThat(entries).noneMatch(n -> n.startsWith("dev/runbook/action/aws/sdk/")
                || n.startsWith("dev/runbook/action/azure/sdk/") || n.startsWith("dev/runbook/action/postgres/impl/")
                || n.matches("dev/runbook/state/(s3|azblob|postgres)/.*"));
        assertThat(entries).contains("dev/runbook/state/ObjectStore.class", "dev/runbook/state/ObjectStoreFactory.class");
        for (String p : PROVIDERS) {
            try (ZipFile jar = new ZipFile(HOME.resolve("providers/" + p + "/runbook-" + p + ".jar").toFile())) {
                assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")))
                        .isNotEmpty()
                        .allMatch(n -> n.startsWith("dev/runbook/action/" + p + "/") || n.startsWith("dev/runbook/state/" + STATE.get(p) + "/"));
                if (STATE.containsKey(p)) {
                    assertThat(jar.stream().map(e -> e.getName())).anyMatch(n -> n.startsWith("dev/runbook/state/" + STATE.get(p) + "/"));
                }
            }
        }
    }

    /** jdeps sees every class a provider's code refers to, in method bodies too; none may be missing. */
    @Test
    void every_class_provider_code_refers_to_is_in_its_folder_or_lib() throws Exception {
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        for (String p : PROVIDERS) {
            Path folder = HOME.resolve("providers").resolve(p);
            String cp = Stream.concat(jars(HOME.resolve("lib")).stream(), jars(folder).stream())
                    .map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
            Run r = run(List.of(jdeps.toString(), "--multi-release", "17", "-verbose:class", "-cp", cp,
                    folder.resolve("runbook-" + p + ".jar").toString()), Map.of(), Duration.ofMinutes(2));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out().lines().filter(l -> l.contains("not found")))
                    .as("classes the %s provider needs but its folder lacks", p).isEmpty();
        }
    }

    /** In a JVM with lib/ only on the class path, each provider's factory loads and builds every action. */
    @Test
    void each_provider_factory_loads_from_its_folder_and_creates_every_action(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("Probe.java");
        Files.writeString(src, PROBE, StandardCharsets.UTF_8);
        String cp = jars(HOME.resolve("lib")).stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Drunbook.providers=" + HOME.resolve("providers"),
                "-cp", cp, src.toString()));
        cmd.addAll(PROVIDERS);
        Run r = run(cmd, Map.of(), Duration.ofMinutes(2));

        assertThat(r.exit()).as(r.toString()).isZero();
        for (String p : PROVIDERS) {
            assertThat(r.out()).as(r.toString()).containsPattern("(?m)^" + p + ": loader runbook-" + p + ", [1-9][0-9]* actions, [1-9][0-9]* classes resolved$");
            if (STATE.containsKey(p)) assertThat(r.out()).as(r.toString()).contains(p + ": state store dev.runbook.state." + STATE.get(p) + ".");
        }
    }

    /** What CI runs: the cache built at package time must map, or the JVM refuses to start (-Xshare:on / AOTMode=on). */
    @Test
    void launcher_runs_with_the_packaged_cache_forced_on(@TempDir Path tmp) throws Exception {
        Path runbooks = tmp.resolve("runbooks");
        Files.createDirectories(runbooks);
        Files.writeString(runbooks.resolve("svc-down.yaml"), RUNBOOK, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("RUNBOOK_CACHE", "require", "RUNBOOK_JAVA", JAVA,
                "XDG_CACHE_HOME", tmp.resolve("no-user-cache").toString());

        for (List<String> args : List.of(List.of("--help"), List.of("validate", runbooks.toString()),
                List.of("list"), List.of("show", "svc-down"), List.of("actions", "aws.ecs.update-service"))) {
            Run r = launcher(HOME.resolve("bin/runbook"), args, env, tmp);
            assertThat(r.exit()).as("%s\n%s", args, r).isZero();
            assertThat(r.err()).as("%s\n%s", args, r).isEmpty();
        }
    }

    @Test
    void launcher_without_a_cache_runs_silently_and_builds_one_for_the_next_run(@TempDir Path tmp) throws Exception {
        Path home = copyWithoutCache(tmp.resolve("home"));
        Path userCache = tmp.resolve("cache");
        Map<String, String> env = Map.of("RUNBOOK_JAVA", JAVA, "XDG_CACHE_HOME", userCache.toString());

        Run first = launcher(home.resolve("bin/runbook"), List.of("--version"), env, tmp);
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.out()).startsWith("runbook ");

        Path built = awaitCache(userCache.resolve("runbook"), Duration.ofMinutes(3));
        assertThat(built.getFileName().toString()).startsWith("runbook-").endsWith(Runtime.version().feature() >= 25 ? ".aot" : ".jsa");
        Run forced = launcher(home.resolve("bin/runbook"), List.of("--version"),
                Map.of("RUNBOOK_JAVA", JAVA, "XDG_CACHE_HOME", userCache.toString(), "RUNBOOK_CACHE", "require"), tmp);
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.err()).isEmpty();
    }

    /** A lock left by a killed background build must not stop the cache from ever being built. */
    @Test
    void launcher_takes_over_a_stale_lock_and_builds_the_cache(@TempDir Path tmp) throws Exception {
        Path home = copyWithoutCache(tmp.resolve("home"));
        Path userCache = tmp.resolve("cache");
        Path lock = Files.createDirectories(userCache.resolve("runbook/.lock"));
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofHours(1))));
        Map<String, String> env = Map.of("RUNBOOK_JAVA", JAVA, "XDG_CACHE_HOME", userCache.toString());

        Run first = launcher(home.resolve("bin/runbook"), List.of("--version"), env, tmp);
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.err()).isEmpty();

        awaitCache(userCache.resolve("runbook"), Duration.ofMinutes(3));
    }

    @Test
    void launcher_ignores_a_corrupt_cache_without_a_word(@TempDir Path tmp) throws Exception {
        Path home = copyWithoutCache(tmp.resolve("home"));
        // the name the launcher expects, from a first run that builds nothing (the user cache is off limits)
        Path cacheDir = home.resolve("cache");
        Files.createDirectories(cacheDir);
        Path userCache = tmp.resolve("cache");
        Map<String, String> env = Map.of("RUNBOOK_JAVA", JAVA, "XDG_CACHE_HOME", userCache.toString());
        launcher(home.resolve("bin/runbook"), List.of("--version"), env, tmp);
        Path built = awaitCache(userCache.resolve("runbook"), Duration.ofMinutes(3));
        Files.writeString(cacheDir.resolve(built.getFileName()), "not an archive\n".repeat(1000));

        Run r = launcher(home.resolve("bin/runbook"), List.of("validate", home.resolve("no-such-dir").toString()), env, tmp);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("no such file or folder").doesNotContain("cds", "aot", "warning", "Exception");
        assertThat(r.out()).isEmpty();
    }

    /**
     * A tree copied elsewhere (cp -r: new paths, new mtimes) must not keep pointing at the packaged AppCDS archive, which
     * the JVM refuses for it without a word: it builds its own in the background, and then the cache maps.
     */
    @Test
    void launcher_of_a_copied_install_tree_builds_a_cache_of_its_own_that_maps(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("copied");
        copy(HOME, home, List.of("bin", "lib", "cache"), false);
        Files.createDirectories(home.resolve("providers"));
        Path userCache = tmp.resolve("cache");
        Map<String, String> env = Map.of("RUNBOOK_JAVA", JAVA, "XDG_CACHE_HOME", userCache.toString());
        Map<String, String> forced = Map.of("RUNBOOK_JAVA", JAVA, "XDG_CACHE_HOME", userCache.toString(), "RUNBOOK_CACHE", "require");
        boolean appCds = Runtime.version().feature() < 25;

        if (appCds) {
            Run before = launcher(home.resolve("bin/runbook"), List.of("--version"), forced, tmp);
            assertThat(before.exit()).as("no cache of its own yet, and require says so\n%s", before).isNotZero();
            assertThat(before.err()).as(before.toString()).isNotEmpty();
        }
        Run first = launcher(home.resolve("bin/runbook"), List.of("--version"), env, tmp);
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.out()).startsWith("runbook ");
        if (appCds) {
            Path built = awaitCache(userCache.resolve("runbook"), Duration.ofMinutes(3));
            assertThat(Files.readString(built.resolveSibling(built.getFileName().toString().replace(".jsa", ".home"))).strip())
                    .isEqualTo(home.toString());
        }

        Run after = launcher(home.resolve("bin/runbook"), List.of("--version"), forced, tmp);
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.err()).isEmpty();
        // the original tree still maps its own archive
        Run original = launcher(HOME.resolve("bin/runbook"), List.of("--version"), forced, tmp);
        assertThat(original.exit()).as(original.toString()).isZero();
    }

    private static void copy(Path from, Path to, List<String> parts, boolean keepTimes) throws IOException {
        for (String part : parts) {
            Path src = from.resolve(part);
            if (!Files.exists(src)) continue;
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path dst = to.resolve(part).resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(dst);
                    else if (keepTimes) Files.copy(f, dst, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    else Files.copy(f, dst);
                }
            }
        }
    }

    private static Path copyWithoutCache(Path home) throws IOException {
        copy(HOME, home, List.of("bin", "lib"), true);
        Files.createDirectories(home.resolve("providers"));
        return home;
    }

    private static Path awaitCache(Path dir, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (Files.isDirectory(dir) && !Files.exists(dir.resolve(".lock"))) {
                try (Stream<Path> s = Files.list(dir)) {
                    List<Path> done = s.filter(f -> f.getFileName().toString().matches("runbook-.*\\.(jsa|aot)")).toList();
                    if (!done.isEmpty()) return done.get(0);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no cache was built in " + dir + " within " + limit);
    }

    private static Run launcher(Path script, List<String> args, Map<String, String> env, Path workDir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(args);
        Map<String, String> e = new HashMap<>(env);
        e.put("NO_COLOR", "1");
        return run(cmd, e, Duration.ofMinutes(1), workDir);
    }

    private static Run run(List<String> cmd, Map<String, String> env, Duration limit) throws Exception {
        return run(cmd, env, limit, Path.of("."));
    }

    private static Run run(List<String> cmd, Map<String, String> env, Duration limit, Path workDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("RUNBOOK_JAVA_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("runbook-it", ".out");
        Path err = Files.createTempFile("runbook-it", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static List<String> jarNames(Path dir) throws IOException {
        return jars(dir).stream().map(p -> p.getFileName().toString()).toList();
    }

    private static final String RUNBOOK = """
            runbook: svc-down
            title: Service answers 5xx
            severity: P1
            summary: The service answers 5xx.
            parameters:
              cluster: { type: string, default: prod }
            diagnose:
              - id: service
                uses: aws.ecs.describe-service
                with: { cluster: "${params.cluster}", service: api }
            resolve:
              - id: page
                uses: manual
                with: { instructions: "Page the owner of ${params.cluster}" }
            """;

    /** Run as a single-file program with lib/ only on the class path. */
    private static final String PROBE = """
            import dev.runbook.action.*;
            import java.nio.file.*;
            import java.util.zip.ZipFile;

            public class Probe {
                public static void main(String[] args) throws Exception {
                    Catalogue catalogue = Catalogue.standard();
                    for (String id : args) {
                        Provider provider = catalogue.providers().get(id);
                        ActionFactory factory = ProviderLoader.factory(provider);
                        ClassLoader loader = factory.getClass().getClassLoader();
                        int actions = 0;
                        for (ActionSpec spec : provider.specs()) {
                            if (factory.create(spec) == null) throw new AssertionError("no action for " + spec.name());
                            actions++;
                        }
                        int classes = 0;
                        Path jar = Path.of(System.getProperty("runbook.providers"), id, "runbook-" + id + ".jar");
                        try (ZipFile zip = new ZipFile(jar.toFile())) {
                            for (var e : java.util.Collections.list(zip.entries())) {
                                String n = e.getName();
                                if (!n.endsWith(".class")) continue;
                                Class<?> c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), true, loader);
                                c.getDeclaredMethods();
                                c.getDeclaredFields();
                                c.getDeclaredConstructors();
                                classes++;
                            }
                        }
                        System.out.println(id + ": loader " + loader.getName() + ", " + actions + " actions, " + classes + " classes resolved");
                        String store = switch (id) {
                            case "aws" -> "dev.runbook.state.s3.S3StoreFactory";
                            case "azure" -> "dev.runbook.state.azblob.BlobStoreFactory";
                            case "postgres" -> "dev.runbook.state.postgres.PgStoreFactory";
                            default -> null;
                        };
                        if (store == null) continue;
                        ClassLoader stateLoader = ProviderLoader.forProvider(id);
                        Object f = Class.forName(store, true, stateLoader).getDeclaredConstructor().newInstance();
                        if (!(f instanceof dev.runbook.state.ObjectStoreFactory)) throw new AssertionError(store + " is no ObjectStoreFactory");
                        if (f.getClass().getClassLoader() != stateLoader) throw new AssertionError(store + " came from the start-up class path");
                        System.out.println(id + ": state store " + store + " from " + stateLoader.getName());
                    }
                }
            }
            """;
}
