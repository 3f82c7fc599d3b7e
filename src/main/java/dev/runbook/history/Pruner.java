package dev.runbook.history;

import dev.runbook.journal.RunStore;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention: deletes the records of finished runs whose last event is older than a cut-off. Never deletes a run
 * that may still be continued or is still going ({@link RunSummary#unfinished()}), nor one whose journal fails its
 * hash-chain check: that record is evidence, and a person decides about it.
 */
public final class Pruner {
    public enum Verdict { DELETE, KEEP_UNFINISHED, KEEP_DAMAGED, KEEP_LEASED }

    /** A run old enough to prune, and what happens to it. */
    public record Decision(RunSummary run, Verdict verdict, String why) {}

    public record Outcome(List<Decision> deleted, List<Decision> kept, List<String> errors, boolean dryRun) {}

    /** How a run's record is deleted (its local folder by default; a team store deletes it there too). */
    public interface Deleter {
        void delete(String runId) throws IOException;

        /** Why a finished run must be kept all the same (a team store: a live lease names it), or empty. */
        default java.util.Optional<String> keep(String runId) {
            return java.util.Optional.empty();
        }
    }

    private final RunIndex index;
    private final Deleter deleter;

    public Pruner(RunIndex index) {
        this.index = index;
        this.deleter = id -> delete(index.storeOf(id), id);
    }

    public Pruner(RunIndex index, Deleter deleter) {
        this.index = index;
        this.deleter = deleter;
    }

    public List<Decision> plan(Duration olderThan, Instant now) {
        Instant cutoff = now.minus(olderThan);
        List<Decision> out = new ArrayList<>();
        for (RunSummary r : index.list(RunFilter.ALL)) {
            Instant last = r.lastEvent() != null ? r.lastEvent() : r.started();
            if (last == null || !last.isBefore(cutoff)) continue;
            if (r.unfinished()) {
                out.add(new Decision(r, Verdict.KEEP_UNFINISHED, r.integrity() == Integrity.UNREADABLE
                        ? "journal unreadable, so nobody can tell whether the run finished"
                        : r.finished() ? r.status() + ": it may still be resumed"
                        : "no recorded end: it may still be running, or be resumed"));
            } else if (r.integrity() != Integrity.INTACT) {
                out.add(new Decision(r, Verdict.KEEP_DAMAGED, "journal fails its hash-chain check; review it and delete it by hand"));
            } else {
                out.add(new Decision(r, Verdict.DELETE, r.status() + ", last event " + Texts.at(last)));
            }
        }
        return out;
    }

    public Outcome prune(Duration olderThan, Instant now, boolean dryRun) {
        List<Decision> deleted = new ArrayList<>();
        List<Decision> kept = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Decision d : plan(olderThan, now)) {
            if (d.verdict() != Verdict.DELETE) {
                kept.add(d);
                continue;
            }
            java.util.Optional<String> leased = deleter.keep(d.run().id());
            if (leased.isPresent()) {
                kept.add(new Decision(d.run(), Verdict.KEEP_LEASED, leased.get()));
                continue;
            }
            if (!dryRun) {
                try {
                    deleter.delete(d.run().id());
                } catch (IOException e) {
                    errors.add("cannot delete run " + d.run().id() + ": " + e.getMessage());
                    continue;
                }
            }
            deleted.add(d);
        }
        return new Outcome(List.copyOf(deleted), List.copyOf(kept), List.copyOf(errors), dryRun);
    }

    private static void delete(RunStore store, String id) throws IOException {
        if (!RunStore.isSafeId(id)) throw new IOException("unsafe run id");
        Path dir = store.runDir(id);
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
