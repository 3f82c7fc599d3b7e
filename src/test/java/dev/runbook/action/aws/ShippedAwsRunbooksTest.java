package dev.runbook.action.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Catalogue;
import dev.runbook.library.FileReport;
import dev.runbook.library.Validator;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The AWS runbooks translated from the seed procedures validate clean, strict, against the real catalogue. */
class ShippedAwsRunbooksTest {
    static final Validator VALIDATOR = new Validator(Catalogue.standard());

    @ParameterizedTest
    @ValueSource(strings = {"aws-database-backup", "aws-database-restore", "high-latency-aws", "aws-secret-rotation", "aws-scale-out"})
    void validates_clean(String name) {
        FileReport r = VALIDATOR.validate(Path.of("runbooks", name + ".yaml"), true);
        assertThat(r.diagnostics()).as(name).isEmpty();
    }
}
