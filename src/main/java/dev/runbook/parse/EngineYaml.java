package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import dev.runbook.parse.YamlReader.Result;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The full YAML path behind {@link YamlReader}: reads one document into a positioned {@link Node} tree from
 * SnakeYAML Engine's event stream (a YAML 1.2 parser that keeps marks). {@link FastYaml} handles the common
 * subset first; this class reads everything else and reports every syntax error.
 *
 * <p>It builds the tree from events rather than letting the engine compose and construct one, so that the
 * project's own rules hold in one place: plain scalars are typed by {@link CoreScalars} (the same code as the
 * fast reader), anchors, aliases and tags are refused where they are written, duplicate keys are reported with
 * both lines, complex keys are refused, and a second document is an error.
 */
final class EngineYaml {
    private static final int MAX_CHARS = YamlReader.MAX_CHARS;
    private static final int MAX_DEPTH = YamlReader.MAX_DEPTH;
    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setCodePointLimit(MAX_CHARS + 1)
            .setUseMarks(true)
            .setParseComments(false)
            .setMaxAliasesForCollections(0)
            .build();

    private final String file;
    private final String text;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private Iterator<Event> events;
    private Boolean surrogates;
    /** Where the text not yet checked by {@link #next()} starts. */
    private int gapStart;
    /** The end event of the collection read last. */
    private Event last;

    private EngineYaml(String file, String text) {
        this.file = file;
        this.text = text;
    }

    static Result read(String file, String text) {
        return new EngineYaml(file, text).run();
    }

