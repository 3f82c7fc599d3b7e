package dev.runbook.history;

import dev.runbook.journal.JournalReader;
import java.util.Optional;

/** A run's summary together with its verified journal (empty when the journal could not be read at all). */
public record RunRecord(RunSummary summary, Optional<JournalReader.Contents> contents) {}
