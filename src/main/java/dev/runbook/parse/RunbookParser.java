package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.model.Node;
import dev.runbook.model.SourcePosition;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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
            byte[] bytes = Files.readAllBytes(path);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
            return parse(name, text);
        } catch (NoSuchFileException e) {
            return failed(Diagnostic.of(Code.UNREADABLE, top, "no such file", null));
        } catch (CharacterCodingException e) {
            return failed(Diagnostic.of(Code.UNREADABLE, top, "the file is not UTF-8 text", "save it as UTF-8"));
        } catch (IOException e) {
            return failed(Diagnostic.of(Code.UNREADABLE, top, "cannot read the file: " + e.getMessage(), null));
        }
    }

    public static ParseResult parse(String file, String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        YamlReader.Result yaml = YamlReader.read(file, text);
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