    private Result run() {
        if (text.length() > MAX_CHARS) {
            return fail(Code.TOO_LARGE, new SourcePosition(file, 1, 1),
                    "file is " + text.length() + " characters; the limit is " + MAX_CHARS, "split it into several runbooks");
        }
        try {
            events = new Parse(SETTINGS).parseString(text).iterator();
            expect(Event.ID.StreamStart);
            Event e = next();
            if (e.getEventId() == Event.ID.StreamEnd) {
                return fail(Code.EMPTY_FILE, new SourcePosition(file, 1, 1), "the file holds no YAML document",
                        "start with 'runbook: <id>' or run 'runbook new <id>'");
            }
            Node root = value(next(), 1, -1);
            expect(Event.ID.DocumentEnd);
            Event after = next();
            if (after.getEventId() != Event.ID.StreamEnd) {
                diagnostics.add(Diagnostic.of(Code.MULTIPLE_DOCUMENTS, pos(after.getStartMark()),
                        "the file holds more than one YAML document", "keep one runbook per file; remove the '---' separator"));
                return new Result(Optional.empty(), diagnostics);
            }
            if (root instanceof Node.Scalar s && s.value() == null) {
                return fail(Code.EMPTY_FILE, root.pos(), "the document is empty", "start with 'runbook: <id>'");
            }
            return new Result(Optional.of(root), diagnostics);
        } catch (Abort a) {
            return new Result(Optional.empty(), diagnostics);
        } catch (MarkedYamlEngineException e) {
            return syntax(e);
        } catch (YamlEngineException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("exceed") || msg.contains("limit")) {
                return fail(Code.TOO_LARGE, new SourcePosition(file, 1, 1), "the document exceeds a safety limit: " + msg, null);
            }
            return fail(Code.YAML_SYNTAX, new SourcePosition(file, 1, 1), "YAML syntax: " + msg, null);
        } catch (NumberFormatException e) {
            // SnakeYAML Engine 3.2 lets this out of a double-quoted scalar whose x, u or U escape is cut off by the end
            // of the text, or whose U escape overflows an int (found by ParamsFileFuzzTest)
            return fail(Code.YAML_SYNTAX, badEscape(), "YAML syntax: a \\x, \\u or \\U escape in a double-quoted string is cut short"
                    + " or out of range", "\\x takes 2 hexadecimal digits, \\u 4 and \\U 8, up to \\U0010FFFF");
        }
    }

    /** Where the first x, u or U escape without its hexadecimal digits (or beyond Unicode) is; the start if none is. */
    private SourcePosition badEscape() {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c == '\\' && i + 1 < text.length()) {
                char kind = text.charAt(i + 1);
                int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
                if (digits > 0) {
                    int k = i + 2;
                    while (k < text.length() && k < i + 2 + digits && Character.digit(text.charAt(k), 16) >= 0) k++;
                    if (k < i + 2 + digits || Long.parseLong(text.substring(i + 2, k), 16) > Character.MAX_CODE_POINT) {
                        return new SourcePosition(file, line, i - lineStart + 1);
                    }
                }
                i++;
            }
        }
        return new SourcePosition(file, 1, 1);
    }

    private void expect(Event.ID id) {
        Event e = next();
        if (e.getEventId() != id) throw new IllegalStateException("the YAML parser sent " + e + " where " + id + " belongs");
    }

    /**
     * The next event, after checking the text between it and the one before: YAML 1.2 needs white space before a
     * comment, which SnakeYAML Engine does not check ({@code "value"# note}, {@code [a,#note}).
     */
    private Event next() {
        Event e = events.next();
        Optional<Mark> start = e.getStartMark();
        if (start.isPresent()) {
            int from = gapStart;
            int to = charIndex(start.get());
            for (int k = from; k < to; k++) {
                if (text.charAt(k) == '#' && k > 0 && " \t\n\r\uFEFF".indexOf(text.charAt(k - 1)) < 0) {
                    refuse(Code.YAML_SYNTAX, position(k), "YAML syntax: a comment needs a space before its '#'", "write ' #' to start a comment");
                }
                if (text.charAt(k) == '#') {
                    while (k < to && text.charAt(k) != '\n') k++;
                }
            }
            if (e.getEndMark().isPresent()) gapStart = Math.max(gapStart, charIndex(e.getEndMark().get()));
        }
        return e;
    }

    /**
     * The node that starts with event {@code e}, inside a block collection at column {@code indent} (-1 at the
     * root): a flow collection or a quoted scalar over several lines must indent its lines past that column, which
     * SnakeYAML Engine does not check.
     */
    private Node value(Event e, int depth, int indent) {
        SourcePosition at = pos(e.getStartMark());
        refuseDecorations(e, at);
        if (e instanceof ScalarEvent s) {
            if (s.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED || s.getScalarStyle() == ScalarStyle.SINGLE_QUOTED) {
                indented(e.getStartMark(), e.getEndMark(), indent, false);
            }
            return scalar(s, at);
        }
        if (depth > MAX_DEPTH) {
            refuse(Code.TOO_LARGE, at, "nesting deeper than " + MAX_DEPTH + " levels", "runbooks are shallow documents; flatten this structure");
        }
        boolean flow = ((CollectionStartEvent) e).isFlow();
        int inner = flow ? indent : at.column() - 1;
        Node n = e.getEventId() == Event.ID.MappingStart ? mapping(at, depth, inner) : sequence(at, depth, inner);
        if (flow) indented(e.getStartMark(), last.getEndMark(), indent, true);
        return n;
    }

    /** Every line of a flow node after its first starts past column {@code indent} (blank and, in flow, comment lines aside). */
    private void indented(Optional<Mark> start, Optional<Mark> end, int indent, boolean flow) {
        if (indent < 0 || start.isEmpty() || end.isEmpty()) return;
        int to = charIndex(end.get());
        for (int k = text.indexOf('\n', charIndex(start.get())); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) {
            int c = k + 1;
            int col = 0;
            while (c < text.length() && text.charAt(c) == ' ') {
                c++;
                col++;
            }
            int first = c;
            while (c < text.length() && (text.charAt(c) == ' ' || text.charAt(c) == '\t')) c++;
            if (c >= text.length() || text.charAt(c) == '\n' || text.charAt(c) == '\r' || flow && text.charAt(c) == '#') continue;
            if (first >= to) break;
            if (col <= indent) {
                refuse(Code.YAML_SYNTAX, position(first), "YAML syntax: this line of a " + (flow ? "flow collection" : "quoted value")
                        + " must be indented more than its parent (column " + (indent + 1) + ")", "indent the continuation lines with spaces");
            }
        }
    }

    /** Aliases, anchors and tags: refused where they are written, on keys and values alike. */
    private void refuseDecorations(Event e, SourcePosition at) {
        if (e instanceof AliasEvent a) {
            refuse(Code.ANCHOR_ALIAS, at, "YAML aliases (*" + a.getAlias().getValue() + ") are not allowed",
                    "write the value out in full; anchors make runbooks hard to read and can expand without bound");
        }
        NodeEvent node = (NodeEvent) e;
        if (node.getAnchor().isPresent()) {
            refuse(Code.ANCHOR_ALIAS, at, "YAML anchors (&" + node.getAnchor().get().getValue() + ") are not allowed",
                    "write the value out in full; anchors make runbooks hard to read and can expand without bound");
        }
        Optional<String> tag = e instanceof ScalarEvent s ? s.getTag() : ((CollectionStartEvent) e).getTag();
        if (tag.isPresent()) {
            String shown = tag.get().startsWith("tag:yaml.org,2002:") ? "!!" + tag.get().substring(18) : tag.get();
            refuse(Code.YAML_TAG, at, "YAML tags (" + shown + ") are not allowed",
                    "leave the tag out; quote a value to keep it text (\"0123\", \"true\")");
        }
    }

    private Node.Scalar scalar(ScalarEvent s, SourcePosition at) {
        if (s.getScalarStyle() == ScalarStyle.PLAIN) {
            Node.Scalar v = CoreScalars.node(s.getValue(), at);
            if (v == null) {
                refuse(Code.NUMBER_RANGE, at, "the integer " + s.getValue() + " is out of range (the limit is 9223372036854775807)",
                        "quote it to keep it as text: \"" + s.getValue() + "\"");
            }
            return v;
        }
        boolean quoted = s.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED || s.getScalarStyle() == ScalarStyle.SINGLE_QUOTED;
        // a quoted scalar's position is moved past the quote, so offsets into its text map to columns
        return new Node.Scalar(s.getValue(), quoted ? new SourcePosition(file, at.line(), at.column() + 1) : at);
    }

    /** A mark's index counts code points; the text's index counts chars. */
    private int charIndex(Mark m) {
        if (surrogates == null) surrogates = text.codePoints().count() != text.length();
        if (!surrogates) return Math.min(m.getIndex(), text.length());
        return text.offsetByCodePoints(0, Math.min(m.getIndex(), text.codePointCount(0, text.length())));
    }

    private Node.Mapping mapping(SourcePosition at, int depth, int indent) {
        LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
        LinkedHashMap<String, SourcePosition> keys = new LinkedHashMap<>();
        Event e;
        while ((e = next()).getEventId() != Event.ID.MappingEnd) {
            SourcePosition keyPos = pos(e.getStartMark());
            if (!(e instanceof ScalarEvent)) {
                refuse(Code.YAML_SYNTAX, keyPos, "a key must be a plain value, not " + (e instanceof AliasEvent ? "an alias"
                        : e.getEventId() == Event.ID.MappingStart ? "a mapping" : "a list"), "write keys as plain names: 'name: value'");
            }
            refuseDecorations(e, keyPos);
            String key = ((ScalarEvent) e).getValue();
            Node v = value(next(), depth + 1, indent);
            SourcePosition first = keys.get(key);
            if (first != null) {
                diagnostics.add(Diagnostic.of(Code.DUPLICATE_KEY, keyPos, "duplicate key '" + key + "' (first at line " + first.line() + ")",
                        "remove one of them; YAML would silently keep only one"));
                continue;
            }
            entries.put(key, v);
            keys.put(key, keyPos);
        }
        last = e;
        return Node.Mapping.adopt(entries, keys, at);
    }

    private Node.Sequence sequence(SourcePosition at, int depth, int indent) {
        List<Node> items = new ArrayList<>();
        Event e;
        while ((e = next()).getEventId() != Event.ID.SequenceEnd) items.add(value(e, depth + 1, indent));
        last = e;
        return new Node.Sequence(items, at);
    }

    private Result syntax(MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
        SourcePosition at = pos(mark);
        String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
        if (problem.contains("exceed") && problem.contains("limit")) {
            return fail(Code.TOO_LARGE, at, "the document exceeds a safety limit: " + problem, null);
        }
        String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
        return fail(Code.YAML_SYNTAX, at, "YAML syntax: " + problem + context, syntaxHint(problem));
    }

    private static String syntaxHint(String problem) {
        if (problem.contains("mapping values are not allowed")) return "quote values that contain ': '";
        if (problem.contains("found character '\\t'") || problem.contains("found character '\t'")) return "indent with spaces, not tabs";
        if (problem.contains("could not find expected ':'")) return "a key needs ': ' after it; check the indentation";
        if (problem.contains("expected <block end>")) return "check the indentation of this line and the one before";
        return null;
    }

    private Result fail(Code code, SourcePosition at, String message, String hint) {
        diagnostics.add(Diagnostic.of(code, at, message, hint));
        return new Result(Optional.empty(), diagnostics);
    }

    private void refuse(Code code, SourcePosition at, String message, String hint) {
        diagnostics.add(Diagnostic.of(code, at, message, hint));
        throw new Abort();
    }

    private SourcePosition position(int index) {
        int lineStart = text.lastIndexOf('\n', index - 1) + 1;
        int line = 1;
        for (int k = text.indexOf('\n'); k >= 0 && k < lineStart; k = text.indexOf('\n', k + 1)) line++;
        return new SourcePosition(file, line, text.codePointCount(lineStart, index) + 1);
    }

    private SourcePosition pos(Optional<Mark> mark) {
        if (mark.isEmpty()) return new SourcePosition(file, 1, 1);
        return new SourcePosition(file, mark.get().getLine() + 1, mark.get().getColumn() + 1);
    }

    /** Stops reading after a diagnostic that makes the rest of the document untrustworthy. */
    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort() {
            super(null, null, false, false);
        }
    }
}
