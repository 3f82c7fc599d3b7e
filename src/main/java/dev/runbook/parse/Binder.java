package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Durations;
import dev.runbook.model.Names;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The positioned binding primitives every file of the project is bound with: runbooks ({@link RunbookBinder}),
 * scenarios and {@code --answers} files ({@link AnswersBinding}). Each primitive reads one field, and on bad
 * input records a {@link Diagnostic} at the value (or at the key) and returns null, so one pass reports every
 * problem: required ids, text, durations, enumerations, mappings, lists, unknown fields with "did you mean".
 * One class, so that the three files cannot drift apart on what a field accepts or how a problem is said.
 */
public class Binder {
    private final List<Diagnostic> out = new ArrayList<>();

    /** Everything reported so far, in order. */
    public List<Diagnostic> diagnostics() {
        return out;
    }

    public void error(Code code, SourcePosition at, String message, String hint) {
        out.add(Diagnostic.of(code, at, message, hint));
    }

    public void add(Diagnostic d) {
        out.add(d);
    }

    /** Each key of {@code m} not in {@code known}: an error at the key, with {@code special}'s hint or the closest field. */
    public void unknownFields(Node.Mapping m, Collection<String> known, String what, Function<String, String> special) {
        for (String key : m.entries().keySet()) {
            if (known.contains(key)) continue;
            String hint = special.apply(key);
            if (hint == null) hint = didYouMean(key, known).orElse("known fields: " + String.join(", ", known));
            error(Code.UNKNOWN_FIELD, m.keyPos(key), "unknown field '" + key + "' in " + what, hint);
        }
    }

    /** A required id ({@code [a-z][a-z0-9]*(-[a-z0-9]+)*}); a malformed one is reported and still returned. */
    public String requiredId(Node.Mapping m, String field, String what) {
        Node n = m.get(field);
        if (n == null) {
            error(Code.MISSING_FIELD, m.pos(), "the " + what + " has no '" + field + "'",
                    "add '" + field + ": <id>' (lowercase letters, digits and '-')");
            return null;
        }
        String s = string(n, field);
        if (s == null) return null;
        if (!isId(s)) {
            error(Code.BAD_ID, n.pos(), "'" + s + "' is not a valid " + what + " id",
                    "use lowercase letters, digits and single '-', starting with a letter: '"
                            + s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^[^a-z]+|-$", "") + "'");
        }
        return s;
    }

    /** A field that must be there and be a string. */
    public String requiredString(Node.Mapping m, String field, String what, String hint) {
        Node n = m.get(field);
        if (n == null) {
            error(Code.MISSING_FIELD, m.pos(), what + " has no '" + field + "'", hint);
            return null;
        }
        return string(n, field);
    }

    /** Required free text. */
    public String requiredText(Node.Mapping m, String field, String what) {
        if (m.get(field) == null) {
            error(Code.MISSING_FIELD, m.pos(), "the " + what + " has no '" + field + "'", "add '" + field + ": ...'");
            return null;
        }
        return text(m, field);
    }

    /** Free text: any scalar, read as written ({@code title: 1.10} is "1.10"); null when the field is absent. */
    public String text(Node.Mapping m, String field) {
        Node n = m.get(field);
        if (n == null) return null;
        if (n instanceof Node.Scalar s && s.value() != null) return s.text();
        error(Code.WRONG_TYPE, n.pos(), "'" + field + "' must be text, found " + describe(n),
                n instanceof Node.Scalar ? "write some text or remove the field" : "quote the text if it contains ': ' or starts with '{' or '['");
        return null;
    }

    /** A string value (not a number or boolean: those are reported with a hint to quote). */
    public String string(Node n, String field) {
        if (n instanceof Node.Scalar s && s.value() instanceof String str) return str;
        error(Code.WRONG_TYPE, n.pos(), "'" + field + "' must be a string, found " + describe(n),
                n instanceof Node.Scalar s && s.value() != null ? "quote it: \"" + s.text() + "\"" : null);
        return null;
    }

    /** A duration ({@code 30s}, {@code 5m}, {@code 1h30m}); a bare number is reported as missing its unit. */
    public Duration duration(Node.Mapping m, String field) {
        Node n = m.get(field);
        if (n == null) return null;
        if (n instanceof Node.Scalar s && s.value() instanceof Long l) {
            error(Code.BAD_DURATION, n.pos(), "'" + field + "' needs a unit: " + l + " of what?", "write " + l + "s, " + l + "m or " + l + "h");
            return null;
        }
        String text = string(n, field);
        if (text == null) return null;
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty()) {
            error(Code.BAD_DURATION, n.pos(), "'" + field + "' is not a duration: '" + text + "'",
                    "write a number and a unit: 500ms, 30s, 5m, 1h, 1h30m, 2d");
            return null;
        }
        return d.get();
    }

