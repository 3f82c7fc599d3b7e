package dev.runbook.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a cel-spec case lies inside the subset docs/expressions.md documents, and if not, why.
 * It reads the case's text with a lexer of its own (not the product's), so an expression the product fails to
 * parse still counts against it when it only uses documented features.
 */
final class CelFeatures {
    private CelFeatures() {}

    /** Whole sections outside the subset, with the reason; a section is a prefix of the case's section path. */
    static final Map<String, String> SKIPPED_SECTIONS = Map.ofEntries(
            Map.entry("bindings_ext", "cel.bind() is an extension library"),
            Map.entry("block_ext", "cel.block() is an extension library"),
            Map.entry("encoders_ext", "base64 encoders are an extension library"),
            Map.entry("math_ext", "math.* is an extension library"),
            Map.entry("optionals", "optional values (?. and optional.*) are not in the language"),
            Map.entry("proto2", "protocol-buffer messages are not in the language"),
            Map.entry("proto2_ext", "protocol-buffer extensions are not in the language"),
            Map.entry("proto3", "protocol-buffer messages are not in the language"),
            Map.entry("enums", "protocol-buffer enums are not in the language"),
            Map.entry("dynamic", "protocol-buffer wrapper and JSON (google.protobuf.Value) types are not in the language"),
            Map.entry("comparisons/eq_wrapper", "protocol-buffer wrapper types are not in the language"),
            Map.entry("timestamps", "timestamp and duration values are not in the language"),
            Map.entry("type_deductions", "checks CEL's static type inference over messages and type values"),
            Map.entry("namespace", "containers and qualified names are not in the language"),
            Map.entry("fields/qualified_identifier_resolution", "dotted variable names (a.b.c) are not in the language"),
            Map.entry("macros2/transformList", "two-variable comprehensions are an extension library"),
            Map.entry("macros2/transformMap", "two-variable comprehensions are an extension library"),
            Map.entry("string_ext/format", "string.format() is not in the language"),
            Map.entry("string_ext/format_errors", "string.format() is not in the language"),
            Map.entry("string_ext/quote", "strings.quote() is not in the language"));

    /** Receiver functions: name → accepted argument counts (receiver not counted). */
    private static final Map<String, Set<Integer>> METHODS = Map.ofEntries(
            Map.entry("size", Set.of(0)), Map.entry("contains", Set.of(1)), Map.entry("startsWith", Set.of(1)),
            Map.entry("endsWith", Set.of(1)), Map.entry("matches", Set.of(1)), Map.entry("lowerAscii", Set.of(0)),
            Map.entry("upperAscii", Set.of(0)), Map.entry("trim", Set.of(0)), Map.entry("split", Set.of(1)),
            Map.entry("replace", Set.of(2)), Map.entry("join", Set.of(0, 1)), Map.entry("all", Set.of(2)),
            Map.entry("exists", Set.of(2)), Map.entry("exists_one", Set.of(2)), Map.entry("filter", Set.of(2)),
            Map.entry("map", Set.of(2, 3)));

    /** Global functions: name → accepted argument counts. */
    private static final Map<String, Set<Integer>> FUNCTIONS = Map.of(
            "size", Set.of(1), "matches", Set.of(2), "int", Set.of(1), "double", Set.of(1), "string", Set.of(1),
            "has", Set.of(1));

    /** Names CEL gives a type value; the language has no type values. */
    private static final Set<String> TYPE_NAMES = Set.of("int", "uint", "double", "string", "bool", "bytes", "list",
            "map", "null_type", "type", "dyn");

    /** Why the case is outside the subset, or null when it is inside. */
    static String outside(CelSpecSuite.Case c) {
        for (Map.Entry<String, String> e : SKIPPED_SECTIONS.entrySet()) {
            if (c.section().equals(e.getKey()) || c.section().startsWith(e.getKey() + "/")) return e.getValue();
        }
        JsonNode o = c.original();
        if (o.path("checkOnly").asBoolean()) return "checks types only; the case has no value to compare";
        if (o.has("typedResult")) return "compares a result type as well as a value";
        for (JsonNode decl : o.path("typeEnv")) {
            if (decl.path("name").asText().contains(".")) return "dotted variable names (a.b.c) are not in the language";
            if (decl.has("function")) return "declares a function";
            String t = type(decl.path("ident").path("type"));
            if (t != null) return t;
        }
        try {
            if (o.has("value")) CelSpecSuite.value(o.get("value"));
            for (Iterator<Map.Entry<String, JsonNode>> it = o.path("bindings").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> b = it.next();
                if (b.getKey().contains(".")) return "dotted variable names (a.b.c) are not in the language";
                if (!b.getValue().has("value")) return "binds something other than a value";
                CelSpecSuite.value(b.getValue().get("value"));
            }
        } catch (CelSpecSuite.Foreign f) {
            return typeReason(f.getMessage());
        }
        return syntax(c.expr());
    }

    private static String typeReason(String kind) {
        return switch (kind) {
            case "uint" -> "uint values are not in the language";
            case "bytes" -> "bytes values are not in the language";
            case "type" -> "type values are not in the language";
            case "message" -> "protocol-buffer messages are not in the language";
            case "enum" -> "protocol-buffer enums are not in the language";
            default -> kind.startsWith("map with") ? "map keys are strings (" + kind + ")" : "value outside the language: " + kind;
        };
    }

