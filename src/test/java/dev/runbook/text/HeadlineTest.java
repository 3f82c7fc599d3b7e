package dev.runbook.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** review1 finding 2: a message made one line keeps its first non-blank detail line when its first line only leads in. */
class HeadlineTest {
    @Test
    void a_lead_in_ending_with_a_colon_keeps_the_first_non_blank_detail_line() {
        assertThat(Display.headline("caller identity not found in eu-west-1 (from AWS_REGION or the profile):\n"
                + "  The security token included in the request is invalid. (InvalidClientTokenId)\nRequest id: 1"))
                .isEqualTo("caller identity not found in eu-west-1 (from AWS_REGION or the profile): The security token included in the"
                        + " request is invalid. (InvalidClientTokenId)");
        assertThat(Display.headline("secretsmanager:DescribeSecret failed in eu-west-1:\n\n   \nUser is not authorized (AccessDenied)\nmore"))
                .isEqualTo("secretsmanager:DescribeSecret failed in eu-west-1: User is not authorized (AccessDenied)");
    }

    @Test
    void a_first_line_that_says_it_all_is_kept_alone_and_leading_blank_lines_are_skipped() {
        assertThat(Display.headline("no usable credential (sign-in refused)\nwith a second line")).isEqualTo("no usable credential (sign-in refused)");
        assertThat(Display.headline("\n\n  cannot connect to http://127.0.0.1:9/health  \n")).isEqualTo("cannot connect to http://127.0.0.1:9/health");
        assertThat(Display.headline("only a lead-in:")).isEqualTo("only a lead-in:");
        assertThat(Display.headline("  \n ")).isEmpty();
        assertThat(Display.headline(null)).isEmpty();
    }

    @Test
    void first_line_marks_that_more_followed() {
        assertThat(Display.firstLine("failed in eu-west-1:\nAccessDenied\nat line 3")).isEqualTo("failed in eu-west-1: AccessDenied …");
        assertThat(Display.firstLine("one line")).isEqualTo("one line");
        assertThat(Display.firstLine("lead:\ndetail")).isEqualTo("lead: detail");
    }
}
