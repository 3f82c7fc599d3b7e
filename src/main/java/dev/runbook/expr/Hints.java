package dev.runbook.expr;

import dev.runbook.model.Names;
import java.util.Collection;

/** Shared wording for "what to do" hints. */
final class Hints {
    private Hints() {}

    static String didYouMean(String word, Collection<String> candidates) {
        return Names.closest(word, candidates).map(c -> "did you mean '" + c + "'?").orElse(null);
    }

    /**
     * When the name at {@code offset} is part of a word like {@code scale-out} written without spaces, the author
     * most likely meant a step id, which {@code -} (subtraction) splits; suggest index syntax. Null otherwise.
     * {@code target} is the source text the name was selected from, if known.
     */
    static String hyphen(String src, int offset, String target) {
        if (offset < 0 || offset >= src.length()) return null;
        int start = offset;
        while (start > 0 && isWordChar(src.charAt(start - 1))) start--;
        int end = offset;
        while (end < src.length() && isWordChar(src.charAt(end))) end++;
        while (start < end && src.charAt(start) == '-') start++;
        while (end > start && src.charAt(end - 1) == '-') end--;
        String word = src.substring(start, end);
        if (word.indexOf('-') < 0 || word.contains("--") || !Lexer.isIdentStart(word.charAt(0))) return null;
        if (target == null) {
            int t = start;
            if (t > 0 && src.charAt(t - 1) == '.') {
                t--;
                while (t > 0 && (Lexer.isIdentPart(src.charAt(t - 1)) || src.charAt(t - 1) == '.')) t--;
                target = src.substring(t, start - 1);
            }
        }
        String written = (target == null || target.isEmpty() ? "" : target) + "['" + word + "']";
        return "'-' is subtraction here; a name containing '-' needs index syntax: " + written;
    }

    private static boolean isWordChar(char c) {
        return Lexer.isIdentPart(c) || c == '-';
    }
}
