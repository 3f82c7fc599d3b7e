package dev.runbook.history;

import dev.runbook.model.Durations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A point in time on the command line: an age ({@code 7d}, {@code 12h}), a UTC date, or an ISO-8601 instant. */
public final class TimeSpec {
    private TimeSpec() {}

    /** @throws IllegalArgumentException saying which forms are accepted */
    public static Instant parse(String text, Instant now) {
        String s = text.trim();
        Optional<java.time.Duration> ago = Durations.parse(s);
        if (ago.isPresent()) return now.minus(ago.get());
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            // not a date; try an instant
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use an age like 7d or 12h, a date like 2025-01-31,"
                    + " or an instant like 2025-01-31T14:30:00Z");
        }
    }
}
