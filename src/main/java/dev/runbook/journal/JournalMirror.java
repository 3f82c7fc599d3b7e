package dev.runbook.journal;

/**
 * A second home for a journal's lines (a team state store). {@link Journal#append} hands it each journaled line
 * before writing the line locally; when the mirror cannot take it — the store says that sequence number is taken,
 * so another machine has continued the run — it throws a {@link JournalException} and the event is not written
 * anywhere: the run stops before whatever the event announced (a step's action is only called after its
 * {@code step.start} is journaled).
 */
public interface JournalMirror {
    /** Stores line {@code seq} (its JSON, without the newline) or throws a {@link JournalException} saying why not. */
    void append(long seq, String line);
}