    private static String type(JsonNode t) {
        if (t.has("primitive")) {
            return switch (t.get("primitive").asText()) {
                case "UINT64" -> typeReason("uint");
                case "BYTES" -> typeReason("bytes");
                default -> null;
            };
        }
        if (t.has("listType")) return type(t.get("listType").path("elemType"));
        if (t.has("mapType")) {
            JsonNode k = t.get("mapType").path("keyType");
            if (!"STRING".equals(k.path("primitive").asText())) return "map keys are strings";
            return type(t.get("mapType").path("valueType"));
        }
        if (t.has("null") || t.has("dyn")) return null;
        return "declares a type outside the language: " + t;
    }

    private record Token(char kind, String text) {} // kind: i(dent) n(umber) s(tring) b(ytes) p(unctuation)

    /** Features used by the text itself: literals, calls, type names, message construction, optional syntax. */
    static String syntax(String expr) {
        List<Token> tokens;
        try {
            tokens = lex(expr);
        } catch (IllegalArgumentException e) {
            return null; // let the product decide; a case whose text this lexer cannot read is not skipped
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token prev = i > 0 ? tokens.get(i - 1) : null;
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (t.kind == 'b') return typeReason("bytes");
            if (t.kind == 'n' && (t.text.endsWith("u") || t.text.endsWith("U"))) return typeReason("uint");
            if (t.kind == 'p' && (t.text.equals("?") && next != null && (next.text.equals(".") || next.text.equals("[")))) {
                return "optional values (?. and optional.*) are not in the language";
            }
            if (t.kind == 'p' && t.text.equals("[") && next != null && next.text.equals("?")) {
                return "optional values (?. and optional.*) are not in the language";
            }
            if (t.kind == 'p' && (t.text.equals("{") || t.text.equals(",")) && mapKeyNotString(tokens, i + 1)) {
                return "map keys are strings";
            }
            if (t.kind != 'i') continue;
            boolean receiver = prev != null && prev.text.equals(".");
            if (next != null && next.text.equals("(")) {
                int args = arguments(tokens, i + 1);
                Set<Integer> ok = (receiver ? METHODS : FUNCTIONS).get(t.text);
                if (ok == null || !ok.contains(args)) {
                    return (receiver ? "." : "") + t.text + "() with " + args + " argument" + (args == 1 ? "" : "s")
                            + " is not in the language";
                }
            } else if (!receiver && next != null && next.text.equals("{")) {
                return "protocol-buffer messages are not in the language";
            } else if (!receiver && TYPE_NAMES.contains(t.text)) {
                return "type values are not in the language";
            }
            if (prev != null && prev.text.equals(".") && (i < 2 || !continuesValue(tokens.get(i - 2)))) {
                return "absolute names (.x) are not in the language";
            }
        }
        return null;
    }

    /** A literal int, double or bool right before a ':' (a map literal's key). */
    private static boolean mapKeyNotString(List<Token> tokens, int at) {
        if (at < tokens.size() && tokens.get(at).text.equals("-")) at++;
        if (at + 1 >= tokens.size() || !tokens.get(at + 1).text.equals(":")) return false;
        Token k = tokens.get(at);
        return k.kind == 'n' || (k.kind == 'i' && (k.text.equals("true") || k.text.equals("false")));
    }

    private static boolean continuesValue(Token t) {
        return t.kind != 'p' || t.text.equals(")") || t.text.equals("]") || t.text.equals("}");
    }

    private static int arguments(List<Token> tokens, int open) {
        int depth = 0;
        int commas = 0;
        for (int k = open; k < tokens.size(); k++) {
            String s = tokens.get(k).text;
            if (tokens.get(k).kind == 'p' && (s.equals("(") || s.equals("[") || s.equals("{"))) depth++;
            if (tokens.get(k).kind == 'p' && (s.equals(")") || s.equals("]") || s.equals("}"))) {
                if (--depth == 0) return k == open + 1 ? 0 : commas + 1;
            }
            if (depth == 1 && s.equals(",") && tokens.get(k).kind == 'p') commas++;
        }
        return commas + 1;
    }

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') i++;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                String word = s.substring(i, j);
                if (j < s.length() && (s.charAt(j) == '\'' || s.charAt(j) == '"') && word.matches("(?i)r|b|rb|br")) {
                    i = string(s, j, word.toLowerCase().contains("r"));
                    out.add(new Token(word.toLowerCase().contains("b") ? 'b' : 's', word));
                } else {
                    out.add(new Token('i', word));
                    i = j;
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))
                    && (out.isEmpty() || !continuesValue(out.get(out.size() - 1))))) {
                int j = i;
                if (s.startsWith("0x", i) || s.startsWith("0X", i)) j += 2;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
                        || ((s.charAt(j) == '+' || s.charAt(j) == '-') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')
                        && !s.substring(i, j).startsWith("0x")))) j++;
                out.add(new Token('n', s.substring(i, j)));
                i = j;
            } else if (c == '\'' || c == '"') {
                i = string(s, i, false);
                out.add(new Token('s', ""));
            } else {
                out.add(new Token('p', String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    /** Skips a quoted literal starting at {@code at}; returns the index after it. */
    private static int string(String s, int at, boolean raw) {
        char q = s.charAt(at);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), at);
        int i = at + (triple ? 3 : 1);
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && !raw) {
                i += 2;
            } else if (triple ? s.startsWith(String.valueOf(q).repeat(3), i) : c == q) {
                return i + (triple ? 3 : 1);
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }
}
