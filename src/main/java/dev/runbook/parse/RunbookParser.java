package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** YAML file or text → {@link ParseResult}: safe reading ({@link YamlReader}), then binding to the model. */
public final class RunbookParser {
    private RunbookParser() {}

    /** The most bytes a runbook may have (its characters are limited again, to {@link YamlReader#MAX_CHARS}). */
    public static final long MAX_BYTES = YamlReader.MAX_CHARS * 4L;

    /** Reads a file; positions carry {@code path} as given (relative paths stay relative for readable messages). */
    public static ParseResult parse(Path path) {
        String name = path.toString();
        SourcePosition top = new SourcePosition(name, 1, 1);
        byte[] bytes;
        try {
            bytes = InputFiles.read(path, MAX_BYTES, "a runbook");
        } catch (InputFiles.Unreadable e) {
            return failed(e.tooLarge() ? Diagnostic.of(Code.TOO_LARGE, top, e.reason(), "split it into several runbooks")
                    : Diagnostic.of(Code.UNREADABLE, top, e.reason(), null));
        }
        return parse(name, bytes);
    }

    /** The bytes of a runbook file already read (through {@link InputFiles}); strict UTF-8. */
    public static ParseResult parse(String name, byte[] bytes) {
        CharBuffer text;
        try {
            text = decode(bytes);
        } catch (CharacterCodingException e) {
            return failed(Diagnostic.of(Code.UNREADABLE, new SourcePosition(name, 1, 1), "the file is not UTF-8 text", "save it as UTF-8"));
        }
        return bind(name, YamlReader.read(name, text.array(), text.position()), CharBuffer.wrap(text.array(), 0, text.position()));
    }

    /**
     * Strict UTF-8 (malformed input is an error, not a replacement character) straight into a char array,
     * without a byte order mark; the text is {@code array()[0, position())}.
     */
    public static CharBuffer decode(byte[] bytes) throws CharacterCodingException {
        char[] chars = new char[bytes.length];
        int k = 0;
        // ASCII, the common case, without the decoder
        while (k < bytes.length && bytes[k] >= 0) {
            chars[k] = (char) bytes[k];
            k++;
        }
        CharBuffer out = CharBuffer.wrap(chars);
        if (k == bytes.length) {
            out.position(k);
        } else {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            out.position(k);
            CoderResult r = decoder.decode(ByteBuffer.wrap(bytes, k, bytes.length - k), out, true);
            if (r.isError()) r.throwException();
            r = decoder.flush(out);
            if (r.isError()) r.throwException();
        }
        if (out.position() > 0 && chars[0] == '\uFEFF') {
            System.arraycopy(chars, 1, chars, 0, out.position() - 1);
            out.position(out.position() - 1);
        }
        return out;
    }

    public static ParseResult parse(String file, String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        return bind(file, YamlReader.read(file, text), text);
    }

    private static final java.util.regex.Pattern RUNBOOK_KEY = java.util.regex.Pattern.compile("(?m)^runbook[ \t]*:");

    /**
     * Diagnostics quote the file (unknown field names, values). Only for a file that looks like a runbook: one with a
     * {@code runbook:} key at the top. Anything else ({@code exec /etc/shadow}) gets one message that quotes nothing.
     */
    private static ParseResult bind(String file, YamlReader.Result yaml, CharSequence text) {
        List<Diagnostic> all = new ArrayList<>(yaml.diagnostics());
        if (yaml.root().isEmpty()) {
            if (all.isEmpty() || RUNBOOK_KEY.matcher(text).find()) return new ParseResult(Optional.empty(), all);
            Diagnostic first = all.get(0);
            if (first.code().equals(Code.EMPTY_FILE.id())) return new ParseResult(Optional.empty(), all);
            return failed(new Diagnostic(first.file(), first.line(), first.col(), first.severity(), first.code(),
                    "this is not a runbook: it is not valid YAML here, and has no 'runbook:' line (its content is not shown)",
                    "a runbook is a YAML file that starts with 'runbook: <id>'"));
        }
        Node root = yaml.root().get();
        if (!(root instanceof Node.Mapping m && m.entries().containsKey("runbook"))) {
            return failed(Diagnostic.of(Code.MISSING_FIELD, new SourcePosition(file, 1, 1),
                    "this does not look like a runbook: it has no 'runbook:' field at the top (its content is not shown)",
                    "a runbook is a YAML file that starts with 'runbook: <id>'"));
        }
        RunbookBinder.Bound bound = RunbookBinder.bind(root, file);
        all.addAll(bound.diagnostics());
        return new ParseResult(bound.runbook(), all);
    }

    private static ParseResult failed(Diagnostic d) {
        return new ParseResult(Optional.empty(), List.of(d));
    }
}
