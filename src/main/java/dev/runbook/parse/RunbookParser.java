package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** YAML file or text → {@link ParseResult}: safe reading ({@link YamlReader}), then binding to the model. */
public final class RunbookParser {
    private RunbookParser() {}

    /** Reads a file; positions carry {@code path} as given (relative paths stay relative for readable messages). */
    public static ParseResult parse(Path path) {
        String name = path.toString();
        SourcePosition top = new SourcePosition(name, 1, 1);
        try {
            long size = Files.size(path);
            // checked before reading, so a 50 MB file costs nothing
            if (size > YamlReader.MAX_CHARS * 4L) {
                return failed(Diagnostic.of(Code.TOO_LARGE, top, "file is " + size + " bytes; the limit is "
                        + YamlReader.MAX_CHARS + " characters", "split it into several runbooks"));
            }
            CharBuffer text = decode(Files.readAllBytes(path));
            return bind(name, YamlReader.read(name, text.array(), text.position()));
        } catch (NoSuchFileException e) {
            return failed(Diagnostic.of(Code.UNREADABLE, top, "no such file", null));
        } catch (CharacterCodingException e) {
            return failed(Diagnostic.of(Code.UNREADABLE, top, "the file is not UTF-8 text", "save it as UTF-8"));
        } catch (IOException e) {
            return failed(Diagnostic.of(Code.UNREADABLE, top, "cannot read the file: " + e.getMessage(), null));
        }
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
        return bind(file, YamlReader.read(file, text));
    }

    private static ParseResult bind(String file, YamlReader.Result yaml) {
        List<Diagnostic> all = new ArrayList<>(yaml.diagnostics());
        if (yaml.root().isEmpty()) return new ParseResult(Optional.empty(), all);
        Node root = yaml.root().get();
        RunbookBinder.Bound bound = RunbookBinder.bind(root, file);
        all.addAll(bound.diagnostics());
        return new ParseResult(bound.runbook(), all);
    }

    private static ParseResult failed(Diagnostic d) {
        return new ParseResult(Optional.empty(), List.of(d));
    }
}
