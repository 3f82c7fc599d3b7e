package dev.runbook.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import dev.runbook.parse.YamlReader.Result;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The full YAML path behind {@link YamlReader}: reads one document into a positioned {@link Node} tree with
 * Jackson's streaming parser (SnakeYAML underneath). {@link FastYaml} handles the common subset first; this
 * class reads everything else and reports every syntax error.
 * Hostile input is refused early: documents over {@link #MAX_CHARS}, nesting over {@link #MAX_DEPTH},
 * anchors and aliases (Jackson would not expand them, and expansion is how "billion laughs" works),
 * duplicate keys and further documents in the same file.
 */
final class JacksonYaml {
    private static final int MAX_CHARS = YamlReader.MAX_CHARS;
    private static final int MAX_DEPTH = YamlReader.MAX_DEPTH;
    private static final YAMLFactory FACTORY = buildFactory();

    private final String file;
    private final String text;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int[] lineStarts;

    private JacksonYaml(String file, String text) {
        this.file = file;
        this.text = text;
    }

    static Result read(String file, String text) {
        return new JacksonYaml(file, text).run();
    }

    private static YAMLFactory buildFactory() {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_CHARS + 1);
        loader.setNestingDepthLimit(MAX_DEPTH + 1);
        return YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(MAX_CHARS + 1L)
                        .maxNestingDepth(MAX_DEPTH + 1)
                        .build())
                // YAML 1.2 booleans only: "no", "on", "y" stay strings (the "Norway problem")
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
    }

    private Result run() {
        if (text.length() > MAX_CHARS) {
            return fail(Code.TOO_LARGE, new SourcePosition(file, 1, 1),
                    "file is " + text.length() + " characters; the limit is " + MAX_CHARS,
                    "split it into several runbooks");
        }
        try (YAMLParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return fail(Code.EMPTY_FILE, new SourcePosition(file, 1, 1), "the file holds no YAML document",
                        "start with 'runbook: <id>' or run 'runbook new <id>'");
            }
            Node root = readValue(p, 1);
            if (root == null) return new Result(Optional.empty(), diagnostics);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                diagnostics.add(Diagnostic.of(Code.MULTIPLE_DOCUMENTS, pos(p.currentTokenLocation()),
                        "the file holds more than one YAML document", "keep one runbook per file; remove the '---' separator"));
                return new Result(Optional.empty(), diagnostics);
            }
            if (root instanceof Node.Scalar s && s.value() == null) {
                return fail(Code.EMPTY_FILE, root.pos(), "the document is empty", "start with 'runbook: <id>'");
            }
            return new Result(Optional.of(root), diagnostics);
        } catch (Abort a) {
            return new Result(Optional.empty(), diagnostics);
        } catch (StreamConstraintsException e) {
            return fail(Code.TOO_LARGE, pos(e.getLocation()), "the document exceeds a safety limit: " + e.getOriginalMessage(),
                    "runbooks are small; nesting deeper than " + MAX_DEPTH + " levels is not supported");
        } catch (JsonProcessingException e) {
            return syntax(e);
        } catch (IOException e) {
            return fail(Code.UNREADABLE, new SourcePosition(file, 1, 1), "cannot read YAML: " + e.getMessage(), null);
        }
    }

    private Result syntax(JsonProcessingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException m) {
            Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
            SourcePosition at = mark == null ? pos(e.getLocation()) : new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
            String problem = m.getProblem() == null ? m.getMessage() : m.getProblem();
            if (problem.contains("exceed") && problem.contains("limit")) {
                return fail(Code.TOO_LARGE, at, "the document exceeds a safety limit: " + problem, null);
            }
            String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
            return fail(Code.YAML_SYNTAX, at, "YAML syntax: " + problem + context, syntaxHint(problem));
        }
        String msg = e.getOriginalMessage();
        if (msg != null && msg.contains("exceed")) {
            return fail(Code.TOO_LARGE, pos(e.getLocation()), "the document exceeds a safety limit: " + msg, null);
        }
        return fail(Code.YAML_SYNTAX, pos(e.getLocation()), "YAML syntax: " + msg, null);
    }

    private static String syntaxHint(String problem) {
        if (problem.contains("mapping values are not allowed")) return "quote values that contain ': '";
        if (problem.contains("found character '\\t'")) return "indent with spaces, not tabs";
        if (problem.contains("could not find expected ':'")) return "a key needs ': ' after it; check the indentation";
        if (problem.contains("expected <block end>")) return "check the indentation of this line and the one before";
        return null;
    }

    private Result fail(Code code, SourcePosition at, String message, String hint) {
        diagnostics.add(Diagnostic.of(code, at, message, hint));
        return new Result(Optional.empty(), diagnostics);
    }

    /** Reads the value starting at the current token. */
    private Node readValue(YAMLParser p, int depth) throws IOException {
        refuseAnchors(p);
        JsonToken t = p.currentToken();
        SourcePosition at = pos(p.currentTokenLocation());
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            if (depth > MAX_DEPTH) {
                diagnostics.add(Diagnostic.of(Code.TOO_LARGE, at, "nesting deeper than " + MAX_DEPTH + " levels",
                        "runbooks are shallow documents; flatten this structure"));
                throw new Abort();
            }
            return t == JsonToken.START_OBJECT ? readMapping(p, at, depth) : readSequence(p, at, depth);
        }
        return new Node.Scalar(scalar(p, t), scalarPos(at));
    }

    private Node.Mapping readMapping(YAMLParser p, SourcePosition at, int depth) throws IOException {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, SourcePosition> keys = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            refuseAnchors(p);
            String key = p.currentName();
            SourcePosition keyPos = pos(p.currentTokenLocation());
            p.nextToken();
            Node value = readValue(p, depth + 1);
            if (entries.containsKey(key)) {
                diagnostics.add(Diagnostic.of(Code.DUPLICATE_KEY, keyPos,
                        "duplicate key '" + key + "' (first at line " + keys.get(key).line() + ")",
                        "remove one of them; YAML would silently keep only one"));
                continue;
            }
            entries.put(key, value);
            keys.put(key, keyPos);
        }
        if (t != JsonToken.END_OBJECT) throw new IOException("unexpected token " + t + " in a mapping");
        return new Node.Mapping(entries, keys, at);
    }

    private Node.Sequence readSequence(YAMLParser p, SourcePosition at, int depth) throws IOException {
        List<Node> items = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new IOException("unexpected end of input in a list");
            items.add(readValue(p, depth + 1));
        }
        return new Node.Sequence(items, at);
    }

    private void refuseAnchors(YAMLParser p) throws IOException {
        // getObjectId() is the anchor of the current node (getCurrentAnchor() is deprecated)
        String anchor = p.getObjectId();
        if (p.isCurrentAlias() || anchor != null) {
            boolean alias = p.isCurrentAlias();
            diagnostics.add(Diagnostic.of(Code.ANCHOR_ALIAS, pos(p.currentTokenLocation()),
                    alias ? "YAML aliases (*name) are not allowed" : "YAML anchors (&" + anchor + ") are not allowed",
                    "write the value out in full; anchors make runbooks hard to read and can expand without bound"));
            throw new Abort();
        }
    }

    private static Object scalar(YAMLParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> {
                Number n = p.getNumberValue();
                if (n instanceof BigInteger b) yield b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
                yield n.longValue();
            }
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            default -> p.getText();
        };
    }

    private SourcePosition pos(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) return new SourcePosition(file, 1, 1);
        return new SourcePosition(file, loc.getLineNr(), Math.max(1, loc.getColumnNr()));
    }

    /** A quoted scalar's position is moved past the quote, so offsets into its text map to columns. */
    private SourcePosition scalarPos(SourcePosition at) {
        int idx = index(at);
        if (idx >= 0 && idx < text.length()) {
            char c = text.charAt(idx);
            if (c == '"' || c == '\'') return new SourcePosition(file, at.line(), at.column() + 1);
        }
        return at;
    }

    private int index(SourcePosition at) {
        if (lineStarts == null) {
            int lines = 1;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
            int[] starts = new int[lines];
            int n = 1;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
            lineStarts = starts;
        }
        if (at.line() < 1 || at.line() > lineStarts.length) return -1;
        return lineStarts[at.line() - 1] + at.column() - 1;
    }

    /** Stops reading after a diagnostic that makes the rest of the document untrustworthy. */
    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort() {
            super(null, null, false, false);
        }
    }
}
