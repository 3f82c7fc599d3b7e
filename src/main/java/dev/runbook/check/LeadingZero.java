package dev.runbook.check;

import dev.runbook.model.Node;
import java.util.Optional;

/**
 * RB018: an unquoted number written with a leading zero ({@code 0755}, {@code 012345670123}) where a number is
 * expected. YAML 1.2 reads it as a decimal (755, not octal 493) and drops the zeros, which is rarely what was meant:
 * an account id, a file mode or a zip code wants quotes. Used by the binder (parameter defaults) and by
 * {@code ArgumentsRule} (action arguments), so the two say the same thing.
 */
public final class LeadingZero {
    private LeadingZero() {}

    /** [-+]? 0 [0-9]+: a decimal integer of YAML 1.2's core schema written with a leading zero. */
    static boolean leadingZero(String plain) {
        int k = plain.startsWith("-") || plain.startsWith("+") ? 1 : 0;
        if (plain.length() - k < 2 || plain.charAt(k) != '0') return false;
        for (int j = k; j < plain.length(); j++) {
            if (plain.charAt(j) < '0' || plain.charAt(j) > '9') return false;
        }
        return true;
    }

    /** The warning for {@code s} bound to a number as {@code what}, when it is written with a leading zero. */
    public static Optional<Diagnostic> check(Node.Scalar s, String what) {
        if (s.plain() == null || !(s.value() instanceof Long) || !leadingZero(s.plain())) return Optional.empty();
        return Optional.of(Diagnostic.of(Code.LEADING_ZERO, s.pos(),
                what + " is written " + s.plain() + ", which YAML reads as the number " + s.value() + " (the leading zero is dropped; it is not octal)",
                "quote it (\"" + s.plain() + "\") if the zeros matter, or write " + s.value() + " if the number is meant"
                        + (s.plain().matches("0[0-7]+") ? " (0o" + s.plain().substring(1) + " is YAML 1.2's octal)" : "")));
    }
}
