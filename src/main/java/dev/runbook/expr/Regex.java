package dev.runbook.expr;

import java.util.regex.PatternSyntaxException;

/**
 * {@code matches()} with RE2 semantics, as CEL specifies: {@code $} matches only at the very end (not before a
 * final newline), {@code (?i)} folds every Unicode letter, and matching takes linear time (no backtracking, so no
 * runaway search). The RE2 engine (re2j) is loaded only when a {@code matches()} is evaluated: {@link #check},
 * which {@code validate} uses on literal patterns, reads the pattern without it (loading it costs tens of
 * milliseconds, more than validating a runbook). {@code RegexScreenTest} holds {@link #check} to re2j's verdict.
 */
final class Regex {
    static final int MAX_PATTERN = 200;
    static final int MAX_INPUT = 100_000;

    private Regex() {}

    /** Unanchored search, as CEL's matches(). */
    static boolean find(String input, String pattern, int patternOffset, int offset) throws ExprException {
        checkLength(pattern, patternOffset);
        if (input.length() > MAX_INPUT) {
            throw new ExprException("matches() input is " + input.length() + " characters long; the limit is "
                    + MAX_INPUT, offset, null);
        }
        String error = Re2.find(input, pattern);
        if (error == null) return true;
        if (error.isEmpty()) return false;
        // re2j words some syntax errors as its own bug ("internal error: stack underflow" for an unmatched ')'
        // after a character class): say what is wrong with the pattern instead, as validate does
        if (error.contains("internal error")) {
            check(pattern, patternOffset);
            error = "RE2 cannot read it";
        }
        throw invalid(error, patternOffset);
    }

    /**
     * Whether RE2 accepts the pattern, decided without loading re2j: constructs RE2 refuses (look-around,
     * backreferences, possessive or atomic groups, Java-only escapes and flags) are reported here, and the rest is
     * read by java.util.regex after RE2's own spellings ({@code (?P<name>}, the {@code U} flag) are rewritten.
     */
    static void check(String pattern, int offset) throws ExprException {
        checkLength(pattern, offset);
        String refused = Re2Screen.refused(pattern);
        if (refused != null) throw invalid(refused, offset);
        try {
            java.util.regex.Pattern.compile(Re2Screen.asJava(pattern));
        } catch (PatternSyntaxException e) {
            throw invalid(e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""), offset);
        }
    }

    private static void checkLength(String pattern, int offset) throws ExprException {
        if (pattern.length() > MAX_PATTERN) {
            throw new ExprException("regular expression is " + pattern.length() + " characters long; the limit is "
                    + MAX_PATTERN, offset, "use a shorter pattern, or startsWith/endsWith/contains");
        }
    }

    private static ExprException invalid(String why, int offset) {
        return new ExprException("invalid regular expression: " + why, offset,
                "patterns are RE2 syntax (no look-around or backreferences); in a quoted string a backslash must be"
                        + " doubled ('\\\\d+'), or use a raw string r'\\d+'");
    }

    /** The only class that names re2j, so that nothing else links it. */
    private static final class Re2 {
        /** Null when found, "" when not found, else why the pattern is invalid. */
        static String find(String input, String pattern) {
            com.google.re2j.Pattern p;
            try {
                p = com.google.re2j.Pattern.compile(pattern);
            } catch (com.google.re2j.PatternSyntaxException e) {
                return e.getDescription() + (e.getPattern() == null || e.getPattern().isEmpty() ? "" : ": " + e.getPattern());
            }
            return p.matcher(input).find() ? null : "";
        }
    }
}
