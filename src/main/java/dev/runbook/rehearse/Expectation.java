package dev.runbook.rehearse;

import java.time.Duration;
import java.util.List;

/**
 * The path a trainee should take: steps that must run or be skipped, gates to approve or refuse,
 * the outcome, and optionally the simulated time it should take at most ({@code within}, may be null).
 * An empty list means "no expectation".
 */
public record Expectation(Outcome outcome, List<String> run, List<String> skip, List<String> approve, List<String> refuse, Duration within) {
    public static final Expectation NONE = new Expectation(null, List.of(), List.of(), List.of(), List.of(), null);

    public Expectation {
        run = List.copyOf(run);
        skip = List.copyOf(skip);
        approve = List.copyOf(approve);
        refuse = List.copyOf(refuse);
    }
}
