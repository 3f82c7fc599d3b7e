package dev.runbook.library;

import dev.runbook.action.Catalogue;
import dev.runbook.check.Checker;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Runbook;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookLocator;
import dev.runbook.parse.RunbookParser;
import dev.runbook.rehearse.ScenarioFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Parses and checks runbook files and folders: the service behind {@code runbook validate}. */
public final class Validator {
    /** Below this many files one thread checks them all. */
    static final int PARALLEL_FROM = 32;
    static final int WINDOW_PER_THREAD = 8;

    private final Supplier<Catalogue> source;
    private Catalogue catalogue;
    private Checker checker;
    private final int threads;

    public Validator(Catalogue catalogue) {
        this(new Given(catalogue));
    }

    /** {@code threads}: at most this many files are checked at once (1: one after another). */
    public Validator(Catalogue catalogue, int threads) {
        this(new Given(catalogue), threads);
    }

    /**
     * A catalogue asked for only when the first file has been parsed, so a caller can build it on another
     * thread while the files are found and the first ones read (it costs ~10 ms at start-up).
     */
    public Validator(Supplier<Catalogue> catalogue) {
        this(catalogue, Integer.getInteger("runbook.validate.threads", Runtime.getRuntime().availableProcessors()));
    }

    public Validator(Supplier<Catalogue> catalogue, int threads) {
        this.source = catalogue;
        this.threads = Math.max(1, threads);
    }

    private record Given(Catalogue catalogue) implements Supplier<Catalogue> {
        @Override
        public Catalogue get() {
            return catalogue;
        }
    }

    /**
     * Runbooks read in this run that scenarios of the run are checked against, by absolute path: present if clean.
     * Only those are kept, so a large folder without scenarios holds no runbook in memory.
     */
    private final Map<Path, Optional<Runbook>> cleanRunbooks = new ConcurrentHashMap<>();
    private final Set<Path> withScenarios = ConcurrentHashMap.newKeySet();

    private Optional<Runbook> cleanRunbook(Path file) {
        return cleanRunbooks.computeIfAbsent(key(file), k -> ScenarioFiles.cleanRunbook(file, checker()));
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    private synchronized Catalogue catalogue() {
        if (catalogue == null) catalogue = source.get();
        return catalogue;
    }

    private synchronized Checker checker() {
        if (checker == null) checker = new Checker(catalogue());
        return checker;
    }

    /** Files named directly, and runbook and scenario files under folders (recursively). */
    public static List<Path> expand(List<Path> paths) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                RunbookLocator.Found found = RunbookLocator.walk(p);
                files.addAll(found.runbooks());
                files.addAll(found.scenarios());
            } else {
                files.add(p);
            }
        }
        return new ArrayList<>(files);
    }

    public ValidationReport validate(List<Path> files, boolean strict) {
        List<FileReport> reports = new ArrayList<>(files.size());
        validate(files, strict, reports::add);
        return new ValidationReport(reports);
    }

    /**
     * Checks {@code files} and hands each report to {@code sink} in the order given, on the calling thread.
     * Large batches are checked on every core, at most {@link #WINDOW_PER_THREAD} files per thread ahead of
     * the sink, so memory stays flat however many files there are.
     */
    public void validate(List<Path> files, boolean strict, Consumer<FileReport> sink) {
        for (Path f : files) {
            // scenarios/<runbook>/<file>, by the path's shape alone (no file system call per file)
            Path folder = f.getParent();
            Path above = folder == null ? null : folder.getParent();
            if (above != null && above.getFileName() != null && above.getFileName().toString().equals("scenarios")) {
                ScenarioFiles.runbookOf(f).ifPresent(rb -> withScenarios.add(key(rb)));
            }
        }
        int n = threads(files.size());
        if (n <= 1) {
            for (Path f : files) sink.accept(validate(f, strict));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "validate");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<FileReport>> ahead = new ArrayDeque<>();
            int next = 0;
            int window = n * WINDOW_PER_THREAD;
            while (next < files.size() && ahead.size() < window) ahead.add(submit(pool, files.get(next++), strict));
            while (!ahead.isEmpty()) {
                FileReport r = await(ahead.poll());
                if (next < files.size()) ahead.add(submit(pool, files.get(next++), strict));
                sink.accept(r);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Threads for a batch: one below {@link #PARALLEL_FROM} files (a pool's start-up would cost more than it saves). */
    int threads(int files) {
        if (files < PARALLEL_FROM) return 1;
        return Math.max(1, Math.min(threads, files / (PARALLEL_FROM / 2)));
    }

    private Future<FileReport> submit(ExecutorService pool, Path file, boolean strict) {
        return pool.submit(() -> validate(file, strict));
    }

    private static FileReport await(Future<FileReport> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("validation interrupted");
        } catch (ExecutionException e) {
            // the same exception a serial run would have thrown
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    public FileReport validate(Path file, boolean strict) {
        if (ScenarioFiles.isScenario(file)) {
            List<Diagnostic> all = new ArrayList<>(ScenarioFiles.validate(file, catalogue(), this::cleanRunbook));
            all.sort(Diagnostic.ORDER);
            return new FileReport(file, Optional.empty(), strict ? all.stream().map(Diagnostic::asError).toList() : all);
        }
        ParseResult parsed = RunbookParser.parse(file);
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        if (parsed.runbook().isPresent()) all.addAll(checker().check(parsed.runbook().get()));
        // the scenarios of this run that are checked against this runbook reuse this reading
        if (withScenarios.contains(key(file))) {
            cleanRunbooks.putIfAbsent(key(file), parsed.runbook().filter(rb -> all.stream().noneMatch(Diagnostic::isError)));
        }
        all.sort(Diagnostic.ORDER);
        List<Diagnostic> out = strict ? all.stream().map(Diagnostic::asError).toList() : all;
        return new FileReport(file, parsed.runbook(), out);
    }
}
