package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 8: at 80 columns (a terminal's width, or COLUMNS) list, actions, show, runs and runs show fit the
 * window, breaking lines between words with a hanging indent; piped without COLUMNS they keep whole lines.
 */
class NarrowScreensTest {
    static final Catalogue CATALOGUE = Catalogue.standard();

    @TempDir
    Path state;

    private Cli cli(Integer columns) {
        Map<String, String> env = new HashMap<>(Map.of("RUNBOOK_STATE_DIR", state.toString(), "NO_COLOR", "1"));
        if (columns != null) env.put("COLUMNS", columns.toString());
        return new Cli(Path.of(""), env, CATALOGUE);
    }

    static final List<List<String>> SCREENS = List.of(List.of("list"), List.of("actions"), List.of("actions", "http.check"),
            List.of("actions", "aws.rds.restore-cluster-to-point-in-time"), List.of("show", "service-down"),
            List.of("show", "aws-database-restore"), List.of("runs", "show", "last"));

    @Test
    void every_screen_fits_80_columns_and_keeps_every_word_whole() {
        Cli.Run rehearsal = cli(80).run("rehearse", "service-down", "--scenario", "restart-does-not-help", "--parallel", "1");
        assertThat(rehearsal.exitCode()).as(rehearsal.toString()).isZero();
        for (List<String> args : SCREENS) {
            Cli.Run wide = cli(null).run(args.toArray(String[]::new));
            Cli.Run narrow = cli(80).run(args.toArray(String[]::new));
            assertThat(narrow.exitCode()).as(args + "\n" + narrow).isZero();
            // before: 'list' printed "App Service high response times (" / "p95 > 1 s)" as one 86-character line
            // only a word wider than the window (a URL) overflows, alone on its line
            assertThat(narrow.out().lines()).as(args + "\n" + narrow.out()).allMatch(l -> l.length() <= 80 || l.strip().indexOf(' ') < 0);
            assertThat(words(narrow.out())).as(args + ": the same words, none cut").isEqualTo(words(wide.out()));
            assertThat(wide.out().lines().anyMatch(l -> l.length() > 80)).as(args + ": piped without COLUMNS, lines stay whole").isTrue();
        }
    }

    @Test
    void runs_at_80_columns_leaves_out_what_the_id_tells_and_never_cuts_the_id() {
        cli(80).run("rehearse", "service-down", "--scenario", "restart-does-not-help", "--parallel", "1");
        Cli.Run narrow = cli(80).run("runs");
        assertThat(narrow.out().lines()).as(narrow.out()).allMatch(l -> l.length() <= 80);
        assertThat(narrow.out()).containsPattern("\\d{8}-\\d{6}-service-down-rehearsal-[0-9a-f]{4}  ")
                .contains("OUTCOME", "rolled-back", "(narrow window: STARTED (UTC), RUNBOOK");
        Cli.Run wide = cli(200).run("runs");
        assertThat(wide.out()).contains("STARTED (UTC)", "OPERATOR").doesNotContain("narrow window");
    }

    @Test
    void a_default_too_wide_for_its_cell_is_shown_whole_below_the_row() {
        Cli.Run r = cli(80).run("show", "aws-scale-out", "--params");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines()).as(r.out()).allMatch(l -> l.length() <= 80);
        // before: "default fintech-api-ser…" and the value was nowhere on the screen
        assertThat(r.out()).contains("    default fintech-api-service\n");
        // every default of the runbook can be read whole
        for (String d : List.of("fintech-cluster", "fintech-api-service")) assertThat(r.out()).containsPattern("default " + d + "(\\s|$)");
    }

    @Test
    void an_action_default_is_shown_as_data_not_as_a_java_map() {
        Cli.Run r = cli(null).run("actions", "http.check");
        // before: "default {status=200}"
        assertThat(r.out()).contains("default {status: 200}").doesNotContainPattern("\\{[A-Za-z_]+=");
    }

    private static List<String> words(String s) {
        return List.of(s.strip().split("\\s+"));
    }
}
