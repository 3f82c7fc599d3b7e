package dev.runbook.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code validate} judges a literal pattern without loading re2j ({@link Regex#check}); at run time re2j decides.
 * The two must agree, or a runbook would validate and then fail (or be refused although it would run).
 */
class RegexScreenTest {
    static final List<String> PATTERNS = List.of(
            "^ok$", "^[0-9]+$", "\\d+", "(?i)abc", "(?i:abc)d", "(?m)^x$", "(?s).", "(?U)a+", "(?-i)a", "(?im-s)a",
            "(?P<name>a)", "(?<name>a)", "(?:a|b)*", "a{2,5}", "a{1000}", "a{1001}", "a{2,1001}", "a{,3}", "{", "a{x}",
            "[[:alpha:]]+", "[^[:space:]]", "[a-z&&[^e]]", "[]a]", "[^]a]", "\\pL", "\\p{Lu}", "\\p{Greek}", "\\p{^Greek}",
            "\\PL", "\\P{Lu}", "\\p{IsGreek}", "\\p{javaLowerCase}", "\\p{InGreek}", "\\p{Lower}", "\\p{Any}",
            "\\Qa.b\\E", "\\Qa.b", "\\x41", "\\x{263a}", "\\u0041", "\\101", "\\0", "\\12", "\\8", "\\1", "(a)\\1",
            "\\k<n>", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "(?>a)", "(?#c)a", "a*+", "a++", "a?+", "a{2}+", "a**",
            "\\Z", "\\z", "\\A", "\\G", "\\R", "\\h", "\\X", "\\e", "\\cA", "\\C", "\\b\\B", "\\w\\W\\s\\S\\d\\D", "\\a\\f\\t\\n\\r\\v",
            "(?x)a b", "(?d)a", "(?u)a", "(?P=n)", "(?P>n)", "(", ")", "[", "]", "a)", "(a", "[a", "*a", "+", "?", "a||b", "|",
            "", "\\", "a\\", "x{2}{3}", "a{2}*", "a**b", "(?i)É", "[\\d-z]", "[a-\\d]", "[z-a]", "\\.\\*\\+", "a{0}",
            "(?P<n>a)(?P<n>b)", "(?i", "(?", "\\p", "\\p{", "[[:foo:]]", "[[=a=]]", "\\N{DIGIT ONE}", "^*", "$+");

    @Test
    void check_accepts_exactly_what_re2_compiles() {
        List<String> disagreements = new ArrayList<>();
        for (String p : PATTERNS) compare(p, disagreements);
        assertThat(disagreements).as(String.join("\n", disagreements)).isEmpty();
    }

    /** Random patterns over the characters that matter to regular-expression syntax. */
    @Test
    void check_agrees_with_re2_on_generated_patterns() {
        String alphabet = "ab()[]{}?*+|\\^$.:=!<>P-,0129dpLQEkz ";
        Random random = new Random(14);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int k = 0; k < n; k++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            compare(sb.toString(), disagreements);
        }
        assertThat(disagreements).as(String.join("\n", disagreements.subList(0, Math.min(60, disagreements.size())))).isEmpty();
    }

    private static void compare(String p, List<String> out) {
        boolean re2;
        try {
            com.google.re2j.Pattern.compile(p);
            re2 = true;
        } catch (com.google.re2j.PatternSyntaxException e) {
            re2 = false;
        }
        boolean screen;
        try {
            Regex.check(p, 0);
            screen = true;
        } catch (ExprException e) {
            screen = false;
        }
        if (re2 != screen) out.add(p + "  re2j " + (re2 ? "accepts" : "refuses") + ", check " + (screen ? "accepts" : "refuses"));
    }
}
