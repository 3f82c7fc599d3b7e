package dev.runbook.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Masks every known secret value with {@value #MASK} in anything about to be written: the terminal, the journal,
 * JSON output, error messages. It works on values, never on serialized text: a JSON event is redacted as a tree of
 * strings before it is written, so a secret can never turn {@code "seq":1} into {@code "seq":***}.
 *
 * <p>What is registered: the value; each of its lines (stripped) of at least {@value #MIN_LENGTH} characters, so a
 * multi-line secret (a PEM key) printed line by line is masked line by line; and its JSON-escaped form. Matching
 * ignores ASCII case, so {@code lowerAscii()} or a program's {@code tr a-z A-Z} of a secret is masked too. A value
 * shorter than {@value #MIN_LENGTH} characters (only ever a derived one: the command line refuses short secrets) is
 * masked only where it is a whole string value, never inside text, where it would hide ordinary words.
 *
 * <p>The set only grows, and is thread-safe: readers see an immutable snapshot.
 */
public final class Redactor {
    public static final String MASK = "***";
    /** The shortest secret accepted, and the shortest piece of one masked inside text. */
    public static final int MIN_LENGTH = 4;
    /**
     * A cut (a value shortened to fit) masks a secret's beginning left at its end from this many characters: a
     * lone character matching a secret's first is too common to hide.
     */
    static final int MIN_CUT_PIECE = 3;

    /** The registered values, ASCII-lowercased: {@code pieces} are masked anywhere, {@code whole} only as whole values. */
    private record Snapshot(List<String> pieces, Set<String> whole) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Set.of());
    }

    private volatile Snapshot snap = Snapshot.EMPTY;

    /** Registers a secret value (and its lines and escaped form, see the class comment). */
    public synchronized void add(String value) {
        if (value == null || value.isEmpty()) return;
        Set<String> pieces = new LinkedHashSet<>(snap.pieces());
        Set<String> whole = new HashSet<>(snap.whole());
        register(value, pieces, whole);
        String stripped = value.strip();
        if (!stripped.isEmpty() && !stripped.equals(value)) register(stripped, pieces, whole);
        String escaped = jsonEscaped(value);
        if (!escaped.equals(value)) register(escaped, pieces, whole);
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            for (String line : value.split("\r\n|\r|\n")) {
                String l = line.strip();
                if (l.length() >= MIN_LENGTH) register(l, pieces, whole);
            }
        }
        if (pieces.size() == snap.pieces().size() && whole.size() == snap.whole().size()) return;
        snap = new Snapshot(List.copyOf(pieces), Set.copyOf(whole));
    }

    /** Registers every string in a value tree (numbers and booleans never: they would mask digits everywhere). */
    public void addStrings(Object value) {
        if (value instanceof String s) {
            add(s);
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(this::addStrings);
        } else if (value instanceof List<?> l) {
            l.forEach(this::addStrings);
        }
    }

    private static void register(String s, Set<String> pieces, Set<String> whole) {
        String low = lowerAscii(s);
        if (s.length() >= MIN_LENGTH) pieces.add(low);
        else whole.add(low);
    }

    public boolean isEmpty() {
        Snapshot s = snap;
        return s.pieces().isEmpty() && s.whole().isEmpty();
    }

    /** True when the text contains a registered secret (or is a short one). */
    public boolean containsSecret(String text) {
        if (text == null || text.isEmpty()) return false;
        Snapshot s = snap;
        String low = lowerAscii(text);
        if (s.whole().contains(low)) return true;
        for (String p : s.pieces()) {
            if (low.contains(p)) return true;
        }
        return false;
    }

    /** True when any string (or map key) in a value tree contains a secret. */
    public boolean containsSecretIn(Object value) {
        if (value instanceof String s) return containsSecret(s);
        if (value instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                if (containsSecret(String.valueOf(e.getKey())) || containsSecretIn(e.getValue())) return true;
            }
            return false;
        }
        if (value instanceof List<?> l) {
            for (Object o : l) {
                if (containsSecretIn(o)) return true;
            }
        }
        return false;
    }

    /** The text with every secret (whole, or one of its registered lines) replaced by {@value #MASK}. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        Snapshot s = snap;
        if (s.pieces().isEmpty()) return text;
        String low = lowerAscii(text);
        boolean[] masked = null;
        for (String p : s.pieces()) {
            int i = low.indexOf(p);
            while (i >= 0) {
                if (masked == null) masked = new boolean[text.length()];
                for (int k = i; k < i + p.length(); k++) masked[k] = true;
                i = low.indexOf(p, i + 1);
            }
        }
        if (masked == null) return text;
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!masked[i]) {
                sb.append(text.charAt(i));
            } else if (i == 0 || !masked[i - 1]) {
                sb.append(MASK);
            }
        }
        return sb.toString();
    }

    /** A string that stands as a whole value (an argument, an output): masked whole if it is a short secret. */
    public String redactWhole(String value) {
        if (value == null || value.isEmpty()) return value;
        Snapshot s = snap;
        if (!s.whole().isEmpty() && s.whole().contains(lowerAscii(value))) return MASK;
        return redact(value);
    }

    /**
     * Redacts, then keeps at most {@code max} characters: a secret is masked before the cut, never half-cut; and
     * should the text arrive already cut (a buffer's end), a secret's beginning left at its end is masked too.
     */
    public String cut(String text, int max) {
        if (text == null) return null;
        String r = redact(text);
        if (r.length() <= max) return r;
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(r.charAt(end - 1))) end--;
        return maskCutEnd(r.substring(0, end));
    }

    /** Masks the longest beginning of a secret (at least {@value #MIN_CUT_PIECE} characters) at the end of a cut text. */
    public String maskCutEnd(String text) {
        if (text == null || text.isEmpty()) return text;
        Snapshot s = snap;
        String low = lowerAscii(text);
        int best = 0;
        for (String p : s.pieces()) {
            for (int k = Math.min(p.length() - 1, low.length()); k >= MIN_CUT_PIECE && k > best; k--) {
                if (low.regionMatches(low.length() - k, p, 0, k)) {
                    best = k;
                    break;
                }
            }
        }
        return best == 0 ? text : text.substring(0, text.length() - best) + MASK;
    }

    /** Masks the longest end of a secret (at least {@value #MIN_CUT_PIECE} characters) at the start of a text cut in front. */
    public String maskCutStart(String text) {
        if (text == null || text.isEmpty()) return text;
        Snapshot s = snap;
        String low = lowerAscii(text);
        int best = 0;
        for (String p : s.pieces()) {
            for (int k = Math.min(p.length() - 1, low.length()); k >= MIN_CUT_PIECE && k > best; k--) {
                if (low.regionMatches(0, p, p.length() - k, k)) {
                    best = k;
                    break;
                }
            }
        }
        return best == 0 ? text : MASK + text.substring(best);
    }

    /** Redacts every string (and map key) inside a plain value tree; numbers and booleans are left as they are. */
    public Object redactValue(Object value) {
        if (value instanceof String s) return redactWhole(s);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(redact(String.valueOf(k)), redactValue(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(redactValue(o));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> redactMap(Map<String, ?> map) {
        return map == null ? null : (Map<String, Object>) redactValue(map);
    }

    /**
     * A redacted copy of a JSON event: every text node and field name, except the top-level fields named in
     * {@code verbatim} (the engine's own vocabulary: type, step ids, statuses, counters), which hold no secret and must
     * stay readable. Top-level numbers are the engine's counters and are kept. Inside nested values (arguments,
     * outputs, parameters) a string that is, whole, a short secret is masked, and so is a number that is, digit for
     * digit, a registered secret of at least {@value #MIN_LENGTH} characters (a PIN parameter of type int); derived
     * numbers are never registered.
     */
    public JsonNode redactTree(JsonNode node, Set<String> verbatim) {
        if (node == null || isEmpty()) return node;
        if (!node.isObject()) return tree(node);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (verbatim.contains(e.getKey()) || (v.isValueNode() && !v.isTextual())) {
                out.set(e.getKey(), v);
            } else {
                out.set(e.getKey(), tree(v));
            }
        }
        return out;
    }

    private JsonNode tree(JsonNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isTextual()) {
            String t = node.textValue();
            String r = redactWhole(t);
            return r.equals(t) ? node : f.textNode(r);
        }
        if (node.isNumber()) {
            Snapshot s = snap;
            String t = node.asText();
            // only a full-length secret: a short derived string "1" must not mask every exit code 1
            return s.pieces().contains(t) ? f.textNode(MASK) : node;
        }
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(redact(e.getKey()), tree(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode(node.size());
            for (JsonNode n : node) out.add(tree(n));
            return out;
        }
        return node;
    }

    /** ASCII-only lowercasing: keeps every index where it was, so a match in the lowered text is a match in the text. */
    static String lowerAscii(String s) {
        char[] c = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                if (c == null) c = s.toCharArray();
                c[i] = (char) (ch + 32);
            }
        }
        return c == null ? s : new String(c);
    }

    private static String jsonEscaped(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
