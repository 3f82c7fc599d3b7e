package dev.runbook.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void reads_the_documented_forms() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 1h30m ")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).contains(Duration.ofDays(2));
        assertThat(Durations.parse("1m5ms")).contains(Duration.ofMinutes(1).plusMillis(5));
        assertThat(Durations.parse("5")).isEmpty();
        assertThat(Durations.parse("m")).isEmpty();
        assertThat(Durations.parse("5 m")).isEmpty();
        assertThat(Durations.parse("5w")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
        assertThat(Durations.parse(null)).isEmpty();
        assertThat(Durations.parse("99999999999999999999s")).isEmpty();
        // fits a Duration but not a long of milliseconds: would fail at run time in toMillis()
        assertThat(Durations.parse("1000000000000d")).isEmpty();
        assertThat(Durations.parse("100000000d")).contains(Duration.ofDays(100_000_000));
    }

    @Test
    void a_duration_too_long_for_java_is_not_a_duration_rather_than_an_exception() {
        assertThat(Durations.parse("9999999999999999d")).isEmpty();
        assertThat(Durations.parse("9223372036854775807h")).isEmpty();
        assertThat(Durations.parse("9223372036854775807s1s")).isEmpty();
        assertThat(Durations.parse("9223372036854775807ms")).contains(Duration.ofMillis(Long.MAX_VALUE));
    }

    /** The hand-written parser reads exactly what the format's pattern, (\d+(ms|s|m|h|d))+, describes. */
    @Test
    void agrees_with_the_pattern_of_the_format() {
        Random random = new Random(7);
        String alphabet = "0123456789mshdx -";
        for (int round = 0; round < 50_000; round++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(8);
            for (int i = 0; i < len; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String s = b.toString();
            Optional<Duration> expected;
            try {
                expected = byPattern(s);
            } catch (ArithmeticException e) {
                continue;
            }
            assertThat(Durations.parse(s)).as("'%s'", s).isEqualTo(expected);
        }
    }

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");

    private static Optional<Duration> byPattern(String text) {
        String s = text.trim();
        if (!WHOLE.matcher(s).matches()) return Optional.empty();
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        while (m.find()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return Optional.of(total);
    }
}
