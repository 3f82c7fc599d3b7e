package dev.runbook.parse;

import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;

/**
 * What a plain (unquoted) scalar means under the YAML 1.2 core schema (YAML 1.2.2, section 10.3.2): the one
 * place both readers ({@link FastYaml} and {@link EngineYaml}) type their plain scalars, so they cannot drift.
 *
 * <pre>
 * null   null | Null | NULL | ~ | (empty)
 * bool   true | True | TRUE | false | False | FALSE
 * int    [-+]? [0-9]+            (base 10: 017 is seventeen, 012345670123 keeps its value)
 *        0o [0-7]+               (base 8)
 *        0x [0-9a-fA-F]+         (base 16)
 * float  [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
 *        [-+]? ( \.inf | \.Inf | \.INF )
 *        \.nan | \.NaN | \.NAN
 * </pre>
 * Everything else is a string: YAML 1.1's {@code 0b101}, {@code 1_000}, {@code 1:30}, {@code yes} and {@code on}.
 * Checked by hand, not with regular expressions, because it runs on every scalar of every file at start-up.
 */
final class CoreScalars {
    /** An integer outside the 64-bit range: an error for the reader to report (never a silently rounded double). */
    static final Object OUT_OF_RANGE = new Object() {
        @Override
        public String toString() {
            return "<integer out of range>";
        }
    };

    private CoreScalars() {}

    /** null, Boolean, Long, Double, a String (the text itself), or {@link #OUT_OF_RANGE}. */
    static Object resolve(String v) {
        int len = v.length();
        if (len == 0) return null;
        char c = v.charAt(0);
        // most scalars are words: one look at the first character settles them
        if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == '~' || c == 'n' || c == 'N' || c == 't'
                || c == 'T' || c == 'f' || c == 'F')) {
            return v;
        }
        switch (v) {
            case "~", "null", "Null", "NULL" -> {
                return null;
            }
            case "true", "True", "TRUE" -> {
                return Boolean.TRUE;
            }
            case "false", "False", "FALSE" -> {
                return Boolean.FALSE;
            }
            case ".nan", ".NaN", ".NAN" -> {
                return Double.NaN;
            }
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf", "-.Inf", "-.INF" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        if (len > 2 && c == '0' && (v.charAt(1) == 'o' || v.charAt(1) == 'x')) {
            int radix = v.charAt(1) == 'o' ? 8 : 16;
            for (int k = 2; k < len; k++) {
                if (Character.digit(v.charAt(k), radix) < 0 || v.charAt(k) > 'f') return v;
            }
            return integer(v.substring(2), radix);
        }
        int k = c == '-' || c == '+' ? 1 : 0;
        int intDigits = digits(v, k);
        k += intDigits;
        if (k == len) return intDigits == 0 ? v : integer(v, 10);
        int fracDigits = 0;
        if (v.charAt(k) == '.') {
            fracDigits = digits(v, k + 1);
            k += 1 + fracDigits;
        }
        if (intDigits == 0 && fracDigits == 0) return v; // ".", "-.", "+.e5"
        if (k < len && (v.charAt(k) == 'e' || v.charAt(k) == 'E')) {
            k++;
            if (k < len && (v.charAt(k) == '-' || v.charAt(k) == '+')) k++;
            int exp = digits(v, k);
            if (exp == 0) return v;
            k += exp;
        }
        return k == len ? Double.parseDouble(v) : v;
    }

    /**
     * The node for a plain scalar written {@code text} at {@code at}: typed, keeping the text when the type is not
     * a string; null for an integer out of range.
     */
    static Node.Scalar node(String text, SourcePosition at) {
        Object v = resolve(text);
        if (v == OUT_OF_RANGE) return null;
        return new Node.Scalar(v, at, v instanceof String ? null : text);
    }

    private static int digits(String v, int from) {
        int k = from;
        while (k < v.length() && v.charAt(k) >= '0' && v.charAt(k) <= '9') k++;
        return k - from;
    }

    private static Object integer(String digits, int radix) {
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return OUT_OF_RANGE;
        }
    }
}
