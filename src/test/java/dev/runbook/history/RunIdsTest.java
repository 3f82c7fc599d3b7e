package dev.runbook.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunIdsTest {
    static final List<String> IDS = List.of(
            "20261207-124510-service-down-rehearsal-87bf",
            "20261207-123826-service-down-d6af",
            "20261207-123825-service-down-7f9e",
            "20261206-090000-high-cpu-d6a0");

    private static String id(String query) {
        return RunIds.resolve(IDS, query, "/state").id().orElse(null);
    }

    @Test
    void takes_the_full_id_last_a_unique_suffix_prefix_or_substring() {
        assertThat(id("20261207-123826-service-down-d6af")).isEqualTo("20261207-123826-service-down-d6af");
        assertThat(id("last")).isEqualTo(IDS.get(0));
        assertThat(id("7f9e")).isEqualTo("20261207-123825-service-down-7f9e");
        assertThat(id("20261206")).isEqualTo("20261206-090000-high-cpu-d6a0");
        assertThat(id("high-cpu")).isEqualTo("20261206-090000-high-cpu-d6a0");
        assertThat(id("rehearsal")).isEqualTo(IDS.get(0));
    }

    @Test
    void an_ambiguous_part_lists_the_candidates_and_says_what_to_type() {
        RunIds.Resolved r = RunIds.resolve(IDS, "service-down", "/state");
        assertThat(r.id()).isEmpty();
        assertThat(r.problem()).contains("matches 3 runs", "20261207-123826-service-down-d6af", "last 4 characters");
    }

    @Test
    void a_prefix_is_preferred_to_a_substring_so_the_date_of_one_run_names_it() {
        // "d6a" is inside two ids (d6af, d6a0) but ends none and starts none: ambiguous
        assertThat(RunIds.resolve(IDS, "d6a", "/s").problem()).contains("matches 2 runs");
        assertThat(id("d6a0")).isEqualTo("20261206-090000-high-cpu-d6a0");
    }

    @Test
    void nothing_found_names_the_place_and_the_latest_run() {
        RunIds.Resolved r = RunIds.resolve(IDS, "zzzz", "/state");
        assertThat(r.problem()).contains("no run 'zzzz' in /state", "latest: " + IDS.get(0), "'last'");
        assertThat(RunIds.resolve(List.of(), "last", "/state").problem()).isEqualTo("no runs yet in /state");
    }
}
