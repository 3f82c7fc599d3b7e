package dev.runbook.model;

import java.time.Duration;
import java.util.Optional;

/** The format's durations: a sequence of number+unit, e.g. {@code 500ms}, {@code 30s}, {@code 1h30m}, {@code 2d}. */
public final class Durations {
    private Durations() {}

    /** A sequence of digits and a unit (ms, s, m, h, d), e.g. 1h30m; parsed by hand, as it is read for every step. */
    public static Optional<Duration> parse(String text) {
        if (text == null) return Optional.empty();
        String s = text.trim();
        if (s.isEmpty()) return Optional.empty();
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            if (i == start || i == s.length()) return Optional.empty();
            long n;
            try {
                n = Long.parseLong(s, start, i, 10);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            char unit = s.charAt(i++);
            boolean millis = unit == 'm' && i < s.length() && s.charAt(i) == 's';
            if (millis) i++;
            if (!millis && unit != 's' && unit != 'm' && unit != 'h' && unit != 'd') return Optional.empty();
            try {
                // too long for a Duration (minutes, hours and days multiply): not a duration, not an exception
                total = total.plus(millis ? Duration.ofMillis(n) : switch (unit) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
        // beyond what fits in a long of milliseconds (292 million years), toMillis() would throw later, at run time
        if (total.compareTo(MAX) > 0) return Optional.empty();
        return Optional.of(total);
    }

    private static final Duration MAX = Duration.ofMillis(Long.MAX_VALUE);

    /** Renders the shortest exact form: 90s -> "1m30s", 500ms -> "500ms". */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) sb.append(days).append('d');
        if (d.toHoursPart() > 0) sb.append(d.toHoursPart()).append('h');
        if (d.toMinutesPart() > 0) sb.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) sb.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) sb.append(d.toMillisPart()).append("ms");
        return sb.toString();
    }
}
