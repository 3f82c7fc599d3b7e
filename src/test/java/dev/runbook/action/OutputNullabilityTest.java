package dev.runbook.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the catalogue tells authors and what validate enforces are one fact: an output whose description says it may
 * be null is declared nullable (so RB047 holds texts that write it to a default), and a nullable output says so.
 */
class OutputNullabilityTest {
    static final Pattern SAYS_NULL = Pattern.compile("\\bnull\\b");

    @Test
    void every_output_that_may_be_null_is_declared_so_and_says_so() {
        List<String> undeclared = new ArrayList<>();
        List<String> unsaid = new ArrayList<>();
        assertThat(Catalogue.standard().specs()).as("every provider's actions are in the catalogue").hasSizeGreaterThanOrEqualTo(49);
        for (ActionSpec spec : Catalogue.standard().specs()) {
            for (OutputSpec o : spec.outputs()) {
                boolean says = SAYS_NULL.matcher(o.description()).find();
                boolean declared = o.nullable() || o.entriesNullable();
                if (says && !declared) undeclared.add(spec.name() + "." + o.name() + ": " + o.description());
                if (declared && !says) unsaid.add(spec.name() + "." + o.name() + ": " + o.description());
            }
        }
        assertThat(undeclared).as("outputs described as possibly null but not declared nullable (RB047 would miss them)").isEmpty();
        assertThat(unsaid).as("nullable outputs whose description does not say so").isEmpty();
    }
}
