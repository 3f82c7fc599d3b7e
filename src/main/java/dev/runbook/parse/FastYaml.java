package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import dev.runbook.parse.YamlReader.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reader for the subset of YAML that runbooks are written in, built for start-up and throughput: one pass
 * over the characters, no tokens, no events, no regular expressions, and no Jackson or SnakeYAML class loaded.
 *
 * <p>It either returns exactly the tree (values, their Java types, positions, key order and duplicate-key
 * diagnostics) that {@link JacksonYaml} would return for the same text, or gives up ({@link #read} returns
 * null) and leaves the file to the full reader. It gives up on everything outside the subset rather than
 * guess: tabs, carriage returns and unusual characters anywhere; anchors, aliases, tags, directives,
 * complex keys; a second document; multi-line quoted scalars; escapes other than the common ones;
 * block scalars with an explicit indentation; plain scalars that YAML 1.1 could read as a number, a date or a
 * sexagesimal value in a form other than a plain decimal; and every syntax error, so that errors are always
 * reported by the full reader with its messages. {@code FastYamlTest} compares the two readers on every YAML
 * file in the project and on many thousands of mutations of them.
 *
 * <p>The subset: block mappings and sequences (including compact "- key: value" items and sequences at the
 * indentation of their key), flow mappings and sequences (over several lines too), plain scalars (folded over
 * several lines too), single- and double-quoted scalars on one line, literal and folded block scalars with any chomping, comments,
 * blank lines and a leading "---".
 */
final class FastYaml {
    /** A simple key longer than this is an error for SnakeYAML; leave the judgement to it. */
    private static final int MAX_KEY = 1000;

    private final String file;
    /** The text as an array: C1-compiled code reads an array much faster than String.charAt. */
    private final char[] s;
    private final int n;
    private int i;
    private int line = 1;
    private int lineStart;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** The column of the block collection around the flow collection being read: its lines must start past it. */
    private int flowIndent;

    private FastYaml(String file, char[] chars, int length) {
        this.file = file;
        this.s = chars;
        this.n = length;
    }

    /** The tree and the duplicate-key diagnostics, or null when the full reader must read this text. */
    static Result read(String file, String text) {
        return read(file, text.toCharArray(), text.length());
    }

    /** As {@link #read(String, String)}, for the first {@code length} characters of {@code chars}. */
    static Result read(String file, char[] chars, int length) {
        FastYaml y = new FastYaml(file, chars, length);
        try {
            Node root = y.document();
            return new Result(Optional.of(root), y.diagnostics);
        } catch (GiveUp g) {
            return null;
        }
    }

    /** Why the fast reader leaves {@code text} to the full reader, or null if it reads it: for tests. */
    static String whyNot(String text) {
        try {
            new FastYaml("t.yaml", text.toCharArray(), text.length()).document();
            return null;
        } catch (GiveUp g) {
            return g.getMessage() + " (offset " + g.offset + ")";
        }
    }

    // ---------------------------------------------------------------- the document

    private Node document() {
        checkCharacters();
        skipBlankLines();
        if (i == n) throw giveUp("no content");
        if (isDocumentMarker("---")) {
            i += 3;
            finishLine();
            if (i == n) throw giveUp("no content after ---");
        }
        Node root = blockNode(-1, 1);
        if (i != n) throw giveUp("content after the root node");
        if (!(root instanceof Node.Mapping)) throw giveUp("the root is not a mapping");
        return root;
    }

    /** Only printable characters the subset needs: no tab, CR, NEL, line or paragraph separator, BOM, surrogate. */
    private void checkCharacters() {
        for (int k = 0; k < n; k++) {
            char c = s[k];
            if (c >= 0x20 && c <= 0x7E || c == '\n') continue;
            if (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) continue;
            if (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) continue;
            i = k;
            throw giveUp("character U+" + Integer.toHexString(c));
        }
    }

    // ---------------------------------------------------------------- block context

    /** A node starting at the current character, inside a block collection at column {@code parent} (0-based). */
    private Node blockNode(int parent, int depth) {
        char c = s[i];
        if (c == '-' && blankAt(i + 1)) return blockSequence(column(), depth, false);
        if (keyAhead()) return blockMapping(column(), depth);
        return inlineValue(parent, depth);
    }

    private Node.Mapping blockMapping(int col, int depth) {
        if (depth > YamlReader.MAX_DEPTH) throw giveUp("too deep");
        SourcePosition at = here();
        LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
        LinkedHashMap<String, SourcePosition> keys = new LinkedHashMap<>();
        while (true) {
            SourcePosition keyPos = here();
            String key = key(false);
            Node value = mappingValue(col, depth + 1);
            put(entries, keys, key, keyPos, value);
            if (i == n) break;
            int ind = column();
            if (ind < col) break;
            if (ind > col) throw giveUp("a line indented more than its mapping's keys");
            if (!keyAhead()) throw giveUp("a line in a mapping that is not a key");
        }
        return Node.Mapping.adopt(entries, keys, at);
    }

    /** The value after "key:", in a block mapping whose keys are at column {@code col}. */
    private Node mappingValue(int col, int depth) {
        SourcePosition afterColon = here();
        skipSpaces();
        if (i < n && s[i] != '\n' && s[i] != '#') return inlineValue(col, depth);
        skipComment();
        nextContent();
        if (i == n || column() < col) return empty(afterColon);
        if (column() == col) {
            if (s[i] == '-' && blankAt(i + 1)) return blockSequence(col, depth, true);
            return empty(afterColon);
        }
        return blockNode(col, depth);
    }

    /**
     * A block sequence whose dashes are at column {@code col}; {@code atKeyIndent} for one written at the
     * indentation of its mapping's keys ("key:\n- a"), which ends at the next key.
     */
    private Node.Sequence blockSequence(int col, int depth, boolean atKeyIndent) {
        if (depth > YamlReader.MAX_DEPTH) throw giveUp("too deep");
        SourcePosition at = here();
        List<Node> items = new ArrayList<>();
        while (true) {
            i++; // the dash
            SourcePosition afterDash = here();
            skipSpaces();
            Node item;
            if (i == n || s[i] == '\n' || s[i] == '#') {
                skipComment();
                nextContent();
                item = i == n || column() <= col ? empty(afterDash) : blockNode(col, depth + 1);
            } else {
                item = compactNode(col, depth + 1);
            }
            items.add(item);
            if (i == n) break;
            int ind = column();
            if (ind < col) break;
            if (ind > col) throw giveUp("a line indented more than its sequence's dashes");
            if (s[i] == '-' && blankAt(i + 1)) continue;
            if (atKeyIndent) break;
            throw giveUp("a line in a sequence that is not an item");
        }
        return new Node.Sequence(items, at);
    }

    /** What follows "- " on the same line: a nested sequence, a compact mapping or a value. */
    private Node compactNode(int seqCol, int depth) {
        int col = column();
        if (s[i] == '-' && blankAt(i + 1)) return blockSequence(col, depth, false);
        if (keyAhead()) return blockMapping(col, depth);
        return inlineValue(seqCol, depth);
    }

    /**
     * A scalar or flow collection starting here, in a block collection at column {@code block}; ends at the
     * next line with content, which must not be indented more than {@code block} (that would be a multi-line
     * plain scalar or an error).
     */
    private Node inlineValue(int block, int depth) {
        SourcePosition at = here();
        char c = s[i];
        Node v;
        switch (c) {
            case '"', '\'' -> {
                String text = c == '"' ? doubleQuoted() : singleQuoted();
                v = new Node.Scalar(text, new SourcePosition(file, at.line(), at.column() + 1));
                finishLine();
            }
            case '[', '{' -> {
                flowIndent = block;
                v = flowNode(depth);
                finishLine();
            }
            case '|', '>' -> v = new Node.Scalar(blockScalar(block), at);
            default -> v = plain(plainLines(block), at);
        }
        if (i < n && column() > block) throw giveUp("a continuation line (multi-line scalar) or a misplaced line");
        return v;
    }

    /** Is the current position the start of a "key:" on this line? */
    private boolean keyAhead() {
        char c = s[i];
        int j;
        if (c == '"' || c == '\'') {
            j = quotedEnd(i);
            if (j < 0) return false;
            while (j < n && s[j] == ' ') j++;
            return j < n && s[j] == ':' && blankAt(j + 1);
        }
        if (!plainStart(i)) return false;
        for (j = i; j < n; j++) {
            char d = s[j];
            if (d == '\n') return false;
            if (d == ':' && blankAt(j + 1)) return true;
            if (d == '#' && s[j - 1] == ' ') return false;
        }
        return false;
    }

    /** A key and its colon (in a flow mapping when {@code flow}); the position is left just after the colon. */
    private String key(boolean flow) {
        int start = i;
        char c = s[i];
        String key;
        if (c == '"' || c == '\'') {
            key = c == '"' ? doubleQuoted() : singleQuoted();
        } else if (flow) {
            key = plainFlow();
        } else {
            int end = i;
            while (!(s[i] == ':' && blankAt(i + 1))) {
                if (s[i] != ' ') end = i + 1;
                i++;
            }
            key = new String(s, start, end - start);
        }
        skipSpaces();
        if (i - start > MAX_KEY) throw giveUp("a very long key");
        if (i >= n || s[i] != ':' || !blankAt(i + 1)) throw giveUp("no ': ' after a key");
        i++;
        return key;
    }

    /**
     * A plain scalar in block context over one or more lines: continuation lines are indented more than the
     * collection at column {@code block} and fold into one space (each blank line between them into a line
     * break). A comment ends the scalar. Leaves the position at the next content.
     */
    private String plainLines(int block) {
        String text = plainBlock();
        StringBuilder folded = null;
        while (!restOfLine("a value") && i < n) {
            int breaks = 0;
            do {
                newline();
                breaks++;
                skipSpaces();
            } while (i < n && s[i] == '\n');
            if (i == n) break;
            if (s[i] == '#') {
                skipComment();
                nextContent();
                break;
            }
            if (i == lineStart && documentMarkerHere()) throw giveUp("a document marker");
            if (column() <= block) return folded == null ? text : folded.toString(); // the next content
            if (s[i] == '-' || !plainStart(i)) throw giveUp("an indicator starts a continuation line");
            if (folded == null) folded = new StringBuilder(text);
            if (breaks == 1) {
                folded.append(' ');
            } else {
                for (int k = 1; k < breaks; k++) folded.append('\n');
            }
            folded.append(plainBlock());
        }
        if (i < n && s[i] == '\n') nextContent();
        return folded == null ? text : folded.toString();
    }

    /** A plain scalar in block context, on one line; ends before trailing spaces and any comment. */
    private String plainBlock() {
        if (!plainStart(i)) throw giveUp("an indicator starts a value");
        int start = i;
        int end = i;
        while (i < n) {
            char c = s[i];
            if (c == '\n') break;
            if (c == ':' && blankAt(i + 1)) throw giveUp("': ' in a plain value");
            if (c == '#' && s[i - 1] == ' ') break;
            i++;
            if (c != ' ') end = i;
        }
        i = end;
        return new String(s, start, end - start);
    }

    /**
     * A literal (|) or folded (>) block scalar with its header at the current position, inside a block
     * collection at column {@code block}. Follows YAML's rules (and SnakeYAML's reading of them) for the
     * content indentation, blank lines, folding and chomping.
     */
    private String blockScalar(int block) {
        boolean folded = s[i] == '>';
        i++;
        int chomp = 0; // 0 clip, -1 strip, +1 keep
        if (i < n && s[i] == '-') {
            chomp = -1;
            i++;
        } else if (i < n && s[i] == '+') {
            chomp = 1;
            i++;
        }
        if (i < n && s[i] >= '0' && s[i] <= '9') throw giveUp("an explicit indentation indicator");
        restOfLine("a block scalar header");
        if (i < n) newline();

        int minIndent = Math.max(block + 1, 1);
        StringBuilder breaks = new StringBuilder();
        int maxIndent = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\n')) {
            if (s[i] == '\n') {
                breaks.append('\n');
                newline();
            } else {
                i++;
                maxIndent = Math.max(maxIndent, column());
            }
        }
        int indent = Math.max(minIndent, maxIndent);
        if (i < n && column() < indent && maxIndent > column()) throw giveUp("a blank line indented more than the text");

        StringBuilder text = new StringBuilder();
        boolean lineBreak = false;
        int contentLines = 0;
        while (i < n && column() == indent) {
            text.append(breaks);
            contentLines++;
            boolean leadingNonSpace = s[i] != ' ';
            int start = i;
            while (i < n && s[i] != '\n') i++;
            text.append(s, start, i - start);
            lineBreak = i < n;
            if (lineBreak) newline();
            breaks.setLength(0);
            while (i < n && column() < indent && s[i] == ' ') i++;
            while (i < n && s[i] == '\n') {
                breaks.append('\n');
                newline();
                while (i < n && column() < indent && s[i] == ' ') i++;
            }
            if (i < n && column() == indent) {
                if (folded && lineBreak && leadingNonSpace && s[i] != ' ') {
                    if (breaks.length() == 0) text.append(' ');
                } else if (lineBreak) {
                    text.append('\n');
                }
            } else {
                break;
            }
        }
        // clip and keep end the last content line with a line break even at the end of the file (yaml-test-suite L24T)
        if (chomp >= 0 && contentLines > 0) text.append('\n');
        if (chomp > 0) text.append(breaks);
        // the position is at the next line's content (or the end): settle there like nextContent()
        if (i < n) {
            if (s[i] == '#') {
                skipComment();
                nextContent();
            } else if (i == lineStart && documentMarkerHere()) {
                throw giveUp("a document marker");
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- flow context

    private Node flowNode(int depth) {
        char c = s[i];
        if (c == '[') return flowSequence(depth);
        if (c == '{') return flowMapping(depth);
        SourcePosition at = here();
        if (c == '"' || c == '\'') {
            String text = c == '"' ? doubleQuoted() : singleQuoted();
            return new Node.Scalar(text, new SourcePosition(file, at.line(), at.column() + 1));
        }
        return plain(plainFlow(), at);
    }

    private Node.Sequence flowSequence(int depth) {
        if (depth > YamlReader.MAX_DEPTH) throw giveUp("too deep");
        SourcePosition at = here();
        i++;
        List<Node> items = new ArrayList<>();
        flowSpace();
        if (s[i] == ']') {
            i++;
            return new Node.Sequence(items, at);
        }
        while (true) {
            items.add(flowNode(depth + 1));
            flowSpace();
            char c = s[i];
            i++;
            if (c == ']') break;
            if (c != ',') throw giveUp("no ',' or ']' after an item of a flow sequence");
            flowSpace();
            if (s[i] == ']') throw giveUp("a trailing comma");
        }
        return new Node.Sequence(items, at);
    }

    private Node.Mapping flowMapping(int depth) {
        if (depth > YamlReader.MAX_DEPTH) throw giveUp("too deep");
        SourcePosition at = here();
        i++;
        LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
        LinkedHashMap<String, SourcePosition> keys = new LinkedHashMap<>();
        flowSpace();
        if (s[i] == '}') {
            i++;
            return Node.Mapping.adopt(entries, keys, at);
        }
        while (true) {
            SourcePosition keyPos = here();
            String key = key(true);
            flowSpace();
            put(entries, keys, key, keyPos, flowNode(depth + 1));
            flowSpace();
            char c = s[i];
            i++;
            if (c == '}') break;
            if (c != ',') throw giveUp("no ',' or '}' after an entry of a flow mapping");
            flowSpace();
            if (s[i] == '}') throw giveUp("a trailing comma");
        }
        return Node.Mapping.adopt(entries, keys, at);
    }

    /** A plain scalar inside a flow collection: ends at , [ ] { }, at ': ' and before a comment or line end. */
    private String plainFlow() {
        if (!plainStart(i)) throw giveUp("an indicator starts a flow value");
        int start = i;
        int end = i;
        while (i < n) {
            char c = s[i];
            if (c == '\n' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}') break;
            if (c == '?') throw giveUp("'?' in a flow scalar");
            if (c == ':') {
                if (blankAt(i + 1)) break;
                throw giveUp("':' inside a flow scalar");
            }
            if (c == '#' && s[i - 1] == ' ') break;
            i++;
            if (c != ' ') end = i;
        }
        i = end;
        return new String(s, start, end - start);
    }

    /** Spaces, line breaks and comments between flow tokens; a continuation line must be indented. */
    private void flowSpace() {
        while (true) {
            if (i >= n) throw giveUp("an unclosed flow collection");
            char c = s[i];
            if (c == ' ') {
                i++;
            } else if (c == '\n') {
                newline();
                skipSpaces();
                if (i < n && column() <= flowIndent) throw giveUp("a flow continuation line not indented past its block");
            } else if (c == '#') {
                char before = s[i - 1];
                if (before != ' ' && before != '\n') throw giveUp("'#' right after a flow token");
                skipComment();
            } else {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- scalars

    /** A double-quoted scalar on one line, with the common escapes; the position is left after the quote. */
    private String doubleQuoted() {
        i++;
        StringBuilder b = null;
        int start = i;
        while (true) {
            if (i >= n || s[i] == '\n') throw giveUp("a multi-line or unclosed double-quoted scalar");
            char c = s[i];
            if (c == '"') break;
            if (c != '\\') {
                i++;
                continue;
            }
            if (b == null) b = new StringBuilder();
            b.append(s, start, i - start);
            i++;
            char e = i < n ? s[i] : '\n';
            switch (e) {
                case '"', '\\' -> b.append(e);
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'u' -> {
                    if (i + 4 >= n) throw giveUp("a short \\u escape");
                    int v = 0;
                    for (int k = 1; k <= 4; k++) {
                        int d = hexDigit(s[i + k]);
                        if (d < 0) throw giveUp("a bad \\u escape");
                        v = v * 16 + d;
                    }
                    if (v >= 0xD800 && v <= 0xDFFF) throw giveUp("a surrogate escape");
                    b.append((char) v);
                    i += 4;
                }
                default -> throw giveUp("an uncommon escape");
            }
            i++;
            start = i;
        }
        String text = b == null ? new String(s, start, i - start) : b.append(s, start, i - start).toString();
        i++;
        return text;
    }

    /** An ASCII hex digit's value, or -1: YAML takes no other (Character.digit would take fullwidth digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** A single-quoted scalar on one line ('' is a quote); the position is left after the quote. */
    private String singleQuoted() {
        i++;
        StringBuilder b = null;
        int start = i;
        while (true) {
            if (i >= n || s[i] == '\n') throw giveUp("a multi-line or unclosed single-quoted scalar");
            if (s[i] == '\'') {
                if (i + 1 < n && s[i + 1] == '\'') {
                    if (b == null) b = new StringBuilder();
                    b.append(s, start, i + 1 - start);
                    i += 2;
                    start = i;
                    continue;
                }
                break;
            }
            i++;
        }
        String text = b == null ? new String(s, start, i - start) : b.append(s, start, i - start).toString();
        i++;
        return text;
    }

    /** Where the quoted scalar at {@code from} ends (after its closing quote) on this line, or -1. */
    private int quotedEnd(int from) {
        char q = s[from];
        for (int j = from + 1; j < n; j++) {
            char c = s[j];
            if (c == '\n') return -1;
            if (q == '"' && c == '\\') {
                j++;
            } else if (c == q) {
                if (q == '\'' && j + 1 < n && s[j + 1] == '\'') {
                    j++;
                } else {
                    return j + 1;
                }
            }
        }
        return -1;
    }

    /** May a plain scalar start here? Indicators may not; "-" may when a digit or letter follows. */
    private boolean plainStart(int at) {
        char c = s[at];
        switch (c) {
            case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '?', ':', ' ', '\n' -> {
                return false;
            }
            case '-' -> {
                // "-" starts a plain scalar only before a "safe" character: not a blank, and (in flow) not , [ ] { }
                if (at + 1 >= n) return false;
                char next = s[at + 1];
                return next != ' ' && next != '\n' && next != '-' && next != ',' && next != '[' && next != ']' && next != '{'
                        && next != '}';
            }
            default -> {
                return true;
            }
        }
    }

    /** A value left out ("key:" or "-" alone): null, as YAML 1.2 reads an empty plain scalar. */
    private static Node.Scalar empty(SourcePosition at) {
        return CoreScalars.node("", at);
    }

    /** A plain scalar typed by the YAML 1.2 core schema; an integer out of the 64-bit range is the full reader's to report. */
    private Node.Scalar plain(String text, SourcePosition at) {
        Node.Scalar v = CoreScalars.node(text, at);
        if (v == null) throw giveUp("an integer out of range");
        return v;
    }

    // ---------------------------------------------------------------- lines and positions

    private void put(Map<String, Node> entries, Map<String, SourcePosition> keys, String key, SourcePosition keyPos, Node value) {
        SourcePosition first = keys.get(key);
        if (first != null) {
            diagnostics.add(Diagnostic.of(Code.DUPLICATE_KEY, keyPos,
                    "duplicate key '" + key + "' (first at line " + first.line() + ")",
                    "remove one of them; YAML would silently keep only one"));
            return;
        }
        entries.put(key, value);
        keys.put(key, keyPos);
    }

    /** After a token: spaces, maybe a comment (after a space), the line end; then on to the next content. */
    private void finishLine() {
        restOfLine("a value");
        nextContent();
    }

    /** Spaces and maybe a comment (a space before its '#') up to the line end, after {@code what}; was there a comment? */
    private boolean restOfLine(String what) {
        int start = i;
        skipSpaces();
        boolean comment = i < n && s[i] == '#';
        if (comment) {
            if (i == start) throw giveUp("'#' right after " + what);
            skipComment();
        }
        if (i < n && s[i] != '\n') throw giveUp("more on the line after " + what);
        return comment;
    }

    /** From a line end: past blank and comment lines to the first character of the next content, or the end. */
    private void nextContent() {
        while (i < n) {
            newline();
            skipSpaces();
            if (i == n) return;
            char c = s[i];
            if (c == '\n') continue;
            if (c == '#') {
                skipComment();
                continue;
            }
            if (i == lineStart && documentMarkerHere()) throw giveUp("a document marker");
            return;
        }
    }

    /** At the start of the file: past blank and comment lines. */
    private void skipBlankLines() {
        skipSpaces();
        while (i < n) {
            char c = s[i];
            if (c == '#') {
                skipComment();
            } else if (c != '\n') {
                if (i == lineStart && isDocumentMarker("...")) throw giveUp("a document end marker");
                return;
            }
            if (i == n) return;
            newline();
            skipSpaces();
        }
    }

    private boolean documentMarkerHere() {
        return isDocumentMarker("---") || isDocumentMarker("...");
    }

    private boolean isDocumentMarker(String marker) {
        if (i != lineStart || i + 3 > n) return false;
        for (int k = 0; k < 3; k++) {
            if (s[i + k] != marker.charAt(k)) return false;
        }
        return blankAt(i + 3);
    }

    private void newline() {
        i++;
        line++;
        lineStart = i;
    }

    private void skipSpaces() {
        while (i < n && s[i] == ' ') i++;
    }

    private void skipComment() {
        while (i < n && s[i] != '\n') i++;
    }

    private boolean blankAt(int at) {
        return at >= n || s[at] == ' ' || s[at] == '\n';
    }

    /** 0-based column of the current position. */
    private int column() {
        return i - lineStart;
    }

    private SourcePosition here() {
        return new SourcePosition(file, line, i - lineStart + 1);
    }

    private GiveUp giveUp(String why) {
        return new GiveUp(why, i);
    }

    /** Thrown to leave the text to the full reader; carries no stack trace, so giving up is cheap. */
    private static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int offset;

        GiveUp(String why, int offset) {
            super(why, null, false, false);
            this.offset = offset;
        }
    }
}