    /** One of an enumeration, by its id; a near miss gets "did you mean". */
    public <E> E enumValue(Node.Mapping m, String field, Function<String, Optional<E>> parse, E[] values, Function<E, String> id) {
        Node n = m.get(field);
        if (n == null) return null;
        String s = string(n, field);
        if (s == null) return null;
        Optional<E> v = parse.apply(s);
        if (v.isPresent()) return v.get();
        List<String> ids = Arrays.stream(values).map(id).toList();
        error(Code.BAD_VALUE, n.pos(), "'" + field + "' must be one of " + String.join(", ", ids) + ", found '" + s + "'",
                didYouMean(s, ids).orElse(null));
        return null;
    }

    /** One of a list of words (an answer); a near miss gets "did you mean". */
    public String word(Node n, String field, List<String> allowed) {
        String s = string(n, field);
        if (s == null || allowed.contains(s)) return s;
        error(Code.BAD_VALUE, n.pos(), "'" + field + "' must be one of " + String.join(", ", allowed) + ", found '" + s + "'",
                didYouMean(s, allowed).orElse(null));
        return null;
    }

    /** A mapping, or null (nothing written, or written empty); anything else is reported. */
    public Node.Mapping mapping(Node n, String field, String hint) {
        if (n == null) return null;
        if (n instanceof Node.Scalar s && s.value() == null) return null;
        if (n instanceof Node.Mapping m) return m;
        error(Code.WRONG_TYPE, n.pos(), "'" + field + "' must be a mapping, found " + describe(n), hint);
        return null;
    }

    /** The items of a list; nothing for an absent or empty field; anything else is reported. */
    public List<Node> sequence(Node node, String field) {
        if (node == null) return List.of();
        if (node instanceof Node.Sequence s) return s.items();
        if (node instanceof Node.Scalar s && s.value() == null) return List.of();
        error(Code.WRONG_TYPE, node.pos(), "'" + field + "' must be a list, found " + describe(node), "write each item on its own line as '- item'");
        return List.of();
    }

    /** true or false; false when absent. */
    public boolean bool(Node.Mapping m, String field) {
        Node n = m.get(field);
        if (n == null) return false;
        if (n instanceof Node.Scalar s && s.value() instanceof Boolean b) return b;
        error(Code.WRONG_TYPE, n.pos(), "'" + field + "' must be true or false, found " + describe(n), null);
        return false;
    }

    /** An id: [a-z][a-z0-9]*(-[a-z0-9]+)* (checked by hand: regular expressions are slow before the JIT warms up). */
    public static boolean isId(String s) {
        if (s.isEmpty() || !lower(s.charAt(0))) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-') {
                if (i + 1 == s.length() || s.charAt(i + 1) == '-') return false;
            } else if (!lower(c) && !digit(c)) {
                return false;
            }
        }
        return true;
    }

    static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    public static Optional<String> didYouMean(String word, Collection<String> candidates) {
        return Names.closest(word, candidates).map(c -> "did you mean '" + c + "'?");
    }

    public static String describe(Node n) {
        if (n instanceof Node.Mapping) return "a mapping";
        if (n instanceof Node.Sequence) return "a list";
        Node.Scalar s = (Node.Scalar) n;
        Object v = s.value();
        if (v == null) return "nothing (null)";
        if (v instanceof String str) return "'" + (str.length() > 40 ? str.substring(0, 37) + "..." : str) + "'";
        if (v instanceof Boolean) return "the boolean " + v;
        return "the number " + s.text();
    }
}
