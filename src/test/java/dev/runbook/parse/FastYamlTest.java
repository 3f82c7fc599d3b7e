package dev.runbook.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.runbook.model.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast reader must read every text it accepts exactly as the full (SnakeYAML) reader does: the same values
 * of the same Java types, the same positions, the same key order and the same duplicate-key diagnostics; and
 * it must accept nothing the full reader rejects. Checked on every YAML file in the project, on hand-picked
 * corner cases, and on many thousands of random mutations of the project's files.
 */
class FastYamlTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @Test
    void reads_every_shipped_runbook_and_scenario_itself() throws IOException {
        List<Path> shipped = yamlFiles(ROOT.resolve("runbooks"));
        assertThat(shipped).hasSizeGreaterThan(40);
        for (Path p : shipped) {
            String text = read(p);
            assertThat(FastYaml.whyNot(text)).as("%s is left to the full reader", p).isNull();
            assertSame(p.toString(), text);
        }
    }

    @Test
    void agrees_with_the_full_reader_on_every_yaml_file_in_the_project() throws IOException {
        int fast = 0;
        List<Path> all = new ArrayList<>(yamlFiles(ROOT.resolve("runbooks")));
        all.addAll(yamlFiles(ROOT.resolve("src/test/resources")));
        for (Path p : all) {
            if (assertSame(p.toString(), read(p))) fast++;
        }
        assertThat(fast).as("files the fast reader read").isGreaterThan(all.size() / 2);
    }

    @Test
    void reads_the_benchmark_runbooks_itself() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fastyaml");
        try {
            Process p = new ProcessBuilder("bash", ROOT.resolve("bench/gen-runbooks.sh").toString(), "3", dir.toString())
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor()).isZero();
            for (Path f : yamlFiles(dir)) {
                String text = read(f);
                assertThat(FastYaml.whyNot(text)).as(f.toString()).isNull();
                assertSame(f.toString(), text);
            }
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(f -> f.toFile().delete());
            }
            Files.delete(dir);
        }
    }

    /**
     * The start-up cache is trained on both readers: the training run's folded.yaml must stay outside the subset
     * (and clean, TrainingTest), every other training runbook inside it.
     */
    @Test
    void the_training_run_exercises_both_readers(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        dev.runbook.cli.Training.main(new String[] {tmp.toString()});
        for (Path f : yamlFiles(tmp.resolve("runbooks"))) {
            String why = FastYaml.whyNot(read(f));
            if (f.getFileName().toString().equals("folded.yaml")) {
                assertThat(why).as("%s is outside the subset", f).isNotNull();
            } else {
                assertThat(why).as("%s is in the subset", f).isNull();
            }
        }
    }

    /** Each case must be read by the fast reader (not left to the full one) and agree with the full one. */
    @ParameterizedTest
    @ValueSource(strings = {
        "a: 1\nb: -2\nc: 0\nd: 1.5\ne: -0.25\nf: 123456789012345678\n",
        "a: true\nb: False\nc: TRUE\nd: null\ne: ~\nf: Null\ng:\nh: NULL\n",
        "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: Yes\nh: OFF\n",
        "a: 5m\nb: 30s\nc: 1h\nd: 10 minutes\ne: 3 times\nf: 7 days\n",
        "a: http://x.example/health?q=1#frag\nb: a#b\nc: a #comment\nd: 'it''s'\ne: \"q\\\"uote\\\\ \\n\\t\\u00e9\"\n",
        "a: \"\"\nb: ''\nc: \"  padded  \"\nd: ' x '\ne: \"#not a comment\"\n",
        "\"quoted key\": 1\n'single': 2\nplain key with spaces: 3\nkey   : 4\n",
        "k:\n  - a\n  - b\n  -\n  - - x\n    - y\n  - k: v\n    k2: v2\n",
        "k:\n- a\n- b: 1\n  c: 2\nnext: 3\n",
        "k:\n- a\n-\nnext: 3\n",
        "k:   # comment\n  # another\n\n  sub: 1 # trailing\n\n# end\n",
        "# header\n---\nrunbook: x\n",
        "--- # a comment\nrunbook: x\n",
        "a: { b: 1, c: [x, y, 'z'], d: {}, e: [] }\nf: [ \"p\", q r, 3 ]\n",
        "a: {\n    b: 1,\n    c: [1,\n      2]\n  }\nnext: x\n",
        "a: [a, b] # c\nb: { x: 1 }   \n",
        "script: |\n  echo one\n  echo two\n\n  echo three\nnext: 1\n",
        "script: |-\n  echo one\n  echo two\n\n\nnext: 1\n",
        "script: |+\n  echo one\n\n\nnext: 1\n",
        "script: |\n    indented\n      more\n    back\n",
        "text: >\n  folded one\n  folded two\n\n  new para\n    more indented\n  back\nnext: 1\n",
        "text: >-\n  one\n  two\n",
        "text: >+\n  one\n  two\n\n",
        "s: |\n\n  after a blank\n",
        "s: |\n  a\n   \n  b\n",
        "s: |\nnext: 1\n",
        "s: |   # header comment\n  body\n",
        "list:\n  - run: |\n      echo a\n      echo b\n    then: x\n  - |\n    item text\n",
        "no-newline-at-end: value",
        "s: |\n  last line without newline",
        "a:\n  b:\n    c:\n      d: deep\n  e: back\n",
        "a:\n  \"v\"\nb:\n  plain\n",
        "a: -5k\nb: x-1\nc: 1.5.q\nd: v1.2\n",
        "a: value with :colon\nb: ends with colon:x\n",
        "key: \"${steps['scale-out'].before.desiredCount}\"\nother: ${params.x}\n",
        "é: ünïcödé\nb: 日本語\n",
        "dup: 1\nother: 2\ndup: 3\nnest: { a: 1, a: 2 }\n",
        "  indented: root\n  second: key\n",
        "a: [ ]\nb: { }\n",
        "a: 0\nb: -0\nc: 10.0\nd: 0.1\n",
        "guid: 11111111-2222-3333-4444-555555555555\nother: 8e3b0c44-298f\ndate: 2024-01-01\nts: 2024-01-01 10:00:00\nt: 12h30m\n",
        "ip: 10.0.0.1\nv: 1.2.3\na: 90d\nb: 7d\nc: 1.2.3-rc1\n",
        "a: 0000\nb: 017\nc: -017\nd: 0\n",
        // YAML 1.2 core schema: decimal with leading zeros, 0o/0x, floats in every form, .inf/.nan; the rest is text
        "a: 012345670123\nb: 017\nc: 0755\nd: 0o17\ne: 0x1F\nf: 0b101\ng: 1_000\nh: 12:30\n",
        "a: 1e3\nb: .5\nc: 1.\nd: +5\ne: -1E-5\nf: .inf\ng: -.Inf\nh: .NaN\ni: 3e\nj: +.5e+3\nk: 0x\nl: 0o8\n",
        "a: 9223372036854775807\nb: -9223372036854775808\nc: 0x7FFFFFFFFFFFFFFF\nd: 00000000000000000000001\n",
        "a: [1, 017, 0x10, .inf, ~, x]\n",
        "a: -a\nb: [-a, b-]\n",
        "a: multi\n  line plain\nb: x\n",
        "summary: one\n  two   \n\n  three\n\n\n  four # comment\nnext: 1\n",
        "list:\n  - first item\n    goes on\n  - k: v\n      more v\n    k2: w\n",
        "a:\n  own line\n  and more\nb: 1\n",
        "a: 1\n  2\nb: true\n  false\nc: x\n  y # c\n# between\nd: z\n",
        "a: ends at the end\n  of the file",
    })
    void reads_the_subset_exactly_as_the_full_reader(String text) {
        assertThat(FastYaml.whyNot(text)).as("left to the full reader").isNull();
        assertSame("case.yaml", text);
    }

    /** Outside the subset: the fast reader leaves these to the full reader (which reads or rejects them). */
    @ParameterizedTest
    @ValueSource(strings = {
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "? complex\n: key\n",
        "a: \"multi\n  line\"\n",
        "a: x # comment\n  more\n",
        "a: x\n  # comment\n  more\n",
        "a: x\n  - y\n",
        "a: x\n  b: y\n",
        "a:\tb\n",
        "a: b\r\nc: d\r\n",
        "a: 99999999999999999999\n",
        "a: [-]\n",
        "a: {b: -}\n",
        "a: \"x\"# comment\n",
        "a: [x]#c\n",
        "a: b: c\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: |2\n  x\n",
        "a: \"\\x41\"\n",
        "[a, b]\n",
        "plain root\n",
        "",
        "# only a comment\n",
        "a: [a, b,]\n",
        "a: {b}\n",
        "a:\n  - x\n  b: y\n",
        "a: 1\n  b: 2\n",
    })
    void leaves_the_rest_to_the_full_reader(String text) {
        assertThat(FastYaml.whyNot(text)).isNotNull();
        assertThat(YamlReader.read("case.yaml", text)).isEqualTo(YamlReader.readFull("case.yaml", text));
    }

    /** Inputs the full reader rejects or reads differently, which the fast reader once accepted. */
    @ParameterizedTest
    @ValueSource(strings = {
        "a: \"\\u\uFF10\uFF10e9\"\n", // fullwidth digits are hex digits to Character.digit, not to YAML
        "a: \"\\u00\uFF259\"\n",
        "\"\\u00e\u0669\": 1\n", // an Arabic-Indic digit
    })
    void leaves_what_the_full_reader_rejects_to_it(String text) {
        assertThat(YamlReader.readFull("case.yaml", text).root()).as("the full reader rejects it").isEmpty();
        assertThat(FastYaml.whyNot(text)).isNotNull();
        assertThat(YamlReader.read("case.yaml", text)).isEqualTo(YamlReader.readFull("case.yaml", text));
    }

    /** A flow-mapping key longer than SnakeYAML's 1024-character simple key is a syntax error for it. */
    @ParameterizedTest
    @ValueSource(ints = {1030, 1100})
    void leaves_long_flow_mapping_keys_to_the_full_reader(int length) {
        for (String text : List.of("a: {" + "k".repeat(length) + ": 1}\n", "a: {\"" + "k".repeat(length) + "\": 1, b: 2}\n")) {
            assertThat(YamlReader.readFull("case.yaml", text).root()).as("the full reader rejects it").isEmpty();
            assertThat(FastYaml.whyNot(text)).isNotNull();
        }
    }

    /**
     * Random edits of the project's YAML files (characters YAML cares about inserted and deleted, lines
     * re-indented, duplicated and swapped): whatever the fast reader accepts, the full reader must read the same.
     */
    @Test
    void agrees_with_the_full_reader_on_random_mutations() throws IOException {
        List<String> seeds = new ArrayList<>();
        for (Path p : yamlFiles(ROOT.resolve("runbooks"))) seeds.add(read(p));
        for (Path p : yamlFiles(ROOT.resolve("src/test/resources/parse"))) seeds.add(read(p));
        seeds.add("a: { b: 1, c: [x, 'y', \"z\"] }\ns: |\n  one\n\n  two\nt: >-\n  f\n  g\nl:\n- a\n- b: c\n  d: e\n");
        seeds.add("summary: a plain value\n  over lines\n\n  and a paragraph\nl:\n  - item\n    wrapped\n  - k: v\n      w\nlast: x\n");
        long seed = Long.getLong("fastyaml.seed", 20261122L);
        int rounds = Integer.getInteger("fastyaml.rounds", 12_000);
        Random random = new Random(seed);
        String[] tokens = {" ", "  ", "\n", ":", ": ", "-", "- ", "#", " #", "'", "\"", "|", ">", "|-", ">+", "[", "]", "{", "}",
            ",", "&", "*", "!", "?", "x", "1", "0", ".", "~", "\\", "\\n", "null", "true", "yes", "1.5", "5m", "  - ", "k: v",
            "é", "\t", "%", "@", "---", "...", "e3", "-1", "0x", "_"};
        int accepted = 0;
        for (int r = 0; r < rounds; r++) {
            String text = seeds.get(random.nextInt(seeds.size()));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) text = mutate(text, random, tokens);
            try {
                if (assertSame("m.yaml", text)) accepted++;
            } catch (AssertionError | RuntimeException failure) {
                fail("round " + r + " (seed " + seed + "):\n----\n" + text + "\n----\n" + failure.getMessage(), failure);
            }
        }
        // the comparison must not be vacuous: most mutations stay in the subset
        assertThat(accepted).as("mutations the fast reader read").isGreaterThan(rounds / 4);
    }

    private static String mutate(String text, Random random, String[] tokens) {
        if (text.isEmpty()) return tokens[random.nextInt(tokens.length)];
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int at = random.nextInt(text.length());
        switch (random.nextInt(7)) {
            case 0, 1 -> {
                return text.substring(0, at) + tokens[random.nextInt(tokens.length)] + text.substring(at);
            }
            case 2 -> {
                return text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(3)));
            }
            case 3 -> {
                int l = random.nextInt(lines.size());
                lines.set(l, " ".repeat(1 + random.nextInt(3)) + lines.get(l));
            }
            case 4 -> {
                int l = random.nextInt(lines.size());
                String s = lines.get(l);
                lines.set(l, s.startsWith("  ") ? s.substring(1 + random.nextInt(2)) : s);
            }
            case 5 -> {
                int l = random.nextInt(lines.size());
                lines.add(l, lines.get(l));
            }
            default -> {
                int l = random.nextInt(lines.size());
                if (l + 1 < lines.size()) {
                    String s = lines.get(l);
                    lines.set(l, lines.get(l + 1));
                    lines.set(l + 1, s);
                }
            }
        }
        return String.join("\n", lines);
    }

    /** Asserts agreement when the fast reader accepts {@code text}; returns whether it did. */
    private static boolean assertSame(String name, String text) {
        YamlReader.Result fast = FastYaml.read(name, text);
        if (fast == null) return false;
        YamlReader.Result full = YamlReader.readFull(name, text);
        assertThat(full.root()).as("the full reader rejects what the fast one accepted: %s", full.diagnostics()).isPresent();
        assertThat(describe(fast.root().get())).isEqualTo(describe(full.root().get()));
        assertThat(fast.diagnostics()).isEqualTo(full.diagnostics());
        assertThat(YamlReader.read(name, text)).isEqualTo(fast);
        return true;
    }

    /** Everything about a tree: values with their classes, positions, key order and key positions. */
    static String describe(Node node) {
        StringBuilder b = new StringBuilder();
        describe(node, b, "");
        return b.toString();
    }

    private static void describe(Node node, StringBuilder b, String indent) {
        b.append('@').append(node.pos().line()).append(':').append(node.pos().column()).append(' ');
        if (node instanceof Node.Scalar s) {
            Object v = s.value();
            b.append(v == null ? "null" : v.getClass().getSimpleName() + " " + escape(String.valueOf(v))).append('\n');
        } else if (node instanceof Node.Mapping m) {
            b.append("mapping\n");
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                var kp = m.keyPositions().get(e.getKey());
                b.append(indent).append("  key ").append(escape(e.getKey())).append(" @").append(kp.line()).append(':')
                        .append(kp.column()).append(" = ");
                describe(e.getValue(), b, indent + "  ");
            }
        } else {
            b.append("sequence\n");
            for (Node item : ((Node.Sequence) node).items()) {
                b.append(indent).append("  - ");
                describe(item, b, indent + "  ");
            }
        }
    }

    private static String escape(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "\"";
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static String read(Path p) {
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        } catch (java.nio.charset.CharacterCodingException e) {
            return ""; // a fixture that is not UTF-8 on purpose
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
