package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.testing.Cli;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run behind the start-up cache must walk the clean validate path, not stop at the first error. */
class TrainingTest {
    @Test
    void training_runbooks_validate_clean_so_the_whole_check_path_is_archived(@TempDir Path work) throws Exception {
        Training.main(new String[] {work.toString()});
        Cli cli = new Cli(work, Map.of("NO_COLOR", "1"), Catalogue::standard);
        for (String dir : new String[] {"runbooks", "bulk"}) {
            Cli.Run r = cli.run("validate", "--strict", dir);
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        assertThat(cli.run("validate", "broken").exitCode()).isEqualTo(ExitCodes.FAILED);
        // the full YAML reader's path is trained too: a syntax error here, and runbooks/folded.yaml, which
        // FastYamlTest.the_training_run_exercises_both_readers keeps outside the fast reader's subset
        assertThat(cli.run("validate", "broken/syntax.yaml").out()).contains("RB001");
    }
}
