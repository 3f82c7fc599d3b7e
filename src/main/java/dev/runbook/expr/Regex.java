package dev.runbook.expr;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code matches()} with guards: java.util.regex backtracks, so patterns and inputs are size-limited and the
 * matcher reads its input through a counter that stops a runaway (catastrophic backtracking) search.
 */
final class Regex {
    static final int MAX_PATTERN = 200;
    static final int MAX_INPUT = 100_000;
    static final long MAX_STEPS = 5_000_000;

    private Regex() {}

    static Pattern compile(String pattern, int offset) throws ExprException {
        if (pattern.length() > MAX_PATTERN) {
            throw new ExprException("regular expression is " + pattern.length() + " characters long; the limit is "
                    + MAX_PATTERN, offset, "use a shorter pattern, or startsWith/endsWith/contains");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ExprException("invalid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""), offset,
                    "in a quoted string a backslash must be doubled ('\\\\d+'), or use a raw string r'\\d+'");
        }
    }

    /** Unanchored search, as CEL's matches(). */
    static boolean find(String input, Pattern pattern, int offset) throws ExprException {
        if (input.length() > MAX_INPUT) {
            throw new ExprException("matches() input is " + input.length() + " characters long; the limit is "
                    + MAX_INPUT, offset, null);
        }
        try {
            return pattern.matcher(new Counted(input)).find();
        } catch (TooExpensive e) {
            throw new ExprException("regular expression is too expensive on this input", offset,
                    "simplify the pattern (avoid nested repetition such as (a+)+)");
        }
    }

    private static final class TooExpensive extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooExpensive() {
            super(null, null, false, false);
        }
    }

    private static final class Counted implements CharSequence {
        private final String s;
        private long steps;

        Counted(String s) {
            this.s = s;
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) throw new TooExpensive();
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
