package dev.runbook.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.journal.EventCodec;
import dev.runbook.journal.RunEvent;
import dev.runbook.journal.StepStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private static final String PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\nab\n-----END PRIVATE KEY-----";

    @Test
    void masks_the_value_in_any_ascii_case() {
        Redactor r = new Redactor();
        r.add("Sup3rSecret");
        assertThat(r.redact("a Sup3rSecret b SUP3RSECRET c sup3rsecret")).isEqualTo("a *** b *** c ***");
        assertThat(r.containsSecret("x SUP3RSECRET")).isTrue();
    }

    @Test
    void every_line_of_a_multi_line_secret_is_masked_on_its_own_and_the_whole_at_once() {
        Redactor r = new Redactor();
        r.add(PEM);
        assertThat(r.redact("key:\n" + PEM + "\nend")).isEqualTo("key:\n***\nend");
        for (String line : PEM.lines().toList()) {
            if (line.length() >= Redactor.MIN_LENGTH) assertThat(r.redact("> " + line + " <")).isEqualTo("> *** <");
        }
        // a line shorter than the minimum is not masked inside text, where it would hide ordinary words
        assertThat(r.redact("about")).isEqualTo("about");
    }

    @Test
    void a_short_value_is_masked_only_as_a_whole_value_never_inside_text() {
        Redactor r = new Redactor();
        r.add("7");
        assertThat(r.redact("step 7 of 17")).isEqualTo("step 7 of 17");
        assertThat(r.redactWhole("7")).isEqualTo(Redactor.MASK);
        assertThat(r.redactValue(Map.of("pin", "7", "n", 7L))).isEqualTo(Map.of("pin", Redactor.MASK, "n", 7L));
    }

    @Test
    void a_cut_never_leaves_the_beginning_of_a_secret() {
        Redactor r = new Redactor();
        r.add("TOKEN-abcdefghij");
        String text = "x".repeat(95) + "TOKEN-abcdefghij and more";
        String cut = r.cut(text, 100);
        // redacted before the cut: the secret is masked whole, not half-shown
        assertThat(cut).isEqualTo("x".repeat(95) + "*** a");
        assertThat(r.cut("x".repeat(95) + "TOKEN-abcdefghij", 97)).isEqualTo("x".repeat(95) + "**");
        // text that arrives already cut (a buffer's end): the piece left is masked at either end
        assertThat(r.maskCutEnd("xxxx TOKEN-ab")).isEqualTo("xxxx " + Redactor.MASK);
        assertThat(r.maskCutStart("ghij yyyy")).isEqualTo(Redactor.MASK + " yyyy");
        assertThat(r.maskCutEnd("xxxx TO")).as("two characters are too common to mask").isEqualTo("xxxx TO");
    }

    @Test
    void overlapping_secrets_are_both_masked_completely() {
        Redactor r = new Redactor();
        r.add("abcdef");
        r.add("defghi");
        assertThat(r.redact("..abcdefghi..")).isEqualTo("..***..");
    }

    @Test
    void numbers_and_booleans_derived_from_a_secret_are_never_registered() {
        Redactor r = new Redactor();
        r.addStrings(Map.of("n", 12345L, "ok", true, "s", List.of("derived-value")));
        assertThat(r.redact("12345 true derived-value")).isEqualTo("12345 true ***");
    }

    @Test
    void a_journal_line_is_redacted_as_a_tree_so_a_short_secret_never_breaks_a_record() throws Exception {
        Redactor r = new Redactor();
        r.add("1");
        r.add("read");
        r.add("s3cr3t-value");
        Map<String, Object> outs = new LinkedHashMap<>();
        outs.put("pin", "1");
        outs.put("text", "the s3cr3t-value is here");
        outs.put("code", 1L);
        RunEvent e = new RunEvent.StepFinished("step-1", "diagnose", StepStatus.SUCCEEDED, outs, Map.of(), 1, "read", null, null, null);
        String line = EventCodec.line(1, Instant.EPOCH, null, e, r);
        JsonNode n = new ObjectMapper().readTree(line);
        assertThat(n.get("seq").asLong()).isEqualTo(1);
        assertThat(n.get("elapsedMs").asLong()).isEqualTo(1);
        assertThat(n.get("type").asText()).isEqualTo("step.end");
        assertThat(n.get("step").asText()).isEqualTo("step-1");
        assertThat(n.get("outputs").get("pin").asText()).isEqualTo("***");
        assertThat(n.get("outputs").get("text").asText()).isEqualTo("the *** is here");
        assertThat(n.get("outputs").get("code").asLong()).as("a derived number is never a secret").isEqualTo(1);
        assertThat(n.get("reason").asText()).isEqualTo("***");
        assertThat(EventCodec.event(n)).isInstanceOf(RunEvent.StepFinished.class);
        assertThat(EventCodec.redacted(e, r)).isInstanceOf(RunEvent.StepFinished.class);
    }

    @Test
    void a_secret_typed_as_a_number_is_masked_where_it_stands_as_a_value() throws Exception {
        Redactor r = new Redactor();
        r.add("482913");
        RunEvent e = new RunEvent.StepStarted("s", "diagnose", "t", "shell", "read", 1, Map.of("pin", 482913L));
        JsonNode n = new ObjectMapper().readTree(EventCodec.line(482913, Instant.EPOCH, null, e, r));
        assertThat(n.get("args").get("pin").asText()).isEqualTo("***");
        assertThat(n.get("seq").asLong()).isEqualTo(482913);
    }

    @Test
    void field_names_are_redacted_but_the_engine_vocabulary_is_kept() {
        Redactor r = new Redactor();
        r.add("hunter22");
        JsonNode tree = new ObjectMapper().valueToTree(Map.of("type", "hunter22", "fields", Map.of("hunter22", "x")));
        JsonNode out = r.redactTree(tree, Set.of("type"));
        assertThat(out.get("type").asText()).isEqualTo("hunter22");
        assertThat(out.get("fields").has("***")).isTrue();
    }

    @Test
    void a_redacting_stream_masks_whole_lines_written_byte_by_byte() throws Exception {
        Redactor r = new Redactor();
        r.add("abcdefgh");
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        try (RedactingOutputStream s = new RedactingOutputStream(sink, r)) {
            for (byte b : "log: abcd".getBytes()) s.write(b);
            s.write("efgh\n".getBytes());
        }
        assertThat(sink.toString()).isEqualTo("log: ***\n");
    }

    @Test
    void the_live_lines_own_carriage_return_is_never_redacted_but_text_around_it_is() throws Exception {
        Redactor r = new Redactor();
        String ls = dev.runbook.text.ControlChars.LINE_START;
        r.add(ls.substring(3, 9)); // a secret that happens to be a piece of the random number in it
        r.add("hunter22");
        java.io.StringWriter sink = new java.io.StringWriter();
        try (RedactingWriter w = new RedactingWriter(sink, r)) {
            w.write("step hunter22" + ls + "   " + ls + ls.substring(3, 9) + "\n");
        }
        assertThat(sink.toString()).isEqualTo("step ***" + ls + "   " + ls + "***\n");
    }
}
