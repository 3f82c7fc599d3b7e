package dev.runbook.history;

import dev.runbook.journal.JournalException;
import dev.runbook.journal.JournalReader;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.RunOutcome;
import dev.runbook.journal.RunStore;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs in a {@link RunStore}, each summarised from its journal after the hash chain is verified. A damaged or
 * half-written journal becomes a summary that says so; it never stops the listing.
 */
public final class RunIndex {
    private static final DateTimeFormatter ID_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final RunStore store;
    /** Where rehearsals are kept (beside real runs, never mixed into them), or null for an index of one store. */
    private final RunStore rehearsals;

    public RunIndex(RunStore store) {
        this(store, null);
    }

    /** Real runs in {@code store} and rehearsals in {@code rehearsals}: listed, shown and reported alike. */
    public RunIndex(RunStore store, RunStore rehearsals) {
        this.store = store;
        this.rehearsals = rehearsals;
    }

    /** Every run id of both stores, newest first (an id starts with its start time). */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(store.runIds());
        if (rehearsals != null) ids.addAll(rehearsals.runIds());
        ids.sort(java.util.Comparator.reverseOrder());
        return ids;
    }

    /** The store holding run {@code id}. */
    public RunStore storeOf(String id) {
        return rehearsals != null && !store.exists(id) && rehearsals.exists(id) ? rehearsals : store;
    }

    public RunStore store() {
        return store;
    }

    /** Matching runs, newest first. */
    public List<RunSummary> list(RunFilter filter) {
        List<RunSummary> out = new ArrayList<>();
        for (String id : ids()) {
            RunSummary s = load(id).summary();
            if (filter.matches(s)) out.add(s);
        }
        out.sort((a, b) -> {
            Instant x = a.started(), y = b.started();
            if (x == null || y == null) return b.id().compareTo(a.id());
            int c = y.compareTo(x);
            return c != 0 ? c : b.id().compareTo(a.id());
        });
        return out;
    }

    /** The run with this id, or empty when the store holds no such run. */
    public Optional<RunRecord> find(String id) {
        if (!storeOf(id).exists(id)) return Optional.empty();
        return Optional.of(load(id));
    }

    /**
     * The run named as {@link RunIds} says: the full id, {@code last}, or a part of an id only one run has.
     *
     * @throws IllegalArgumentException when no run, or more than one, matches
     */
    public RunRecord resolve(String query) {
        return load(RunIds.resolve(ids(), query, store.root().toString()).orThrow());
    }

    RunRecord load(String id) {
        JournalReader.Contents c;
        try {
            c = JournalReader.read(storeOf(id).runDir(id), storeOf(id).journalKey(), storeOf(id).headRequired());
        } catch (JournalException e) {
            return new RunRecord(unreadable(id, 0, List.of(e.getMessage()), List.of()), Optional.empty());
        }
        return new RunRecord(summarize(id, c), Optional.of(c));
    }

    static RunSummary summarize(String id, JournalReader.Contents c) {
        RunEvent.RunStarted start = null;
        RunOutcome outcome = null;
        String message = null;
        List<String> resumedBy = new ArrayList<>();
        Instant started = null;
        Instant last = null;
        for (JournalReader.Entry e : c.entries()) {
            Instant ts = instant(e.ts());
            if (ts != null) last = ts;
            RunEvent ev = e.event();
            if (ev instanceof RunEvent.RunStarted s && start == null) {
                start = s;
                started = ts;
            } else if (ev instanceof RunEvent.RunResumed r) {
                outcome = null;
                message = null;
                resumedBy.add(String.valueOf(r.user()));
            } else if (ev instanceof RunEvent.RunFinished f) {
                outcome = f.outcome();
                message = f.message();
            }
        }
        if (start == null) {
            List<String> problems = new ArrayList<>(c.problems());
            problems.add("never started: nothing ran (the journal holds no run.start event)");
            return unreadable(id, c.entries().size(), problems, c.warnings());
        }
        Integrity integrity = c.intact() ? Integrity.INTACT : Integrity.BROKEN;
        return new RunSummary(id, start.runbook(), start.title(), start.mode(), started, last, Optional.ofNullable(outcome),
                message, start.user(), start.host(), resumedBy, start.incident(), start.severity(), start.responseTarget(),
                c.entries().size(), integrity, c.problems(), c.warnings());
    }

    /** What can still be told from the id alone ({@code yyyyMMdd-HHmmss-<runbook>-xxxx}). */
    private static RunSummary unreadable(String id, int events, List<String> problems, List<String> warnings) {
        Instant started = null;
        String runbook = "?";
        if (id.length() > 16) {
            try {
                started = LocalDateTime.parse(id.substring(0, 15), ID_STAMP).toInstant(ZoneOffset.UTC);
                String rest = id.substring(16);
                int dash = rest.lastIndexOf('-');
                runbook = dash > 0 ? rest.substring(0, dash) : rest;
            } catch (DateTimeParseException e) {
                started = null;
            }
        }
        return new RunSummary(id, runbook, null, "?", started, null, Optional.empty(), null, "?", "?", List.of(), null,
                null, null, events, Integrity.UNREADABLE, problems, warnings);
    }

    static Instant instant(String ts) {
        if (ts == null || ts.isEmpty()) return null;
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
