package dev.runbook.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runbook.check.Diagnostic;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files crafted to exhaust memory or the stack are refused quickly, with a diagnostic, never an exception. */
class HostileInputTest {
    private static final Duration QUICK = Duration.ofSeconds(10);

    @Test
    void refuses_billion_laughs_at_the_first_anchor() {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) y.append(i == 0 ? "" : ",").append('*').append(p);
            y.append("]\n");
        }
        ParseResult r = assertTimeoutPreemptively(QUICK, () -> RunbookParser.parse("laughs.yaml", y.toString()));
        assertThat(r.runbook()).isEmpty();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RB004");
            assertThat(d.line()).isEqualTo(1);
        });
    }

    @Test
    void refuses_100k_deep_nesting() {
        String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        ParseResult r = assertTimeoutPreemptively(QUICK, () -> RunbookParser.parse("deep.yaml", deep));
        assertThat(r.runbook()).isEmpty();
        assertThat(r.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo("RB005");
    }

    @Test
    void refuses_deep_block_mappings() {
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < 200; i++) y.append("  ".repeat(i)).append("k").append(i).append(":\n");
        y.append("  ".repeat(200)).append("v\n");
        ParseResult r = assertTimeoutPreemptively(QUICK, () -> RunbookParser.parse("block.yaml", y.toString()));
        assertThat(r.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo("RB005");
    }

    @Test
    void refuses_a_50_mb_file_without_reading_it(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        byte[] line = "- this is filler text to make a very large file\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("items:\n".getBytes(StandardCharsets.UTF_8));
            for (long written = 0; written < 50L * 1024 * 1024; written += line.length) out.write(line);
        }
        ParseResult r = assertTimeoutPreemptively(QUICK, () -> RunbookParser.parse(big));
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RB005");
            assertThat(d.message()).contains("bytes");
        });
    }

    @Test
    void a_cut_short_or_overflowing_escape_is_a_syntax_error_at_the_escape() {
        // found by ParamsFileFuzzTest: SnakeYAML Engine let a NumberFormatException out of these
        for (String text : new String[] {"a: \"\\u", "a: 1\nb: \"x \\x", "a: 1\nb: \"\\UDEEEEEEE\"\n"}) {
            YamlReader.Result r = YamlReader.read("escape.yaml", text);
            assertThat(r.root()).as(text).isEmpty();
            assertThat(r.diagnostics()).as(text).singleElement().satisfies(d -> {
                assertThat(d.code()).isEqualTo("RB001");
                assertThat(d.message()).contains("escape");
                assertThat(d.line()).isEqualTo(text.startsWith("a: 1") ? 2 : 1);
            });
        }
    }

    @Test
    void refuses_text_just_over_the_limit() {
        String text = "a: \"" + "x".repeat(YamlReader.MAX_CHARS) + "\"\n";
        ParseResult r = RunbookParser.parse("long.yaml", text);
        assertThat(r.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo("RB005");
    }

    @Test
    void refuses_binary_garbage_as_unreadable(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bin.yaml");
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3});
        ParseResult r = RunbookParser.parse(f);
        assertThat(r.diagnostics()).singleElement().extracting(Diagnostic::code).isEqualTo("RB007");
    }

    @Test
    void survives_random_bytes_as_text() {
        java.util.Random rnd = new java.util.Random(42);
        String alphabet = "ab:-[]{}&*!|>'\"#\n \t%@`,?";
        for (int n = 0; n < 2000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(80);
            for (int i = 0; i < len; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            ParseResult r = RunbookParser.parse("fuzz.yaml", sb.toString());
            assertThat(r).isNotNull();
        }
    }
}
